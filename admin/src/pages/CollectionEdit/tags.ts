// A collection's tags as chips, and the offers they select, worked out here as the edge does
// (edge/src/decisioning/collections.ts) so the list follows each change before it is saved.
import type { Offer } from "../../lib/types";

export type Match = "any" | "all";

/** Adds what was typed (commas separate several tags), trimmed, each tag once, in order. */
export function addTags(tags: readonly string[], typed: string): string[] {
  const out = [...tags];
  for (const t of typed.split(",").map((s) => s.trim())) if (t && !out.includes(t)) out.push(t);
  return out;
}

export function removeTag(tags: readonly string[], tag: string): string[] {
  return tags.filter((t) => t !== tag);
}

/** Whether an offer's tags meet the collection's: any of them, or all of them. */
export function matches(match: Match, tags: readonly string[], offerTags: readonly string[]): boolean {
  if (!tags.length) return false;
  return match === "all" ? tags.every((t) => offerTags.includes(t)) : tags.some((t) => offerTags.includes(t));
}

/**
 * The offers the tags select now, approved first, then by priority: fallback offers are never
 * in a collection (a decision names its fallback itself).
 */
export function selectedOffers(offers: readonly Offer[], match: Match, tags: readonly string[]): Offer[] {
  const order = { approved: 0, draft: 1, archived: 2 } as const;
  return offers
    .filter((o) => !o.fallback && matches(match, tags, o.tags))
    .sort((a, b) => order[a.status] - order[b.status] || b.priority - a.priority || a.name.localeCompare(b.name));
}

/** Tags in use on offers that the collection does not have yet, for suggestions. */
export function tagSuggestions(offers: readonly Offer[], tags: readonly string[]): string[] {
  return [...new Set(offers.flatMap((o) => o.tags))].filter((t) => !tags.includes(t)).sort((a, b) => a.localeCompare(b));
}

/** "2 offers, 1 of them approved" — only approved ones reach a decision once published. */
export function selectionSummary(selected: readonly Offer[]): string {
  if (!selected.length) return "These tags select no offer now.";
  const approved = selected.filter((o) => o.status === "approved").length;
  const n = selected.length;
  const offers = `${n} ${n === 1 ? "offer" : "offers"}`;
  if (approved === n) return `These tags select ${offers} now, ${n === 1 ? "approved" : "all approved"}.`;
  return `These tags select ${offers} now, ${approved} of them approved: only approved offers are published.`;
}
