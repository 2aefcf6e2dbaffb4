/** Relative durations in rules: `30s`, `15m`, `12h`, `7d`, `2w`. */

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** Events older than the profile keeps (90 days) cannot be counted, so no window may be longer. */
export const MAX_WINDOW_MS = 90 * 86_400_000;

/** Milliseconds, or null when the text is not a duration. */
export function parseDuration(text: unknown): number | null {
  if (typeof text !== "string") return null;
  const m = /^(\d{1,6})([smhdw])$/.exec(text.trim());
  return m ? Number(m[1]) * UNITS[m[2]] : null;
}
