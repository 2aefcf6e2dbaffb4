/**
 * Admin routes of journeys: drafts edited freely, versions frozen on publish. Publishing checks
 * the whole graph (validate.ts) and what it names (audiences, journeys to jump to), makes the
 * draft the live version, stops the previous one (profiles inside finish it; new entries start
 * in the new one), and publishes the sandbox so the edge runs it within a second or so.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { database, schema, type Database } from "../db";
import { publish } from "../config/store";
import { ApiError, notFound, type ErrorDetail } from "../http/errors";
import { factory, isUniqueViolation, requireSandbox, sandboxParam, slug, slugify } from "../http/factory";
import { json, param } from "../http/validate";
import { profileStub } from "../profiles/stub";
import type { JsonObject } from "../profiles/events";
import { activeSnapshot } from "../config/active";
import { definitionSchema, type Definition } from "./definition";
import { startRun } from "./reads";
import { validateDefinition, validateJumps } from "./validate";

const { audiences, customActions, decisions, journeys, journeyVersions, journeyNodeStats, templates } = schema;
const idParam = sandboxParam.extend({ id: slug });

const journeyFields = z.object({ name: z.string().min(1, "Name is required").max(120), description: z.string().max(1000).nullish(), definition: definitionSchema });
const journeyCreate = journeyFields.extend({ id: slug.optional() });
const testBody = z
  .object({
    profileId: z.string().min(1).max(128),
    /** The entry event's payload, as journey actions read it. */
    data: z.record(z.string(), z.unknown()).default({}),
    /** Walk the live version without sending or changing anything, instead of testing the draft. */
    dryRun: z.boolean().default(false),
  })
  .strict();
const testModeBody = z.object({ profiles: z.array(z.string().min(1).max(128)).max(20, "At most 20 test profiles") }).strict();
const traceParam = idParam.extend({ profileId: z.string().min(1).max(128), instance: z.string().min(1).max(200) });

type VersionRow = typeof journeyVersions.$inferSelect;

async function versionsOf(db: Database, sb: string, id: string): Promise<VersionRow[]> {
  return db.select().from(journeyVersions).where(and(eq(journeyVersions.sandboxId, sb), eq(journeyVersions.journeyId, id))).orderBy(desc(journeyVersions.version));
}

const summary = (v: VersionRow) => ({ version: v.version, status: v.status, createdAt: v.createdAt, publishedAt: v.publishedAt, stoppedAt: v.stoppedAt });

/** Everything publishing would refuse: the graph first, then (when it is sound) what it names in the sandbox. */
async function problemsOf(db: Database, sb: string, id: string, def: Definition): Promise<ErrorDetail[]> {
  const problems = validateDefinition(def);
  return problems.length ? problems : checkReferences(db, sb, id, def);
}

/** Problems that need the sandbox: audiences, custom actions, templates and decisions named exist; jumps lead to live journeys without looping. */
async function checkReferences(db: Database, sb: string, id: string, def: Definition): Promise<ErrorDetail[]> {
  const errors: ErrorDetail[] = [];
  const rows = await db.select({ id: audiences.id, kind: audiences.kind }).from(audiences).where(eq(audiences.sandboxId, sb));
  const known = new Set(rows.map((a) => a.id));
  const lists = new Set(rows.filter((a) => a.kind === "list").map((a) => a.id));
  const need = (audience: string, path: string) => {
    if (!known.has(audience)) errors.push({ path, message: `No audience "${audience}" in this sandbox` });
  };
  if (def.entry.type !== "event") need(def.entry.audience, "entry.audience");

  def.exit.forEach((x, i) => x.type === "audience-exit" && need(x.audience, `exit.${i}.audience`));
  for (const [nid, n] of Object.entries(def.nodes)) {
    if (n.type === "action" && (n.action.kind === "audience-add" || n.action.kind === "audience-remove")) {
      const path = `nodes.${nid}.action.audience`;
      need(n.action.audience, path);
      if (known.has(n.action.audience) && !lists.has(n.action.audience)) errors.push({ path, message: `"${n.action.audience}" is defined by a rule; only list audiences take people in and out` });
    }
  }
  const webhooks = Object.entries(def.nodes).flatMap(([nid, n]) => (n.type === "action" && n.action.kind === "webhook" ? [{ nid, action: n.action.action }] : []));
  if (webhooks.length) {
    const actions = new Set((await db.select({ id: customActions.id }).from(customActions).where(eq(customActions.sandboxId, sb))).map((a) => a.id));
    for (const w of webhooks) if (!actions.has(w.action)) errors.push({ path: `nodes.${w.nid}.action.action`, message: `No custom action "${w.action}" in this sandbox` });
  }
  const templated = Object.entries(def.nodes).flatMap(([nid, n]) => (n.type === "action" && n.action.kind === "message" && n.action.template ? [{ nid, template: n.action.template, channel: n.action.channel }] : []));
  if (templated.length) {
    const known = new Map((await db.select({ id: templates.id, channel: templates.channel }).from(templates).where(eq(templates.sandboxId, sb))).map((t) => [t.id, t.channel]));
    for (const t of templated) {
      const channel = known.get(t.template);
      if (!channel) errors.push({ path: `nodes.${t.nid}.action.template`, message: `No template "${t.template}" in this sandbox` });
      else if (channel !== t.channel) errors.push({ path: `nodes.${t.nid}.action.template`, message: `"${t.template}" is a template for ${channel}; this action sends ${t.channel}` });
    }
  }
  const deciding = Object.entries(def.nodes).flatMap(([nid, n]) => (n.type === "action" && n.action.kind === "message" && n.action.decision ? [{ nid, decision: n.action.decision }] : []));
  if (deciding.length) {
    const known = new Set((await db.select({ id: decisions.id }).from(decisions).where(eq(decisions.sandboxId, sb))).map((d) => d.id));
    for (const d of deciding) if (!known.has(d.decision)) errors.push({ path: `nodes.${d.nid}.action.decision`, message: `No decision "${d.decision}" in this sandbox` });
  }
  const live = await db.select().from(journeyVersions).where(and(eq(journeyVersions.sandboxId, sb), eq(journeyVersions.status, "live")));
  const others = new Map(live.filter((v) => v.journeyId !== id).map((v) => [v.journeyId, v.definition as unknown as Definition]));
  errors.push(...validateJumps(id, def, others));
  return errors;
}

export const journeyRoutes = factory
  .createApp()
  .get("/", param(sandboxParam), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const db = database(c.env.DB);
    const [rows, versions] = await Promise.all([
      db.select().from(journeys).where(eq(journeys.sandboxId, sb)).orderBy(journeys.id),
      db.select({ journeyId: journeyVersions.journeyId, version: journeyVersions.version, status: journeyVersions.status, publishedAt: journeyVersions.publishedAt, createdAt: journeyVersions.createdAt, stoppedAt: journeyVersions.stoppedAt })
        .from(journeyVersions).where(eq(journeyVersions.sandboxId, sb)).orderBy(desc(journeyVersions.version)),
    ]);
    const items = rows.map((j) => {
      const mine = versions.filter((v) => v.journeyId === j.id);
      return { ...j, live: mine.find((v) => v.status === "live")?.version ?? null, draft: mine.find((v) => v.status === "draft")?.version ?? null, versions: mine.map(({ journeyId: _, ...v }) => v) };
    });
    return c.json({ items });
  })
  .post("/", param(sandboxParam), json(journeyCreate), async (c) => {
    const { sb } = c.req.valid("param");
    const input = c.req.valid("json");
    await requireSandbox(c.env, sb);
    const id = input.id ?? slugify(input.name, "journey");
    const db = database(c.env.DB);
    try {
      const [journey] = await db.insert(journeys).values({ sandboxId: sb, id, name: input.name, description: input.description ?? null }).returning();
      await db.insert(journeyVersions).values({ sandboxId: sb, journeyId: id, version: 1, status: "draft", definition: input.definition as Record<string, unknown> });
      const problems = await problemsOf(db, sb, id, input.definition);
      return c.json({ journey, draft: { version: 1, definition: input.definition }, problems }, 201);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, "conflict", `Journey "${id}" exists already`, [{ path: "id", message: "Already taken" }]);
      throw err;
    }
  })
  .get("/:id", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const db = database(c.env.DB);
    const journey = await db.select().from(journeys).where(and(eq(journeys.sandboxId, sb), eq(journeys.id, id))).get();
    if (!journey) throw notFound(`Journey "${id}"`);
    const versions = await versionsOf(db, sb, id);
    const pick = (status: VersionRow["status"]) => {
      const v = versions.find((x) => x.status === status);
      return v ? { version: v.version, definition: v.definition, ...(status === "draft" ? { testProfiles: v.testProfiles ?? [] } : {}) } : null;
    };
    return c.json({ journey, versions: versions.map(summary), draft: pick("draft"), live: pick("live") });
  })
  /** Saves the draft: a new draft version (from this definition) when the latest is published. */
  .put("/:id", param(idParam), json(journeyFields), async (c) => {
    const { sb, id } = c.req.valid("param");
    const input = c.req.valid("json");
    const db = database(c.env.DB);
    const [journey] = await db
      .update(journeys)
      .set({ name: input.name, description: input.description ?? null, updatedAt: Date.now() })
      .where(and(eq(journeys.sandboxId, sb), eq(journeys.id, id)))
      .returning();
    if (!journey) throw notFound(`Journey "${id}"`);
    const versions = await versionsOf(db, sb, id);
    const draft = versions.find((v) => v.status === "draft");
    const version = draft?.version ?? (versions[0]?.version ?? 0) + 1;
    if (draft) await db.update(journeyVersions).set({ definition: input.definition as Record<string, unknown> }).where(and(eq(journeyVersions.sandboxId, sb), eq(journeyVersions.journeyId, id), eq(journeyVersions.version, version)));
    else await db.insert(journeyVersions).values({ sandboxId: sb, journeyId: id, version, status: "draft", definition: input.definition as Record<string, unknown> });
    const problems = await problemsOf(db, sb, id, input.definition);
    // A draft in test mode is what its test profiles run: the change reaches them at once, while it stays runnable.
    if (draft?.testProfiles?.length && !problems.length) await publish(db, c.env.CONFIG, sb);
    return c.json({ journey, draft: { version, definition: input.definition }, problems });
  })
  /** The problems publishing would report, without publishing. */
  .post("/:id/validate", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const db = database(c.env.DB);
    const draft = (await versionsOf(db, sb, id)).find((v) => v.status === "draft");
    if (!draft) throw notFound(`A draft of journey "${id}"`);
    const def = draft.definition as unknown as Definition;
    return c.json({ version: draft.version, problems: await problemsOf(db, sb, id, def) });
  })
  .post("/:id/publish", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const db = database(c.env.DB);
    const versions = await versionsOf(db, sb, id);
    const draft = versions.find((v) => v.status === "draft");
    if (!draft) throw new ApiError(409, "nothing_to_publish", `Journey "${id}" has no draft to publish`, [{ path: "id", message: "Edit the journey first" }]);
    const def = draft.definition as unknown as Definition;
    const problems = await problemsOf(db, sb, id, def);
    if (problems.length) throw new ApiError(400, "validation_failed", "The journey cannot be published", problems.map((p) => ({ ...p, path: `definition.${p.path}` })));
    const now = Date.now();
    const live = versions.filter((v) => v.status === "live").map((v) => v.version);
    await db.batch([
      db.update(journeyVersions).set({ status: "stopped", stoppedAt: now }).where(and(eq(journeyVersions.sandboxId, sb), eq(journeyVersions.journeyId, id), inArray(journeyVersions.version, live.length ? live : [-1]))),
      db.update(journeyVersions).set({ status: "live", publishedAt: now }).where(and(eq(journeyVersions.sandboxId, sb), eq(journeyVersions.journeyId, id), eq(journeyVersions.version, draft.version))),
    ]);
    const publication = await publish(db, c.env.CONFIG, sb, now);
    return c.json({ version: draft.version, publication });
  })
  /** No new entries; the profiles inside finish the version they are in. */
  .post("/:id/stop", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const db = database(c.env.DB);
    const stopped = await db
      .update(journeyVersions)
      .set({ status: "stopped", stoppedAt: Date.now() })
      .where(and(eq(journeyVersions.sandboxId, sb), eq(journeyVersions.journeyId, id), eq(journeyVersions.status, "live")))
      .returning();
    if (!stopped.length) throw new ApiError(409, "not_live", `Journey "${id}" has no live version`, [{ path: "id", message: "Nothing to stop" }]);
    const publication = await publish(db, c.env.CONFIG, sb);
    return c.json({ version: stopped[0].version, publication });
  })
  /**
   * Test mode: runs the draft for a chosen profile with every wait lasting seconds (its
   * messages marked as tests), or — with `dryRun` — walks the live version sending nothing.
   * Follow it with the trace route.
   */
  .post("/:id/test", param(idParam), json(testBody), async (c) => {
    const { sb, id } = c.req.valid("param");
    const input = c.req.valid("json");
    const db = database(c.env.DB);
    const versions = await versionsOf(db, sb, id);
    const chosen = versions.find((v) => v.status === (input.dryRun ? "live" : "draft"));
    if (!chosen) throw notFound(input.dryRun ? `A live version of journey "${id}"` : `A draft of journey "${id}"`);
    const def = chosen.definition as unknown as Definition;
    const problems = validateDefinition(def);
    if (problems.length) throw new ApiError(400, "validation_failed", "The journey has problems to fix before a test", problems.map((p) => ({ ...p, path: `definition.${p.path}` })));
    const { instance } = await profileStub(c.env, sb, input.profileId).testJourney({
      sandbox: sb, profileId: input.profileId, journey: id, version: input.dryRun ? chosen.version : 0, definition: def, vars: input.data as JsonObject, dryRun: input.dryRun, now: Date.now(),
    });
    return c.json({ instance, profileId: input.profileId, version: input.dryRun ? chosen.version : "draft" }, 201);
  })
  .get("/:id/test/:profileId/:instance", param(traceParam), async (c) => {
    const { sb, profileId, instance } = c.req.valid("param");
    const trace = await profileStub(c.env, sb, profileId).journeyTrace(sb, profileId, instance);
    if (!trace) throw notFound(`Journey run "${instance}"`);
    return c.json(trace);
  })
  /**
   * Test mode for the draft: the listed profiles enter it when they trigger it, as test runs
   * (every wait lasting seconds, messages marked as tests). An empty list turns it off.
   */
  .put("/:id/test-mode", param(idParam), json(testModeBody), async (c) => {
    const { sb, id } = c.req.valid("param");
    const { profiles } = c.req.valid("json");
    const db = database(c.env.DB);
    const draft = (await versionsOf(db, sb, id)).find((v) => v.status === "draft");
    if (!draft) throw notFound(`A draft of journey "${id}"`);
    const def = draft.definition as unknown as Definition;
    if (profiles.length) {
      const problems = await problemsOf(db, sb, id, def);
      if (problems.length) throw new ApiError(400, "validation_failed", "The journey has problems to fix before a test", problems.map((p) => ({ ...p, path: `definition.${p.path}` })));
    }
    await db
      .update(journeyVersions)
      .set({ testProfiles: profiles.length ? profiles : null })
      .where(and(eq(journeyVersions.sandboxId, sb), eq(journeyVersions.journeyId, id), eq(journeyVersions.version, draft.version)));
    const publication = await publish(db, c.env.CONFIG, sb);
    return c.json({ version: draft.version, testProfiles: profiles, publication });
  })
  /** Runs a read-audience journey now, besides its schedule: its audience's members enter it. */
  .post("/:id/run", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const snapshot = await activeSnapshot(c.env.CONFIG, sb);
    const j = snapshot?.journeys?.find((x) => x.id === id && x.status === "live");
    if (!snapshot || !j) throw new ApiError(409, "not_live", `Journey "${id}" has no published live version`, [{ path: "id", message: "Publish it first" }]);
    if (j.definition.entry.type !== "read-audience") throw new ApiError(409, "not_a_read", `Journey "${id}" is entered by ${j.definition.entry.type === "event" ? "an event" : "an audience change"}, not by reading an audience`, [{ path: "definition.entry.type", message: "Only read-audience journeys run on demand" }]);
    const now = Date.now();
    const run = await startRun(c.env, snapshot, j, now, now);
    return c.json({ version: j.version, ...run }, 202);
  })
  /** Counts per node of a version (the live one by default): entered, waiting, exited, errored. */
  .get("/:id/stats", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const db = database(c.env.DB);
    const versions = await versionsOf(db, sb, id);
    const asked = Number(c.req.query("version"));
    const v = Number.isInteger(asked) && asked > 0 ? versions.find((x) => x.version === asked) : versions.find((x) => x.status === "live") ?? versions.find((x) => x.status === "stopped");
    if (!v) throw notFound(`A published version of journey "${id}"`);
    const rows = await db.select().from(journeyNodeStats).where(and(eq(journeyNodeStats.sandboxId, sb), eq(journeyNodeStats.journeyId, id), eq(journeyNodeStats.version, v.version)));
    const def = v.definition as unknown as Definition;
    const nodes = Object.fromEntries(
      Object.keys(def.nodes).map((node) => {
        const r = rows.find((x) => x.node === node);
        const entered = r?.entered ?? 0;
        const exited = r?.exited ?? 0;
        const type = def.nodes[node].type;
        // Waits hold profiles between entering and leaving; other nodes pass them on at once.
        const waiting = type === "wait" || type === "wait-event" ? Math.max(0, entered - exited - (r?.errored ?? 0)) : 0;
        return [node, { entered, waiting, exited, errored: r?.errored ?? 0 }];
      }),
    );
    return c.json({ version: v.version, status: v.status, nodes });
  })
  .delete("/:id", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const db = database(c.env.DB);
    const versions = await versionsOf(db, sb, id);
    if (!versions.length && !(await db.select().from(journeys).where(and(eq(journeys.sandboxId, sb), eq(journeys.id, id))).get())) throw notFound(`Journey "${id}"`);
    if (versions.some((v) => v.status === "live" || v.status === "stopped")) {
      throw new ApiError(409, "in_use", `Journey "${id}" may have profiles inside`, [{ path: "id", message: "Stop it and let its versions close first" }]);
    }
    await db.batch([
      db.delete(journeyVersions).where(and(eq(journeyVersions.sandboxId, sb), eq(journeyVersions.journeyId, id))),
      db.delete(journeys).where(and(eq(journeys.sandboxId, sb), eq(journeys.id, id))),
    ]);
    return c.json({ deleted: id });
  });
