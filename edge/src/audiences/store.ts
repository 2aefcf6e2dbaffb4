/**
 * Audiences in D1, and the checks that need every audience of the sandbox: references to
 * audiences that exist, and no cycles.
 */
import { and, eq } from "drizzle-orm";
import { database, schema } from "../db";
import { ApiError, notFound, type ErrorDetail } from "../http/errors";
import type { AudienceConfig } from "../config/snapshot";
import { compileAudiences, type CompiledAudience } from "./membership";
import { orderByReferences, readsOf } from "./reads";
import type { Rule } from "./rule";
import { validateRule } from "./validate";

const { audiences } = schema;

export type AudienceRow = typeof audiences.$inferSelect;

export const listAudiences = (env: Env, sandbox: string) =>
  database(env.DB).select().from(audiences).where(eq(audiences.sandboxId, sandbox)).orderBy(audiences.id);

/** One audience of the sandbox, or a 404. */
export async function findAudience(env: Env, sandbox: string, id: string): Promise<AudienceRow> {
  const row = await database(env.DB).select().from(audiences).where(and(eq(audiences.sandboxId, sandbox), eq(audiences.id, id))).get();
  if (!row) throw notFound(`Audience "${id}"`);
  return row;
}

/** The sandbox's saved audiences, compiled, each after those it refers to. */
export async function compiledAudiences(env: Env, sandbox: string, extra?: AudienceConfig): Promise<CompiledAudience[]> {
  return compileAudiences(audienceConfigs(await listAudiences(env, sandbox), extra));
}

/**
 * Saved audiences as the snapshot and batch runs take them: list audiences by their list's
 * version, each audience after those it refers to. `extra` (a draft) replaces its namesake.
 */
export function audienceConfigs(rows: Pick<AudienceRow, "id" | "rule" | "kind" | "listVersion">[], extra?: AudienceConfig): AudienceConfig[] {
  const configs: AudienceConfig[] = rows
    .filter((a) => a.id !== extra?.id)
    .map((a) => (a.kind === "list" ? { id: a.id, rule: {}, list: a.listVersion ?? 0 } : { id: a.id, rule: a.rule }));
  if (extra) configs.push(extra);
  const order = orderByReferences(configs.map((a) => ({ id: a.id, reads: readsOf(a.rule as Rule).audiences })));
  if (!("order" in order)) throw new ApiError(409, "conflict", "The sandbox's audiences refer to each other in a cycle or to a missing audience; fix them first");
  const rank = new Map(order.order.map((id, i) => [id, i]));
  return configs.sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
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
