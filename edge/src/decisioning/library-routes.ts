/**
 * Admin routes of collections (offers chosen by tags) and decisions (per placement, ordered
 * criteria that fill the items to show). Every reference is checked at save, with the field
 * path in the error: a decision can only name collections, placements, audiences and fallback
 * offers that exist, so a publish never meets a dangling name.
 */
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { buildContext } from "../audiences/context";
import { compileSnapshot } from "../config/snapshot";
import { readSandboxSource } from "../config/store";
import { profileOf } from "../identity/lookup";
import { normalizeIdentity } from "../identity/namespaces";
import type { JsonValue } from "../profiles/events";
import { profileStub } from "../profiles/stub";
import { checkRule } from "../audiences/store";
import { database, schema, type Database } from "../db";
import { ApiError, notFound, type ErrorDetail } from "../http/errors";
import { factory, isUniqueViolation, requireSandbox, sandboxParam, slug, slugify } from "../http/factory";
import { json, param } from "../http/validate";
import { randomBase64url } from "../identity/random";
import { collectionCreate, collectionFields, decisionCreate, decisionFields } from "./schemas";
import { matchesCollection } from "./collections";
import { campaignsUsing } from "../campaigns/runs";

const { audiences, collections, decisions, offers, placements } = schema;
const idParam = sandboxParam.extend({ id: slug });

type DecisionValues = z.output<typeof decisionFields>;

const simulateBody = z
  .object({
    /** The profile, by id or by one of its identities; a new visitor when neither is given. */
    profileId: z.string().min(1).max(128).optional(),
    identity: z.object({ namespace: z.string().min(1).max(64), value: z.string().min(1).max(256) }).strict().optional(),
    /** Attributes to assume on top of the profile's own. */
    attributes: z.record(z.string(), z.unknown()).optional(),
    /** The request as the edge would see it. */
    context: z
      .object({ url: z.string().max(2000).optional(), referrer: z.string().max(2000).optional(), userAgent: z.string().max(500).optional(), country: z.string().max(2).optional(), region: z.string().max(64).optional(), city: z.string().max(128).optional(), timezone: z.string().max(64).optional() })
      .strict()
      .default({}),
    /** When to decide (epoch ms): dates and caps are judged at this moment. */
    now: z.number().int().nonnegative().optional(),
  })
  .strict()
  .refine((b) => !(b.profileId && b.identity), { message: "Give a profile id or an identity, not both", path: ["identity"] });

/** Names of the sandbox's rows in a table, for reference checks. */
async function idsOf(db: Database, table: typeof collections | typeof placements | typeof audiences, sb: string): Promise<Set<string>> {
  const rows = await db.select({ id: table.id }).from(table).where(eq(table.sandboxId, sb));
  return new Set(rows.map((r) => r.id));
}

async function checkDecision(env: Env, sb: string, d: DecisionValues) {
  const db = database(env.DB);
  const [known, places, audienceIds, fallbacks] = await Promise.all([
    idsOf(db, collections, sb),
    idsOf(db, placements, sb),
    idsOf(db, audiences, sb),
    db.select({ id: offers.id, fallback: offers.fallback, representations: offers.representations }).from(offers).where(and(eq(offers.sandboxId, sb), eq(offers.fallback, true))),
  ]);
  const details: ErrorDetail[] = [];
  for (const [i, p] of d.placements.entries()) {
    const at = `placements.${i}`;
    if (!places.has(p.placement)) details.push({ path: `${at}.placement`, message: `No placement "${p.placement}" in this sandbox` });
    else if (p.fallback) {
      const offer = fallbacks.find((o) => o.id === p.fallback);
      if (!offer) details.push({ path: `${at}.fallback`, message: `No fallback offer "${p.fallback}" in this sandbox` });
      else if (!offer.representations.some((r) => r.placement === p.placement)) {
        details.push({ path: `${at}.fallback`, message: `"${p.fallback}" has no representation for placement "${p.placement}"` });
      }
    }
    for (const [j, c] of p.criteria.entries()) {
      const here = `${at}.criteria.${j}`;
      if (!known.has(c.collection)) details.push({ path: `${here}.collection`, message: `No collection "${c.collection}" in this sandbox` });
      if (c.eligibility && "audience" in c.eligibility && !audienceIds.has(c.eligibility.audience)) {
        details.push({ path: `${here}.eligibility.audience`, message: `No audience "${c.eligibility.audience}" in this sandbox` });
      }
    }
  }
  if (details.length) throw new ApiError(400, "validation_failed", "The decision names something that does not exist", details);
  for (const [i, p] of d.placements.entries()) {
    for (const [j, c] of p.criteria.entries()) {
      if (c.eligibility && "rule" in c.eligibility) await checkRule(env, sb, null, c.eligibility.rule, `placements.${i}.criteria.${j}.eligibility.rule`);
    }
  }
}

const decisionRow = (d: DecisionValues) => ({
  name: d.name,
  allowDuplicates: d.allowDuplicates,
  placements: d.placements.map((p) => ({
    placement: p.placement,
    items: p.items,
    fallback: p.fallback ?? null,
    criteria: p.criteria.map((c) => ({ collection: c.collection, eligibility: c.eligibility ?? null, ranking: c.ranking })),
  })),
});

/** Decisions that name a collection: a collection in use cannot be deleted. */
async function decisionsUsing(db: Database, sb: string, collection: string): Promise<string[]> {
  const rows = await db.select({ id: decisions.id, placements: decisions.placements }).from(decisions).where(eq(decisions.sandboxId, sb));
  return rows.filter((d) => d.placements.some((p) => p.criteria.some((c) => c.collection === collection))).map((d) => d.id);
}

export const collectionRoutes = factory
  .createApp()
  .get("/", param(sandboxParam), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const db = database(c.env.DB);
    const [rows, all] = await Promise.all([
      db.select().from(collections).where(eq(collections.sandboxId, sb)).orderBy(collections.id),
      db.select({ tags: offers.tags, status: offers.status, fallback: offers.fallback }).from(offers).where(eq(offers.sandboxId, sb)),
    ]);
    const live = all.filter((o) => o.status === "approved" && !o.fallback);
    // How many approved offers each collection selects now, for the list.
    const items = rows.map((r) => ({ ...r, size: live.filter((o) => matchesCollection(r, o.tags)).length }));
    return c.json({ items });
  })
  .post("/", param(sandboxParam), json(collectionCreate), async (c) => {
    const { sb } = c.req.valid("param");
    const input = c.req.valid("json");
    await requireSandbox(c.env, sb);
    const id = input.id ?? slugify(input.name, "collection");
    try {
      const [collection] = await database(c.env.DB).insert(collections).values({ sandboxId: sb, id, name: input.name, match: input.match, tags: input.tags }).returning();
      return c.json({ collection }, 201);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, "conflict", `Collection "${id}" exists already`, [{ path: "id", message: "Already taken" }]);
      throw err;
    }
  })
  .get("/:id", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const db = database(c.env.DB);
    const collection = await db.select().from(collections).where(and(eq(collections.sandboxId, sb), eq(collections.id, id))).get();
    if (!collection) throw notFound(`Collection "${id}"`);
    const all = await db.select({ id: offers.id, name: offers.name, status: offers.status, tags: offers.tags, fallback: offers.fallback }).from(offers).where(eq(offers.sandboxId, sb));
    // Every offer the tags select, approved or not, so the editor shows what the collection holds.
    const members = all.filter((o) => !o.fallback && matchesCollection(collection, o.tags)).map(({ id, name, status }) => ({ id, name, status }));
    return c.json({ collection, offers: members });
  })
  .put("/:id", param(idParam), json(collectionFields), async (c) => {
    const { sb, id } = c.req.valid("param");
    const input = c.req.valid("json");
    const [collection] = await database(c.env.DB)
      .update(collections)
      .set({ name: input.name, match: input.match, tags: input.tags, updatedAt: Date.now() })
      .where(and(eq(collections.sandboxId, sb), eq(collections.id, id)))
      .returning();
    if (!collection) throw notFound(`Collection "${id}"`);
    return c.json({ collection });
  })
  .delete("/:id", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const db = database(c.env.DB);
    const users = await decisionsUsing(db, sb, id);
    if (users.length) {
      throw new ApiError(409, "in_use", `Collection "${id}" is used by ${users.map((u) => `"${u}"`).join(", ")}`, users.map((u) => ({ path: `decisions.${u}`, message: "Uses this collection: remove it from this decision first" })));
    }
    const deleted = await db.delete(collections).where(and(eq(collections.sandboxId, sb), eq(collections.id, id))).returning();
    if (!deleted.length) throw notFound(`Collection "${id}"`);
    return c.json({ deleted: id });
  });

export const decisionRoutes = factory
  .createApp()
  .get("/", param(sandboxParam), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const items = await database(c.env.DB).select().from(decisions).where(eq(decisions.sandboxId, sb)).orderBy(decisions.id);
    return c.json({ items });
  })
  .post("/", param(sandboxParam), json(decisionCreate), async (c) => {
    const { sb } = c.req.valid("param");
    const input = c.req.valid("json");
    await requireSandbox(c.env, sb);
    await checkDecision(c.env, sb, input);
    const id = input.id ?? slugify(input.name, "decision");
    try {
      const [decision] = await database(c.env.DB).insert(decisions).values({ sandboxId: sb, id, ...decisionRow(input) }).returning();
      return c.json({ decision }, 201);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, "conflict", `Decision "${id}" exists already`, [{ path: "id", message: "Already taken" }]);
      throw err;
    }
  })
  .get("/:id", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const decision = await database(c.env.DB).select().from(decisions).where(and(eq(decisions.sandboxId, sb), eq(decisions.id, id))).get();
    if (!decision) throw notFound(`Decision "${id}"`);
    return c.json({ decision });
  })
  .put("/:id", param(idParam), json(decisionFields), async (c) => {
    const { sb, id } = c.req.valid("param");
    const input = c.req.valid("json");
    await checkDecision(c.env, sb, input);
    const [decision] = await database(c.env.DB)
      .update(decisions)
      .set({ ...decisionRow(input), updatedAt: Date.now() })
      .where(and(eq(decisions.sandboxId, sb), eq(decisions.id, id)))
      .returning();
    if (!decision) throw notFound(`Decision "${id}"`);
    return c.json({ decision });
  })
  .delete("/:id", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const users = await campaignsUsing(c.env, sb, "decisionId", id);
    if (users.length) {
      throw new ApiError(409, "in_use", `Decision "${id}" is used by ${users.map((u) => `"${u}"`).join(", ")}`, users.map((u) => ({ path: `campaigns.${u}`, message: "Fills this campaign's offers: change the campaign first" })));
    }
    const deleted = await database(c.env.DB).delete(decisions).where(and(eq(decisions.sandboxId, sb), eq(decisions.id, id))).returning();
    if (!deleted.length) throw notFound(`Decision "${id}"`);
    return c.json({ deleted: id });
  });

/**
 * `POST …/decisions/:id/simulate`: why this person would get these offers. Runs the saved (not
 * necessarily published) configuration in the profile's object, counting nothing, and answers
 * every candidate: eligible or not and why, its score and its rank.
 */
export const simulateRoutes = factory.createApp().post("/:id/simulate", param(idParam), json(simulateBody), async (c) => {
  const { sb, id } = c.req.valid("param");
  const input = c.req.valid("json");
  const db = database(c.env.DB);
  const now = input.now ?? Date.now();
  const source = await readSandboxSource(db, sb);
  if (!source.decisions?.some((d) => d.id === id)) throw notFound(`Decision "${id}"`);
  const snapshot = compileSnapshot(source, 0, now);
  let profileId = input.profileId ?? null;
  if (input.identity) {
    const norm = normalizeIdentity(input.identity.namespace, input.identity.value, source.namespaces);
    if (!norm.ok) throw new ApiError(400, "validation_failed", "The identity is invalid", [{ path: "identity.value", message: norm.message }]);
    profileId = await profileOf(c.env, sb, { namespace: input.identity.namespace, value: norm.value });
    if (!profileId) throw new ApiError(404, "not_found", "No profile has this identity", [{ path: "identity", message: "Not in the identity graph" }]);
  }
  const who = profileId ?? `simulated-${randomBase64url(9)}`;
  const ctx = input.context;
  const context = buildContext({
    url: ctx.url, referrer: ctx.referrer, userAgent: ctx.userAgent,
    geo: { country: ctx.country, region: ctx.region, city: ctx.city, timezone: ctx.timezone },
    now, timeZone: snapshot.settings.timeZone,
  });
  const result = await profileStub(c.env, sb, who).explain({
    sandbox: sb, profileId: who, snapshot, decisions: [id], placements: [], now, context,
    attributes: input.attributes as Record<string, JsonValue> | undefined,
  });
  // Names make the table readable; the trace carries ids only.
  const offerIds = [...new Set(result.placements.flatMap((p) => [...p.offers.map((o) => o.offerId), ...p.items]))];
  const names = offerIds.length
    ? new Map((await db.select({ id: offers.id, name: offers.name }).from(offers).where(and(eq(offers.sandboxId, sb), inArray(offers.id, offerIds)))).map((o) => [o.id, o.name]))
    : new Map<string, string>();
  return c.json({
    decision: id,
    profile: { id: profileId, found: result.found },
    at: now,
    placements: result.placements.map((p) => ({ ...p, offers: p.offers.map((o) => ({ ...o, name: names.get(o.offerId) ?? o.offerId })) })),
    /** Every offer named above (chosen items and fallbacks included), by id. */
    names: Object.fromEntries(names),
  });
});
