// The server's messages about a rule, placed beside the builder's node they concern: the node
// whose place in the rule is the longest start of the message's path.
import type { FieldIssue } from "../../lib/api-error";

/** `rule.$and.1.profile.email.$regex` → `$and.1.profile.email.$regex`; null when not about the rule. */
export function pathInRule(path: string, prefix = "rule"): string | null {
  if (path === prefix) return "";
  return path.startsWith(`${prefix}.`) ? path.slice(prefix.length + 1) : null;
}

const within = (path: string, place: string) => place === "" || path === place || path.startsWith(`${place}.`);

/** Node key → the messages about it; `locations` are from treeToRule. */
export function placeIssues(issues: readonly FieldIssue[], locations: ReadonlyMap<number, string>): Map<number, string[]> {
  const placed = new Map<number, string[]>();
  for (const issue of issues) {
    let best: { key: number; length: number } | null = null;
    for (const [key, place] of locations) {
      if (within(issue.path, place) && (!best || place.length > best.length)) best = { key, length: place.length };
    }
    if (best) placed.set(best.key, [...(placed.get(best.key) ?? []), issue.message]);
  }
  return placed;
}
