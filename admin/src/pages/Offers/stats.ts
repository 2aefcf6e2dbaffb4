// The offers list's counters: decisions, displays, clicks and click-through rate per offer, from
// the stats endpoint. An offer never counted has no row there and shows dashes.
import { formatCount } from "../../lib/format";
import type { OfferStats } from "../../lib/types";

export type StatCells = { decisions: string; displays: string; clicks: string; ctr: string };

const NONE: StatCells = { decisions: "—", displays: "—", clicks: "—", ctr: "—" };

/** A rate as a percentage with one decimal ("12.3%"); a dash without displays. */
export function formatCtr(ctr: number | null | undefined): string {
  if (ctr === null || ctr === undefined || !Number.isFinite(ctr)) return "—";
  return `${(Math.round(ctr * 1000) / 10).toFixed(1)}%`;
}

export function statCells(stats: OfferStats | undefined): StatCells {
  if (!stats) return NONE;
  return { decisions: formatCount(stats.decisions), displays: formatCount(stats.displays), clicks: formatCount(stats.clicks), ctr: formatCtr(stats.ctr) };
}

export function statsById(items: readonly OfferStats[]): Map<string, OfferStats> {
  return new Map(items.map((s) => [s.offerId, s]));
}
