/**
 * Capping rules: how often an offer may be decided, displayed, clicked (or followed by an event
 * of some type) before it stops being proposed. A rule counts per profile or across everyone,
 * over a calendar period (day, week, month; reset at midnight in UTC or a sandbox's time zone),
 * a rolling window, or a lifetime, across all placements or per placement.
 *
 * This module only answers "from when do we count?" and "is this offer capped, given counts?";
 * the profile's object keeps the per-profile counts (so they are exact), sharded counter objects
 * the global ones.
 */

import type { CapRule } from "../../../db/schema";

/** `counts` is `decision`, `display`, `click`, or an event type that names the offer. */
export type { CapRule };
export type CapPeriod = CapRule["period"];

export const MAX_CAPS_PER_OFFER = 10;

/** Whether the runtime knows a time zone by this name (`Europe/Paris`). */
export function validTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** Formatters per zone: building one costs far more than using it, so each zone gets one. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", weekday: "short" });
    if (formatters.size > 500) formatters.clear();
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock parts of an instant in a time zone (throws for a zone the runtime does not know). */
export function partsIn(ms: number, timeZone: string) {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { y: Number(parts.year), m: Number(parts.month), d: Number(parts.day), h: Number(parts.hour), min: Number(parts.minute), s: Number(parts.second), weekday: parts.weekday };
}

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
function offsetAt(ms: number, timeZone: string): number {
  const p = partsIn(ms, timeZone);
  const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant at which a wall-clock time happens in the zone (DST-safe to the hour). */
export function zonedInstant(y: number, m: number, d: number, h: number, min: number, timeZone: string): number {
  const guess = Date.UTC(y, m - 1, d, h, min);
  // Two passes: the offset at the guess, then at the corrected instant (DST changes at night).
  const first = guess - offsetAt(guess, timeZone);
  return guess - offsetAt(first, timeZone);
}

const zonedMidnight = (y: number, m: number, d: number, timeZone: string) => zonedInstant(y, m, d, 0, 0, timeZone);

/** Wall-clock date and time of an instant in a zone. */
export function wallClock(ms: number, timeZone: string): { y: number; m: number; d: number; h: number; min: number } {
  const { y, m, d, h, min } = partsIn(ms, timeZone);
  return { y, m, d, h, min };
}

const WEEKDAY_INDEX: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** When the current period started, for counting: weeks start on Monday (ISO 8601). */
export function periodStart(period: CapPeriod, now: number, sandboxTimeZone = "UTC"): number {
  if (period.kind === "lifetime") return -Infinity;
  if (period.kind === "rolling") return now - period.hours * 3_600_000;
  const zone = period.timeZone ?? sandboxTimeZone;
  const p = partsIn(now, zone);
  if (period.unit === "day") return zonedMidnight(p.y, p.m, p.d, zone);
  if (period.unit === "month") return zonedMidnight(p.y, p.m, 1, zone);
  const back = WEEKDAY_INDEX[p.weekday] ?? 0;
  const monday = new Date(Date.UTC(p.y, p.m - 1, p.d - back));
  return zonedMidnight(monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate(), zone);
}

/** Whether any rule is reached, given a way to count what a rule counts since a moment. */
export function cappedBy(rules: readonly CapRule[], count: (rule: CapRule, since: number) => number, now: number, timeZone = "UTC"): CapRule | null {
  for (const rule of rules) if (count(rule, periodStart(rule.period, now, timeZone)) >= rule.limit) return rule;
  return null;
}
