/**
 * Audiences in D1, and the checks that need every audience of the sandbox: references to
 * audiences that exist, and no cycles.
 */
import { eq } from "drizzle-orm";
import { database, schema } from "../db";
import { ApiError, type ErrorDetail } from "../http/errors";
import { compileAudiences, type CompiledAudience } from "./membership";
import { orderByReferences, readsOf } from "./reads";
import type { Rule } from "./rule";
import { validateRule } from "./validate";

const { audiences } = schema;

export type AudienceRow = typeof audiences.$inferSelect;

export const listAudiences = (env: Env, sandbox: string) =>
  database(env.DB).select().from(audiences).where(eq(audiences.sandboxId, sandbox)).orderBy(audiences.id);

/** The sandbox's saved audiences, compiled, each after those it refers to. */
export async function compiledAudiences(env: Env, sandbox: string, extra?: { id: string; rule: Rule }): Promise<CompiledAudience[]> {
  const rows: { id: string; rule: Rule; list?: number }[] = (await listAudiences(env, sandbox))
    .filter((a) => a.id !== extra?.id)
    .map((a) => (a.kind === "list" ? { id: a.id, rule: {}, list: a.listVersion ?? 0 } : { id: a.id, rule: a.rule as Rule }));
  if (extra) rows.push(extra);
  const order = orderByReferences(rows.map((a) => ({ id: a.id, reads: readsOf(a.rule).audiences })));
  if (!("order" in order)) throw new ApiError(409, "conflict", "The sandbox's audiences refer to each other in a cycle or to a missing audience");
  const rank = new Map(order.order.map((id, i) => [id, i]));
  return compileAudiences(rows.sort((a, b) => rank.get(a.id)! - rank.get(b.id)!));
}

/**
 * Throws a 400 naming the path when `rule` cannot be saved as audience `id` (or as an offer's
 * inline rule when `id` is null): invalid, referencing an unknown audience, or closing a cycle.
 */
export async function checkRule(env: Env, sandbox: string, id: string | null, rule: unknown, path = "rule"): Promise<Rule> {
  const errors = validateRule(rule, path);
  if (errors.length) throw new ApiError(400, "validation_failed", "The rule cannot be used", errors);
  const others = (await listAudiences(env, sandbox)).filter((a) => a.id !== id);
  const graph = [...others.map((a) => ({ id: a.id, reads: readsOf(a.rule as Rule).audiences })), { id: id ?? "(this rule)", reads: readsOf(rule as Rule).audiences }];
  const order = orderByReferences(graph);
  const fail = (detail: ErrorDetail) => new ApiError(400, "validation_failed", "The rule cannot be used", [detail]);
  if ("unknown" in order) throw fail({ path, message: `No audience "${order.unknown.ref}" in this sandbox` });
  if ("cycle" in order) throw fail({ path, message: `Audiences would refer to each other in a cycle: ${order.cycle.join(" → ")}` });
  return rule as Rule;
}
