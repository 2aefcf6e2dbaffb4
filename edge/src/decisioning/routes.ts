/** Admin routes of the offer library: placements and offers of one sandbox. */
import { and, desc, eq, gte, inArray, sum } from "drizzle-orm";
import { z } from "zod";
import { database, schema, type Database } from "../db";
import { ApiError, notFound } from "../http/errors";
import { factory, isUniqueViolation, requireSandbox, sandboxParam, slug, slugify } from "../http/factory";
import { json, param, query } from "../http/validate";
import { checkRule } from "../audiences/store";
import { offerCreate, offerFields, placementFields, placementInput } from "./schemas";
import { checkTemplate, renderContent } from "./template";

const { audiences, offers, offerStats, placements } = schema;
const offerParam = sandboxParam.extend({ id: slug });
const placementParam = offerParam;
const previewBody = z
  .object({
    format: z.enum(["html", "text", "image", "json"]),
    content: z.string().min(1, "Content is required").max(16_000),
    /** A sample profile's attributes, and the request, as tokens read them. */
    profile: z.record(z.string(), z.unknown()).default({}),
    context: z.record(z.string(), z.unknown()).default({}),
    offer: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
const statsQuery = z.object({ placement: slug.optional(), since: z.coerce.number().int().nonnegative().optional() });

/** Every representation must target a placement of the sandbox; the error names the field. */
async function checkPlacements(db: Database, sb: string, reps: { placement: string }[]) {
  const wanted = [...new Set(reps.map((r) => r.placement))];
  const found = await db
    .select({ id: placements.id })
    .from(placements)
    .where(and(eq(placements.sandboxId, sb), inArray(placements.id, wanted)));
  const known = new Set(found.map((p) => p.id));
  const details = reps.flatMap((r, i) =>
    known.has(r.placement) ? [] : [{ path: `representations.${i}.placement`, message: `No placement "${r.placement}" in this sandbox` }],
  );
  if (details.length) throw new ApiError(400, "validation_failed", "The offer names unknown placements", details);
}

type OfferValues = z.output<typeof offerFields>;
const offerRow = (v: OfferValues) => ({
  name: v.name, status: v.status, priority: v.priority, fallback: v.fallback,
  startAt: v.startAt ?? null, endAt: v.endAt ?? null, tags: v.tags,
  representations: v.representations.map((r) => ({
    placement: r.placement, format: r.format, content: r.content,
    ...(r.link ? { link: r.link } : {}), ...(r.alt ? { alt: r.alt } : {}),
  })),
  eligibility: v.eligibility ?? null,
  caps: v.caps,
  attributes: v.attributes,
});

/** An offer's eligibility must name an audience of the sandbox, or be a rule that can be saved. */
async function checkEligibility(env: Env, db: Database, sb: string, eligibility: OfferValues["eligibility"]) {
  if (!eligibility) return;
  if ("rule" in eligibility) {
    await checkRule(env, sb, null, eligibility.rule, "eligibility.rule");
    return;
  }
  const found = await db.select({ id: audiences.id }).from(audiences).where(and(eq(audiences.sandboxId, sb), eq(audiences.id, eligibility.audience))).get();
  if (!found) throw new ApiError(400, "validation_failed", "The offer names an unknown audience", [{ path: "eligibility.audience", message: `No audience "${eligibility.audience}" in this sandbox` }]);
}

export const placementRoutes = factory
  .createApp()
  .get("/", param(sandboxParam), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const items = await database(c.env.DB).select().from(placements).where(eq(placements.sandboxId, sb)).orderBy(placements.id);
    return c.json({ items });
  })
  .post("/", param(sandboxParam), json(placementInput), async (c) => {
    const { sb } = c.req.valid("param");
    const input = c.req.valid("json");
    await requireSandbox(c.env, sb);
    try {
      const [placement] = await database(c.env.DB)
        .insert(placements)
        .values({ ...input, selector: input.selector ?? null, action: input.action ?? null, sandboxId: sb })
        .returning();
      return c.json({ placement }, 201);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, "conflict", `Placement "${input.id}" exists already`, [{ path: "id", message: "Already taken" }]);
      throw err;
    }
  })
  .get("/:id", param(placementParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const placement = await database(c.env.DB).select().from(placements).where(and(eq(placements.sandboxId, sb), eq(placements.id, id))).get();
    if (!placement) throw notFound(`Placement "${id}"`);
    return c.json({ placement });
  })
  .put("/:id", param(placementParam), json(placementFields), async (c) => {
    const { sb, id } = c.req.valid("param");
    const input = c.req.valid("json");
    const [placement] = await database(c.env.DB)
      .update(placements)
      .set({ ...input, selector: input.selector ?? null, action: input.action ?? null, updatedAt: Date.now() })
      .where(and(eq(placements.sandboxId, sb), eq(placements.id, id)))
      .returning();
    if (!placement) throw notFound(`Placement "${id}"`);
    return c.json({ placement });
  });

export const offerRoutes = factory
  .createApp()
  .get("/", param(sandboxParam), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const items = await database(c.env.DB).select().from(offers).where(eq(offers.sandboxId, sb)).orderBy(desc(offers.updatedAt));
    return c.json({ items });
  })
  /** Renders representation content with the edge's template engine, for the editor's preview. */
  .post("/preview", param(sandboxParam), json(previewBody), async (c) => {
    const { format, content, profile, context, offer } = c.req.valid("json");
    const problem = checkTemplate(content);
    if (problem) throw new ApiError(400, "validation_failed", "The content is not a valid template", [{ path: "content", message: problem }]);
    return c.json({ format, content: renderContent(content, format, { profile, context, offer }) });
  })
  /** Decisions, displays and clicks of every offer so far (all placements, or one). */
  .get("/stats", param(sandboxParam), query(statsQuery), async (c) => {
    const { sb } = c.req.valid("param");
    const { placement, since } = c.req.valid("query");
    await requireSandbox(c.env, sb);
    const where = [eq(offerStats.sandboxId, sb)];
    if (placement) where.push(eq(offerStats.placement, placement));
    if (since !== undefined) where.push(gte(offerStats.day, Math.floor(since / 86_400_000)));
    const rows = await database(c.env.DB)
      .select({ offerId: offerStats.offerId, decisions: sum(offerStats.decisions), displays: sum(offerStats.displays), clicks: sum(offerStats.clicks) })
      .from(offerStats)
      .where(and(...where))
      .groupBy(offerStats.offerId);
    const items = rows.map((r) => {
      const displays = Number(r.displays ?? 0);
      const clicks = Number(r.clicks ?? 0);
      return { offerId: r.offerId, decisions: Number(r.decisions ?? 0), displays, clicks, ctr: displays ? clicks / displays : null };
    });
    return c.json({ items });
  })
  .post("/", param(sandboxParam), json(offerCreate), async (c) => {
    const { sb } = c.req.valid("param");
    const input = c.req.valid("json");
    const db = database(c.env.DB);
    await requireSandbox(c.env, sb);
    await checkPlacements(db, sb, input.representations);
    await checkEligibility(c.env, db, sb, input.eligibility);
    const id = input.id ?? slugify(input.name, "offer");
    try {
      const [offer] = await db.insert(offers).values({ sandboxId: sb, id, ...offerRow(input) }).returning();
      return c.json({ offer }, 201);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, "conflict", `Offer "${id}" exists already`, [{ path: "id", message: "Already taken" }]);
      throw err;
    }
  })
  .get("/:id", param(offerParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const offer = await database(c.env.DB).select().from(offers).where(and(eq(offers.sandboxId, sb), eq(offers.id, id))).get();
    if (!offer) throw notFound(`Offer "${id}"`);
    return c.json({ offer });
  })
  .put("/:id", param(offerParam), json(offerFields), async (c) => {
    const { sb, id } = c.req.valid("param");
    const input = c.req.valid("json");
    const db = database(c.env.DB);
    await checkPlacements(db, sb, input.representations);
    await checkEligibility(c.env, db, sb, input.eligibility);
    const [offer] = await db
      .update(offers)
      .set({ ...offerRow(input), updatedAt: Date.now() })
      .where(and(eq(offers.sandboxId, sb), eq(offers.id, id)))
      .returning();
    if (!offer) throw notFound(`Offer "${id}"`);
    return c.json({ offer });
  });
