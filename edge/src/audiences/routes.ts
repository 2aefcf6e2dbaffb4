/**
 * Admin routes of audiences: CRUD per sandbox, and `POST /admin/api/audiences/evaluate`, which
 * tests a rule against a profile given in the request and says which clauses matched.
 */
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { database, schema } from "../db";
import { ApiError, notFound } from "../http/errors";
import { factory, isUniqueViolation, requireSandbox, sandboxParam, slug, slugify } from "../http/factory";
import { json, param, query } from "../http/validate";
import { readIdentityList } from "./list-upload";
import { replaceList } from "./lists";
import type { JsonObject } from "../profiles/events";
import { eventList } from "./evaluate";
import { explain } from "./explain";
import { readsOf } from "./reads";
import type { Rule } from "./rule";
import { estimate, membersPages, recordSizes, sizeHistory } from "./batch-store";
import { checkRule, compiledAudiences, findAudience, listAudiences } from "./store";
import { validateRule } from "./validate";
import { campaignsUsing } from "../campaigns/runs";

const { audiences, offers } = schema;
const audienceParam = sandboxParam.extend({ id: slug });

const jsonObject = z.record(z.string(), z.unknown());
const audienceFields = z.object({
  name: z.string().min(1, "Name is required").max(120),
  description: z.string().max(1000).nullish(),
  /** Required for rule audiences; list audiences take their members from an uploaded list. */
  rule: jsonObject.optional(),
});
const audienceCreate = audienceFields.extend({ id: slug.optional(), kind: z.enum(["rule", "list"]).default("rule") });

/** The rule to store: checked for a rule audience, empty for a list audience. */
async function ruleFor(env: Env, sb: string, id: string, kind: "rule" | "list", rule: Record<string, unknown> | undefined) {
  if (kind === "list") return {};
  if (!rule) throw new ApiError(400, "validation_failed", "The audience needs a rule", [{ path: "rule", message: "Give the rule, such as { \"profile.tier\": \"gold\" }" }]);
  return checkRule(env, sb, id, rule);
}

/** A CSV cell, quoted when it must be, and never read as a formula by a spreadsheet. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Who still refers to an audience: other audiences' rules and offers' eligibility. */
async function referrers(env: Env, sandbox: string, id: string): Promise<string[]> {
  const others = (await listAudiences(env, sandbox)).filter((a) => a.id !== id && readsOf(a.rule as Rule).audiences.has(id)).map((a) => `audience ${a.id}`);
  const usingOffers = await database(env.DB)
    .select({ id: offers.id, eligibility: offers.eligibility })
    .from(offers)
    .where(and(eq(offers.sandboxId, sandbox), sql`${offers.eligibility} IS NOT NULL`));
  const byOffer = usingOffers
    .filter((o) => o.eligibility && ("audience" in o.eligibility ? o.eligibility.audience === id : readsOf(o.eligibility.rule as Rule).audiences.has(id)))
    .map((o) => `offer ${o.id}`);
  const byCampaign = (await campaignsUsing(env, sandbox, "audienceId", id)).map((c) => `campaign ${c}`);
  return [...others, ...byOffer, ...byCampaign];
}

export const audienceRoutes = factory
  .createApp()
  .get("/", param(sandboxParam), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const items = await listAudiences(c.env, sb);
    const history = await sizeHistory(c.env, sb, items.map((a) => a.id));
    return c.json({
      items: items.map((a) => {
        const trend = history.get(a.id) ?? [];
        return { ...a, size: trend.at(-1)?.size ?? null, sizedAt: trend.at(-1)?.at ?? null, trend };
      }),
    });
  })
  // Counts every audience over every profile now (the scheduled run does the same every hour).
  .post("/run", param(sandboxParam), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const { profiles, sizes, at } = await recordSizes(c.env, sb, await compiledAudiences(c.env, sb));
    return c.json({ profiles, at, sizes: Object.fromEntries(sizes) });
  })
  // A live estimate for a rule being edited, from a sample of profiles.
  .post("/estimate", param(sandboxParam), json(z.object({ id: slug.optional(), rule: jsonObject })), async (c) => {
    const { sb } = c.req.valid("param");
    const { id, rule } = c.req.valid("json");
    await requireSandbox(c.env, sb);
    const target = { id: id ?? "(draft)", rule: await checkRule(c.env, sb, id ?? null, rule) };
    const all = await compiledAudiences(c.env, sb, target);
    const compiled = all.find((a) => a.id === target.id)!;
    if (compiled.reads.context) throw new ApiError(400, "validation_failed", "This rule reads the request's context, so only the edge can tell who is in it", [{ path: "rule", message: "Uses context.*" }]);
    return c.json(await estimate(c.env, sb, compiled, all));
  })
  // Replaces a list audience's identities: CSV (identity columns, as in imports) or NDJSON.
  .put("/:id/list", param(audienceParam), query(z.object({ format: z.enum(["csv", "ndjson"]).optional() })), async (c) => {
    const { sb, id } = c.req.valid("param");
    const existing = await findAudience(c.env, sb, id);
    if (existing.kind !== "list") throw new ApiError(409, "not_a_list", `Audience "${id}" is defined by a rule; only list audiences take an uploaded list`);
    const { identities, rejects, rows } = await readIdentityList(c, sb, c.req.valid("query").format);
    const saved = await replaceList(c.env, sb, id, identities);
    return c.json({ rows, identities: saved.identities, rejected: rejects.length, rejects: rejects.slice(0, 1000), listVersion: saved.version });
  })
  .get("/:id/members.csv", param(audienceParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const all = await compiledAudiences(c.env, sb);
    if (!all.some((a) => a.id === id)) throw notFound(`Audience "${id}"`);
    const encoder = new TextEncoder();
    const pages = membersPages(c.env, sb, all, id);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode("profileId,identities\r\n"));
      },
      async pull(controller) {
        const next = await pages.next();
        if (next.done) return controller.close();
        const lines = next.value.map((p) => `${csvCell(p.id)},${csvCell(p.identities.map((i) => `${i.namespace}:${i.value}`).join(" "))}\r\n`);
        controller.enqueue(encoder.encode(lines.join("")));
      },
    });
    return c.body(body, 200, { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${id}-members.csv"` });
  })
  .post("/", param(sandboxParam), json(audienceCreate), async (c) => {
    const { sb } = c.req.valid("param");
    const input = c.req.valid("json");
    await requireSandbox(c.env, sb);
    const id = input.id ?? slugify(input.name, "audience");
    const rule = await ruleFor(c.env, sb, id, input.kind, input.rule);
    try {
      const [audience] = await database(c.env.DB)
        .insert(audiences)
        .values({ sandboxId: sb, id, name: input.name, description: input.description ?? null, rule, kind: input.kind })
        .returning();
      return c.json({ audience }, 201);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, "conflict", `Audience "${id}" exists already`, [{ path: "id", message: "Already taken" }]);
      throw err;
    }
  })
  .get("/:id", param(audienceParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const audience = await findAudience(c.env, sb, id);
    return c.json({ audience });
  })
  .put("/:id", param(audienceParam), json(audienceFields), async (c) => {
    const { sb, id } = c.req.valid("param");
    const input = c.req.valid("json");
    const existing = await findAudience(c.env, sb, id);
    const rule = await ruleFor(c.env, sb, id, existing.kind, input.rule);
    const [audience] = await database(c.env.DB)
      .update(audiences)
      .set({ name: input.name, description: input.description ?? null, rule, updatedAt: Date.now() })
      .where(and(eq(audiences.sandboxId, sb), eq(audiences.id, id)))
      .returning();
    if (!audience) throw notFound(`Audience "${id}"`);
    return c.json({ audience });
  })
  .delete("/:id", param(audienceParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const users = await referrers(c.env, sb, id);
    if (users.length) throw new ApiError(409, "in_use", `Audience "${id}" is still used by ${users.join(", ")}`, users.map((u) => ({ path: "id", message: `Used by ${u}` })));
    const deleted = await database(c.env.DB).delete(audiences).where(and(eq(audiences.sandboxId, sb), eq(audiences.id, id))).returning();
    if (!deleted.length) throw notFound(`Audience "${id}"`);
    return c.json({ deleted: id });
  });

const evaluateBody = z.object({
  rule: jsonObject,
  profile: jsonObject.default({}),
  identities: z.record(z.string(), z.array(z.string().max(256)).max(50)).default({}),
  consent: jsonObject.default({}),
  context: jsonObject.optional(),
  events: z
    .array(z.object({
      type: z.string().min(1).max(64),
      timestamp: z.union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()]),
      payload: jsonObject.default({}),
    }))
    .max(5000)
    .default([]),
  /** Audiences the profile is to be taken as a member of, for `$audience`. */
  audiences: z.array(slug).max(1000).default([]),
  /** The moment to evaluate at (default: now), so windows can be tried at their edges. */
  now: z.number().int().nonnegative().optional(),
});

export const evaluateRoutes = factory.createApp().post("/evaluate", json(evaluateBody), (c) => {
  const body = c.req.valid("json");
  const errors = validateRule(body.rule);
  if (errors.length) throw new ApiError(400, "validation_failed", "The rule cannot be used", errors);
  const now = body.now ?? Date.now();
  const members = new Set(body.audiences);
  const events = body.events.map((e) => ({
    type: e.type,
    ts: typeof e.timestamp === "number" ? e.timestamp : Date.parse(e.timestamp),
    data: e.payload as JsonObject,
  }));
  const result = explain(body.rule as Rule, {
    profile: body.profile as JsonObject,
    identities: body.identities,
    consent: body.consent as JsonObject,
    context: body.context as JsonObject | undefined,
    events: eventList(events),
    now,
    member: (id) => members.has(id),
  });
  return c.json(result);
});
