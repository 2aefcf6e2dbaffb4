// The decisions of one sandbox, by name.
import { createModel } from "@preact/signals";
import { listDecisions } from "../../lib/api";
import { listLoader } from "../../lib/list-loader";
import type { Decision, Ranking } from "../../lib/types";

const byName = (a: Decision, b: Decision) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

export const DecisionsModel = createModel(() => listLoader<Decision>(async (sb) => [...(await listDecisions(sb))].sort(byName)));

export function rankingWords(r: Ranking): string {
  return r.kind === "priority" ? "by priority" : r.kind === "formula" ? "by formula" : `automatic, ${Math.round(r.exploration * 1000) / 10}% exploring`;
}
