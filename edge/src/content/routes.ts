/**
 * Admin routes of message content: templates (per channel) and fragments (reusable blocks), a
 * template's preview for a chosen profile, and its test send to the outbox.
 *
 * Every part is checked at save, with the field path in the error (`content.subject`): it must
 * parse, read only known names, and include fragments that exist without including itself. A
 * fragment in use cannot be deleted, nor a template that a journey still running may send.
 */
import { and, eq, ne } from "drizzle-orm";
import { database, schema, type Database } from "../db";
import { ApiError, notFound, type ErrorDetail } from "../http/errors";
import { factory, isUniqueViolation, requireSandbox, sandboxParam, slug, slugify } from "../http/factory";
import { json, param } from "../http/validate";
import type { JsonValue } from "../profiles/events";
import { profileStub } from "../profiles/stub";
import { randomBase64url } from "../identity/random";
import { campaignsUsing } from "../campaigns/runs";
import { checkMessageTemplate, expandFragments, fragmentRefs, type Fragments } from "./language";
import { loadFragments, renderMessage, type MessageScope } from "./render";
import { fragmentCreate, fragmentFields, previewBody, templateCreate, templateFields, testSendBody, type Channel, type TemplateValues } from "./schemas";
import type { z } from "zod";

const { deliveries, fragments, journeyVersions, templates } = schema;
const idParam = sandboxParam.extend({ id: slug });

/** Each part's problems, at `content.<part>`. */
function checkParts(content: Record<string, string | undefined>, all: Fragments): ErrorDetail[] {
  return Object.entries(content).flatMap(([part, text]) => {
    const problem = typeof text === "string" ? checkMessageTemplate(text, all) : null;
    return problem ? [{ path: `content.${part}`, message: problem }] : [];
  });
}

async function checkTemplateContent(env: Env, sb: string, input: TemplateValues) {
  const details = checkParts(input.content, await loadFragments(env, sb));
  if (details.length) throw new ApiError(400, "validation_failed", "The template's content is not valid", details);
}

/** Templates (and fragments) that include a fragment, directly or through other fragments. */
async function usersOf(db: Database, env: Env, sb: string, id: string): Promise<ErrorDetail[]> {
  const [rows, all] = await Promise.all([db.select({ id: templates.id, content: templates.content }).from(templates).where(eq(templates.sandboxId, sb)), loadFragments(env, sb)]);
  const includes = (text: string) => expandFragments(text, all).used.has(id);
  const fromTemplates = rows
    .filter((t) => Object.values(t.content).some((text) => typeof text === "string" && includes(text)))
    .map((t) => ({ path: `templates.${t.id}`, message: "Includes this fragment: remove it from this template first" }));
  const fromFragments = Object.entries(all)
    .filter(([other, text]) => other !== id && fragmentRefs(text).includes(id))
    .map(([other]) => ({ path: `fragments.${other}`, message: "Includes this fragment: remove it from this fragment first" }));
  return [...fromTemplates, ...fromFragments];
}

/** Journey versions that may still send a template (drafts, live and stopped ones). */
async function journeysUsing(db: Database, sb: string, id: string): Promise<string[]> {
  const rows = await db
    .select({ journeyId: journeyVersions.journeyId, definition: journeyVersions.definition })
    .from(journeyVersions)
    .where(and(eq(journeyVersions.sandboxId, sb), ne(journeyVersions.status, "closed")));
  const uses = (definition: Record<string, unknown>) =>
    Object.values((definition.nodes ?? {}) as Record<string, { action?: { kind?: string; template?: string } }>).some((n) => n?.action?.kind === "message" && n.action.template === id);
  return [...new Set(rows.filter((r) => uses(r.definition)).map((r) => r.journeyId))];
}

const templateRow = (v: TemplateValues) => ({ name: v.name, channel: v.channel, content: v.content as Record<string, string> });

export const templateRoutes = factory
  .createApp()
  .get("/", param(sandboxParam), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const items = await database(c.env.DB).select().from(templates).where(eq(templates.sandboxId, sb)).orderBy(templates.id);
    return c.json({ items });
  })
  .post("/", param(sandboxParam), json(templateCreate), async (c) => {
    const { sb } = c.req.valid("param");
    const input = c.req.valid("json");
    await requireSandbox(c.env, sb);
    await checkTemplateContent(c.env, sb, input);
    const id = input.id ?? slugify(input.name, "template");
    try {
      const [template] = await database(c.env.DB).insert(templates).values({ sandboxId: sb, id, ...templateRow(input) }).returning();
      return c.json({ template }, 201);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, "conflict", `Template "${id}" exists already`, [{ path: "id", message: "Already taken" }]);
      throw err;
    }
  })
  .get("/:id", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const template = await database(c.env.DB).select().from(templates).where(and(eq(templates.sandboxId, sb), eq(templates.id, id))).get();
    if (!template) throw notFound(`Template "${id}"`);
    const all = await loadFragments(c.env, sb);
    const used = new Set<string>();
    for (const text of Object.values(template.content)) if (typeof text === "string") for (const f of expandFragments(text, all).used) used.add(f);
    return c.json({ template, fragments: [...used].sort() });
  })
  .put("/:id", param(idParam), json(templateFields), async (c) => {
    const { sb, id } = c.req.valid("param");
    const input = c.req.valid("json");
    await checkTemplateContent(c.env, sb, input);
    const [template] = await database(c.env.DB)
      .update(templates)
      .set({ ...templateRow(input), updatedAt: Date.now() })
      .where(and(eq(templates.sandboxId, sb), eq(templates.id, id)))
      .returning();
    if (!template) throw notFound(`Template "${id}"`);
    return c.json({ template });
  })
  .delete("/:id", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const db = database(c.env.DB);
    const users = [
      ...(await journeysUsing(db, sb, id)).map((u) => ({ path: `journeys.${u}`, name: u, message: "Sends this template: change the journey first" })),
      ...(await campaignsUsing(c.env, sb, "templateId", id)).map((u) => ({ path: `campaigns.${u}`, name: u, message: "Sends this template: change the campaign first" })),
    ];
    if (users.length) {
      throw new ApiError(409, "in_use", `Template "${id}" is sent by ${users.map((u) => `"${u.name}"`).join(", ")}`, users.map(({ path, message }) => ({ path, message })));
    }
    const deleted = await db.delete(templates).where(and(eq(templates.sandboxId, sb), eq(templates.id, id))).returning();
    if (!deleted.length) throw notFound(`Template "${id}"`);
    return c.json({ deleted: id });
  })
  /** The template rendered for a profile (or sample attributes), journey variables and offers; nothing is tracked. */
  .post("/:id/preview", param(idParam), json(previewBody), async (c) => {
    const { sb, id } = c.req.valid("param");
    const { template, parts, profileId } = await renderFor(c.env, sb, id, c.req.valid("json"));
    return c.json({ template: { id: template.id, channel: template.channel }, profileId, parts });
  })
  /** The rendered message put in the outbox (the `deliveries` table), as the local outbox provider stores messages. */
  .post("/:id/test-send", param(idParam), json(testSendBody), async (c) => {
    const { sb, id } = c.req.valid("param");
    const input = c.req.valid("json");
    const { template, parts, profileId } = await renderFor(c.env, sb, id, input);
    const deliveryId = `test-${randomBase64url(12)}`;
    const payload = { ...parts, ...(input.to ? { to: input.to } : {}) } as Record<string, unknown>;
    await database(c.env.DB).insert(deliveries).values({
      sandboxId: sb, id: deliveryId, profileId: profileId ?? "test", channel: template.channel, source: `test:${template.id}`,
      status: "sent", payload, detail: "test send to the outbox", attempts: 1, providerId: "outbox",
    });
    return c.json({ deliveryId, channel: template.channel, parts }, 201);
  });

async function renderFor(env: Env, sb: string, id: string, input: z.output<typeof previewBody>) {
  const db = database(env.DB);
  const template = await db.select({ id: templates.id, channel: templates.channel, content: templates.content }).from(templates).where(and(eq(templates.sandboxId, sb), eq(templates.id, id))).get();
  if (!template) throw notFound(`Template "${id}"`);
  let profile: Record<string, unknown> = {};
  let profileId: string | null = null;
  if (input.profileId) {
    const view = await profileStub(env, sb, input.profileId).describe(sb, input.profileId, 0);
    if (!view) throw new ApiError(404, "not_found", `Profile "${input.profileId}" was not found`, [{ path: "profileId", message: "No such profile in this sandbox" }]);
    profile = view.attributes;
    profileId = view.id;
  }
  const scope: MessageScope = {
    profile: { ...profile, ...(input.attributes as Record<string, JsonValue> | undefined) },
    journey: input.journey ?? {},
    offers: input.offers ?? {},
    now: input.now,
  };
  const parts = renderMessage(await loadFragments(env, sb), sb, { ...template, channel: template.channel as Channel }, scope);
  return { template, parts, profileId };
}

async function checkFragment(env: Env, sb: string, id: string, content: string) {
  // The fragment is checked as it would be with its new content, so a cycle through it shows.
  const all = { ...(await loadFragments(env, sb)), [id]: content };
  const problem = checkMessageTemplate(`{% fragment "${id}" %}`, all);
  if (problem) throw new ApiError(400, "validation_failed", "The fragment's content is not valid", [{ path: "content", message: problem }]);
}

export const fragmentRoutes = factory
  .createApp()
  .get("/", param(sandboxParam), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const items = await database(c.env.DB).select().from(fragments).where(eq(fragments.sandboxId, sb)).orderBy(fragments.id);
    return c.json({ items });
  })
  .post("/", param(sandboxParam), json(fragmentCreate), async (c) => {
    const { sb } = c.req.valid("param");
    const input = c.req.valid("json");
    await requireSandbox(c.env, sb);
    const id = input.id ?? slugify(input.name, "fragment");
    await checkFragment(c.env, sb, id, input.content);
    try {
      const [fragment] = await database(c.env.DB).insert(fragments).values({ sandboxId: sb, id, name: input.name, content: input.content }).returning();
      return c.json({ fragment }, 201);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, "conflict", `Fragment "${id}" exists already`, [{ path: "id", message: "Already taken" }]);
      throw err;
    }
  })
  .get("/:id", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const db = database(c.env.DB);
    const fragment = await db.select().from(fragments).where(and(eq(fragments.sandboxId, sb), eq(fragments.id, id))).get();
    if (!fragment) throw notFound(`Fragment "${id}"`);
    const usedBy = (await usersOf(db, c.env, sb, id)).map((d) => d.path);
    return c.json({ fragment, usedBy });
  })
  .put("/:id", param(idParam), json(fragmentFields), async (c) => {
    const { sb, id } = c.req.valid("param");
    const input = c.req.valid("json");
    const db = database(c.env.DB);
    const known = await db.select({ id: fragments.id }).from(fragments).where(and(eq(fragments.sandboxId, sb), eq(fragments.id, id))).get();
    if (!known) throw notFound(`Fragment "${id}"`);
    await checkFragment(c.env, sb, id, input.content);
    const [fragment] = await db
      .update(fragments)
      .set({ name: input.name, content: input.content, updatedAt: Date.now() })
      .where(and(eq(fragments.sandboxId, sb), eq(fragments.id, id)))
      .returning();
    return c.json({ fragment });
  })
  .delete("/:id", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const db = database(c.env.DB);
    const users = await usersOf(db, c.env, sb, id);
    if (users.length) {
      throw new ApiError(409, "in_use", `Fragment "${id}" is included by ${users.map((u) => `"${u.path.slice(u.path.indexOf(".") + 1)}"`).join(", ")}`, users);
    }
    const deleted = await db.delete(fragments).where(and(eq(fragments.sandboxId, sb), eq(fragments.id, id))).returning();
    if (!deleted.length) throw notFound(`Fragment "${id}"`);
    return c.json({ deleted: id });
  });
