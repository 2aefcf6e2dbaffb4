// Display helpers shared by the pages: dates in the viewer's locale, summaries as one line.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** Epoch milliseconds or ISO text as local date and time; a dash for nothing. */
export function formatDateTime(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : dateTime.format(date);
}

const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: "medium" });

/** Just the local time, for things that happened moments ago. */
export function formatTime(value: number): string {
  return timeOnly.format(new Date(value));
}

/** `{ offers: 3, placements: 1 }` as "offers 3 · placements 1" (keys are the edge's, so no plurals guessed). */
export function formatSummary(summary: Record<string, number> | null | undefined): string {
  const entries = Object.entries(summary ?? {});
  return entries.length ? entries.map(([key, n]) => `${key} ${n}`).join(" · ") : "—";
}

const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** A count in the viewer's locale ("12,400"). */
export function formatCount(n: number): string {
  return whole.format(n);
}

/** A moment as the browser's local date-time picker (`datetime-local`) shows it: `2026-12-24T09:00`. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString().slice(0, 16);
}

/** The moment a `datetime-local` value names in the viewer's time zone; NaN when empty or not one. */
export function fromLocalInput(text: string): number {
  return text ? new Date(text).getTime() : Number.NaN;
}

const utcDay = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });

/** A UTC day (`2026-05-04`) as a short date in the viewer's locale ("May 4"); the text itself when it is not one. */
export function formatUtcDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : utcDay.format(date);
}
