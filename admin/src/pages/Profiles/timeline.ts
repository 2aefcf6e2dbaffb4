// The events timeline of a profile: newest first, one group per calendar day in the viewer's
// time zone (or the one given, so tests do not depend on the machine's).

export type DayGroup<E> = { key: string; label: string; events: E[] };
type Options = { timeZone?: string; locale?: string; now?: number };

const UNKNOWN = "unknown";

/** YYYY-MM-DD of an instant in a time zone. */
function dayKeys(timeZone?: string): (ms: number) => string {
  const format = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  return (ms) => {
    const parts = format.formatToParts(ms);
    const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
    return `${part("year")}-${part("month")}-${part("day")}`;
  };
}

/** The calendar day before `key` (YYYY-MM-DD); plain date arithmetic, so no time zone or DST enters. */
function dayBefore(key: string): string {
  const date = new Date(`${key}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

function labeller(today: string, locale?: string): (key: string) => string {
  const yesterday = dayBefore(today);
  // The key is a calendar date already: format it in UTC so no zone moves it to another day.
  const long = new Intl.DateTimeFormat(locale, { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric" });
  return (key) => {
    if (key === UNKNOWN) return "Unknown date";
    if (key === today) return "Today";
    if (key === yesterday) return "Yesterday";
    const noon = new Date(`${key}T12:00:00Z`);
    // Years past 9999 make no ISO date; the key still says which day it is.
    return Number.isNaN(noon.getTime()) ? key : long.format(noon);
  };
}

/** Events grouped by day, newest day first and newest event first; events without a time go last. */
export function groupByDay<E extends { at: number | null }>(events: readonly E[], opts: Options = {}): DayGroup<E>[] {
  const time = (e: E) => e.at ?? Number.NEGATIVE_INFINITY;
  const sorted = [...events].sort((a, b) => (a.at === b.at ? 0 : time(b) - time(a)));
  const dayKey = dayKeys(opts.timeZone);
  const labelOf = labeller(dayKey(opts.now ?? Date.now()), opts.locale);
  const groups: DayGroup<E>[] = [];
  for (const e of sorted) {
    const key = e.at === null ? UNKNOWN : dayKey(e.at);
    const last = groups.at(-1);
    if (last?.key === key) last.events.push(e);
    else groups.push({ key, label: labelOf(key), events: [e] });
  }
  return groups;
}

/** Each event type with how many of the given events have it, most frequent first. */
export function typeCounts(events: readonly { type: string }[]): { type: string; n: number }[] {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
  return [...counts].map(([type, n]) => ({ type, n })).sort((a, b) => b.n - a.n || a.type.localeCompare(b.type));
}
