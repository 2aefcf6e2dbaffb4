/**
 * Admin routes of audiences: CRUD per sandbox, and `POST /admin/api/audiences/evaluate`, which
 * tests a rule against a profile given in the request and says which clauses matched.
 */
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { database, schema } from "../db";
import { ApiError, notFound } from "../http/errors";
import { factory, isUniqueViolation, requireSandbox, sandboxParam, slug } from "../http/factory";
import { json, param } from "../http/validate";
import type { JsonObject } from "../profiles/events";
import { eventList } from "./evaluate";
import { explain } from "./explain";
import { readsOf } from "./reads";
import type { Rule } from "./rule";
import { checkRule, listAudiences } from "./store";
import { validateRule } from "./validate";

const { audiences, offers } = schema;
const audienceParam = sandboxParam.extend({ id: slug });

const jsonObject = z.record(z.string(), z.unknown());
const audienceFields = z.object({
  name: z.string().min(1, "Name is required").max(120),
  description: z.string().max(1000).nullish(),
  rule: jsonObject,
});
const audienceCreate = audienceFields.extend({ id: slug.optional() });

function slugify(name: string): string {
  const base = name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 48) || "audience";
  return `${base}-${crypto.randomUUID().slice(0, 6)}`;
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
  return [...others, ...byOffer];
}

export const audienceRoutes = factory
  .createApp()
  .get("/", param(sandboxParam), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    return c.json({ items: await listAudiences(c.env, sb) });
  })
  .post("/", param(sandboxParam), json(audienceCreate), async (c) => {
    const { sb } = c.req.valid("param");
    const input = c.req.valid("json");
    await requireSandbox(c.env, sb);
    const id = input.id ?? slugify(input.name);
    const rule = await checkRule(c.env, sb, id, input.rule);
    try {
      const [audience] = await database(c.env.DB)
        .insert(audiences)
        .values({ sandboxId: sb, id, name: input.name, description: input.description ?? null, rule })
        .returning();
      return c.json({ audience }, 201);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, "conflict", `Audience "${id}" exists already`, [{ path: "id", message: "Already taken" }]);
      throw err;
    }
  })
  .get("/:id", param(audienceParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const audience = await database(c.env.DB).select().from(audiences).where(and(eq(audiences.sandboxId, sb), eq(audiences.id, id))).get();
    if (!audience) throw notFound(`Audience "${id}"`);
    return c.json({ audience });
  })
  .put("/:id", param(audienceParam), json(audienceFields), async (c) => {
    const { sb, id } = c.req.valid("param");
    const input = c.req.valid("json");
    const rule = await checkRule(c.env, sb, id, input.rule);
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
