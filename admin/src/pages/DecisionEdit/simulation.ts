// The simulator's answer, shaped for reading: per placement, what it would show (in words), how
// each criterion went, and one row per candidate in the order the criteria looked at them.
import type { SimulatedOffer, SimulatedPlacement } from "../../lib/types";

export type SimRow = SimulatedOffer & { scoreText: string; rankText: string };

/** Scores as numbers people read: at most three decimals; none for priority rankings. */
export function formatScore(score: number | null | undefined): string {
  if (score === undefined) return "—";
  if (score === null || !Number.isFinite(score)) return "none (ranks last)";
  return String(Math.round(score * 1000) / 1000);
}

/**
 * Rows by criterion, then chosen ones first, then by rank, ineligible ones (no rank) last, by
 * name: the order the edge filled the placement.
 */
export function simRows(p: SimulatedPlacement): SimRow[] {
  return [...p.offers]
    .sort(
      (a, b) =>
        a.criterion - b.criterion || Number(b.chosen) - Number(a.chosen) || (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.name.localeCompare(b.name),
    )
    .map((o) => ({ ...o, scoreText: formatScore(o.score), rankText: o.rank === undefined ? "—" : String(o.rank) }));
}

const list = (names: string[]) => (names.length <= 2 ? names.join(" and ") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`);

/** "Shows Spring sale", "Shows A, B and C, in that order", "Falls back to Welcome", or why nothing. */
export function outcome(p: SimulatedPlacement, nameOf: (id: string) => string): { kind: "items" | "fallback" | "nothing"; text: string } {
  if (p.fallback) return { kind: "fallback", text: `Falls back to ${nameOf(p.fallback)}: no criterion chose an offer.` };
  if (!p.items.length) return { kind: "nothing", text: "Shows nothing: no offer qualified, and the placement has no fallback. The page keeps its default content." };
  const names = p.items.map(nameOf);
  return { kind: "items", text: `Shows ${list(names)}${names.length > 1 ? ", in that order" : ""}.` };
}

/** A criterion's line: "Criterion 1 (Seasonal): 3 candidates, 1 chosen" or why it was skipped. */
export function criterionLine(c: SimulatedPlacement["criteria"][number], p: SimulatedPlacement, collectionName: (id: string) => string): string {
  const head = `Criterion ${c.index + 1} (${collectionName(c.collection)})`;
  const candidates = `${c.candidates} ${c.candidates === 1 ? "candidate" : "candidates"}`;
  if (!c.qualified) return `${head}: skipped. ${c.reason ?? "The profile is not one this criterion is for"}.`;
  const chosen = p.offers.filter((o) => o.criterion === c.index && o.chosen).length;
  return `${head}: ${candidates}, ${chosen} chosen${c.reason ? `. ${c.reason}` : ""}.`;
}
