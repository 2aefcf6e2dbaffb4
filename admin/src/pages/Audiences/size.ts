// What the list says about an audience's size: the latest count, "edge only" for rules reading
// the request (never counted in batch), or a dash before the first count.
import { formatCount } from "../../lib/format";
import type { AudienceSummary, Rule } from "../../lib/types";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Whether a rule reads `context.*` anywhere but inside an `$event`'s payload condition. */
export function readsContext(rule: Rule): boolean {
  return Object.entries(rule).some(([key, value]) => {
    if (key === "$and" || key === "$or" || key === "$nor") return Array.isArray(value) && value.some((v) => isObject(v) && readsContext(v));
    return key === "context" || key.startsWith("context.");
  });
}

export type SizeLabel = { text: string; title: string };

export function sizeLabel(a: Pick<AudienceSummary, "size" | "rule" | "kind">): SizeLabel {
  if (a.size !== null) return { text: formatCount(a.size), title: "Members at the latest count" };
  if (a.kind !== "list" && readsContext(a.rule)) return { text: "edge only", title: "The rule reads the request's context, so only the edge can tell who is in it" };
  return { text: "—", title: "Not counted yet" };
}
