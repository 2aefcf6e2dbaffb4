// The delivery log in figures, shaped for a small chart: one entry per UTC day of the period the
// summary covers (days without messages included, as zeros), the statuses summed over channels,
// and the bars of a stacked chart in an SVG box (sent at the bottom, then failed, blocked, queued).
import type { DeliverySummary } from "./types";

export const STACKED = ["sent", "failed", "blocked", "queued"] as const;
export type StackedStatus = (typeof STACKED)[number];

export type DayFigures = { day: string; total: number; opened: number; clicked: number } & Record<StackedStatus, number>;

const DAY_MS = 86_400_000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Every UTC day from the one `since` falls in to the one the summary was made in (`since` plus
 * `days`), oldest first: the first is a part of a day, so there is usually one more than `days`.
 * Rows of a status the chart does not know, or of a day outside the period, are left out.
 */
export function dailyFigures(summary: Pick<DeliverySummary, "since" | "days" | "rows">): DayFigures[] {
  const first = Date.parse(`${utcDay(summary.since)}T00:00:00Z`);
  const last = utcDay(summary.since + summary.days * DAY_MS);
  const out: DayFigures[] = [];
  const byDay = new Map<string, DayFigures>();
  for (let t = first; utcDay(t) <= last; t += DAY_MS) {
    const day: DayFigures = { day: utcDay(t), total: 0, opened: 0, clicked: 0, sent: 0, failed: 0, blocked: 0, queued: 0 };
    out.push(day);
    byDay.set(day.day, day);
  }
  for (const row of summary.rows) {
    const day = byDay.get(row.day);
    if (!day || !(STACKED as readonly string[]).includes(row.status)) continue;
    day[row.status as StackedStatus] += row.n;
    day.total += row.n;
    day.opened += row.opened;
    day.clicked += row.clicked;
  }
  return out;
}

/** Messages per channel over the period, most first (then by name). */
export function channelCounts(rows: DeliverySummary["rows"]): { channel: string; n: number }[] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.channel, (counts.get(r.channel) ?? 0) + r.n);
  return [...counts].map(([channel, n]) => ({ channel, n })).sort((a, b) => b.n - a.n || a.channel.localeCompare(b.channel));
}

export type Segment = { status: StackedStatus; y: number; height: number };
export type Bar = { day: string; x: number; width: number; total: number; segments: Segment[] };
export type StackBox = { width: number; height: number; gap?: number };

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The bars of a stacked chart in a box: one per day, side by side, the busiest day as tall as the
 * box. Each bar's segments go upwards from the bottom in the order of STACKED, and only statuses
 * with messages have one. A day without messages has no segments.
 */
export function stackBars(days: readonly DayFigures[], { width, height, gap = 2 }: StackBox): { max: number; bars: Bar[] } {
  const max = Math.max(0, ...days.map((d) => d.total));
  if (!days.length) return { max, bars: [] };
  const step = width / days.length;
  const barWidth = Math.max(1, step - gap);
  const bars = days.map((d, i) => {
    let top = height;
    const segments: Segment[] = [];
    for (const status of STACKED) {
      if (!d[status]) continue;
      const h = (d[status] / max) * height;
      top -= h;
      segments.push({ status, y: round(top), height: round(h) });
    }
    return { day: d.day, x: round(i * step + gap / 2), width: round(barWidth), total: d.total, segments };
  });
  return { max, bars };
}

/** A day's messages in words: "2026-05-04: 3 messages, 2 sent, 1 failed" ("no messages" for none). */
export function dayInWords(d: DayFigures, dayLabel: string = d.day): string {
  if (!d.total) return `${dayLabel}: no messages`;
  const parts = STACKED.filter((s) => d[s]).map((s) => `${d[s]} ${s}`);
  return `${dayLabel}: ${d.total} ${d.total === 1 ? "message" : "messages"}, ${parts.join(", ")}`;
}
