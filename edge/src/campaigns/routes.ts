/**
 * Admin routes of campaigns: saved as drafts, checked and activated, paused, sent now, tested on
 * one profile; each send's progress and counts.
 *
 * Activating (and sending now) checks what the campaign names against the sandbox: a template
 * of its channel, a decision that exists, and for scheduled campaigns an audience in the
 * published configuration that can be read outside a request. A campaign is edited while it is
 * a draft or paused, so what a running send reads never changes under it.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { activeSnapshot } from "../config/active";
import { compileAudiences } from "../audiences/membership";
import { database, schema, type Database } from "../db";
import { ApiError, notFound, type ErrorDetail } from "../http/errors";
import { factory, isUniqueViolation, requireSandbox, sandboxParam, slug, slugify } from "../http/factory";
import { json, param } from "../http/validate";
import { randomBase64url } from "../identity/random";
import { profileStub } from "../profiles/stub";
import { campaignCreate, campaignFields, type CampaignValues } from "./schemas";
import { campaignOf, countsOf, describeRun, messageFor, RunNotStarted, runsOf, startRun, type CampaignRow } from "./runs";

const { campaigns, campaignRuns, decisions, templates } = schema;
const idParam = sandboxParam.extend({ id: slug });
const runParam = idParam.extend({ run: z.string().min(1).max(64) });
const testBody = z.object({ profileId: z.string().min(1).max(128), context: z.record(z.string(), z.unknown()).optional() }).strict();

/** A campaign as the API shows it: the names it was saved with. */
export function present(c: CampaignRow) {
  return {
    id: c.id, name: c.name, description: c.description, kind: c.kind, purpose: c.purpose, channel: c.channel, template: c.templateId,
    decision: c.decisionId, audience: c.audienceId, schedule: c.schedule, status: c.status, activatedAt: c.activatedAt, createdAt: c.createdAt, updatedAt: c.updatedAt,
  };
}

const rowOf = (v: CampaignValues) => ({
  name: v.name, description: v.description ?? null, kind: v.kind, purpose: v.purpose, channel: v.channel, templateId: v.template,
  decisionId: v.decision ?? null, audienceId: v.kind === "scheduled" ? (v.audience ?? null) : null, schedule: v.schedule ?? null,
});

async function load(env: Env, sb: string, id: string): Promise<CampaignRow> {
  const c = await campaignOf(env, sb, id);
  if (!c) throw notFound(`Campaign "${id}"`);
  return c;
}

/** What activating would refuse: each reference that does not hold, at its field. */
export async function problemsOf(env: Env, c: CampaignRow): Promise<ErrorDetail[]> {
  const db = database(env.DB);
  const errors: ErrorDetail[] = [];
  const [template, decision, snapshot] = await Promise.all([
    db.select({ channel: templates.channel }).from(templates).where(and(eq(templates.sandboxId, c.sandboxId), eq(templates.id, c.templateId))).get(),
    c.decisionId ? db.select({ id: decisions.id }).from(decisions).where(and(eq(decisions.sandboxId, c.sandboxId), eq(decisions.id, c.decisionId))).get() : null,
    c.kind === "scheduled" ? activeSnapshot(env.CONFIG, c.sandboxId) : null,
  ]);
  if (!template) errors.push({ path: "template", message: `No template "${c.templateId}" in this sandbox` });
  else if (template.channel !== c.channel) errors.push({ path: "template", message: `Template "${c.templateId}" is for ${template.channel}, not ${c.channel}` });
  if (c.decisionId && !decision) errors.push({ path: "decision", message: `No decision "${c.decisionId}" in this sandbox` });
  const schedule = c.schedule as { kind?: string; at?: number } | null;
  // A moment already gone would send at once: say so rather than surprise anyone.
  if (c.status !== "active" && c.status !== "completed" && schedule?.kind === "once" && typeof schedule.at === "number" && schedule.at < Date.now() - 60_000)
    errors.push({ path: "schedule.at", message: "This moment has passed: choose a later one, or send the campaign now" });
  if (c.kind === "scheduled") {
    const audience = compileAudiences(snapshot?.audiences ?? []).find((a) => a.id === c.audienceId);
    if (!audience) errors.push({ path: "audience", message: `Audience "${c.audienceId}" is not in the published configuration: publish it first` });
    else if (audience.reads.context) errors.push({ path: "audience", message: `Audience "${c.audienceId}" reads the request's context, so it has no members outside a request` });
  }
  return errors;
}

async function requireSound(env: Env, c: CampaignRow) {
  const problems = await problemsOf(env, c);
  if (problems.length) throw new ApiError(400, "validation_failed", `Campaign "${c.id}" cannot be sent as it is`, problems);
}

const conflict = (message: string, path = "status") => new ApiError(409, "conflict", message, [{ path, message }]);

async function setStatus(db: Database, c: CampaignRow, status: CampaignRow["status"], extra: Partial<CampaignRow> = {}) {
  const [row] = await db.update(campaigns).set({ status, updatedAt: Date.now(), ...extra }).where(and(eq(campaigns.sandboxId, c.sandboxId), eq(campaigns.id, c.id))).returning();
  return row;
}

export const campaignRoutes = factory
  .createApp()
  .get("/", param(sandboxParam), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const rows = await database(c.env.DB).select().from(campaigns).where(eq(campaigns.sandboxId, sb)).orderBy(campaigns.id);
    const items = await Promise.all(
      rows.map(async (row) => {
        // Every run's counts added up (test sends have no run, so they stay out).
        const runs = await runsOf(c.env, sb, row.id, 1000);
        const counts = { targeted: 0, queued: 0, sent: 0, failed: 0, blocked: 0, opened: 0, clicked: 0 };
        for (const r of runs) for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] += r.counts[k];
        return { ...present(row), lastRun: runs[0] ?? null, counts };
      }),
    );
    return c.json({ items });
  })
  .post("/", param(sandboxParam), json(campaignCreate), async (c) => {
    const { sb } = c.req.valid("param");
    const input = c.req.valid("json");
    await requireSandbox(c.env, sb);
    const id = input.id ?? slugify(input.name, "campaign");
    try {
      const [row] = await database(c.env.DB).insert(campaigns).values({ sandboxId: sb, id, ...rowOf(input) }).returning();
      return c.json({ campaign: present(row), problems: await problemsOf(c.env, row) }, 201);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, "conflict", `Campaign "${id}" exists already`, [{ path: "id", message: "Already taken" }]);
      throw err;
    }
  })
  .get("/:id", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const row = await load(c.env, sb, id);
    const [runs, problems] = await Promise.all([runsOf(c.env, sb, id), problemsOf(c.env, row)]);
    return c.json({ campaign: present(row), runs, problems });
  })
  .put("/:id", param(idParam), json(campaignFields), async (c) => {
    const { sb, id } = c.req.valid("param");
    const db = database(c.env.DB);
    const current = await load(c.env, sb, id);
    if (current.status === "active") throw conflict(`Campaign "${id}" is active: pause it to edit it`);
    if (current.status === "completed") throw conflict(`Campaign "${id}" is completed: duplicate it to send it again differently`);
    const [row] = await db
      .update(campaigns)
      .set({ ...rowOf(c.req.valid("json")), updatedAt: Date.now() })
      .where(and(eq(campaigns.sandboxId, sb), eq(campaigns.id, id), eq(campaigns.status, current.status)))
      .returning();
    if (!row) throw conflict(`Campaign "${id}" changed while it was being saved: load it again`);
    return c.json({ campaign: present(row), problems: await problemsOf(c.env, row) });
  })
  .delete("/:id", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const db = database(c.env.DB);
    const row = await load(c.env, sb, id);
    if (row.status === "active") throw conflict(`Campaign "${id}" is active: pause it before deleting it`);
    // Its runs go too; the delivery log keeps what was sent.
    await db.batch([
      db.delete(campaignRuns).where(and(eq(campaignRuns.sandboxId, sb), eq(campaignRuns.campaignId, id))),
      db.delete(schema.campaignRunParts).where(and(eq(schema.campaignRunParts.sandboxId, sb), eq(schema.campaignRunParts.campaignId, id))),
      db.delete(campaigns).where(and(eq(campaigns.sandboxId, sb), eq(campaigns.id, id))),
    ]);
    return c.json({ deleted: id });
  })
  /** Checks what it names, then lets its schedule (or the trigger API) send it. */
  .post("/:id/activate", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const db = database(c.env.DB);
    const row = await load(c.env, sb, id);
    if (row.status === "active") return c.json({ campaign: present(row) });
    if (row.status === "completed") throw conflict(`Campaign "${id}" is completed`);
    await requireSound(c.env, row);
    return c.json({ campaign: present(await setStatus(db, row, "active", { activatedAt: Date.now() })) });
  })
  /** No new runs, and what a running send has not sent yet is blocked. */
  .post("/:id/pause", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const db = database(c.env.DB);
    const row = await load(c.env, sb, id);
    if (row.status !== "active") throw conflict(`Campaign "${id}" is ${row.status}, not active`);
    return c.json({ campaign: present(await setStatus(db, row, "paused")) });
  })
  /** One run now, to the audience as it is now, whatever the schedule. */
  .post("/:id/send", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const row = await load(c.env, sb, id);
    if (row.kind !== "scheduled") throw conflict(`Campaign "${id}" is sent by its trigger API (POST /v1/campaigns/${id}/trigger)`, "kind");
    if (row.status === "paused") throw conflict(`Campaign "${id}" is paused: activate it to send it`);
    await requireSound(c.env, row);
    let run: string;
    try {
      ({ run } = await startRun(c.env, row, "manual", Date.now()));
    } catch (err) {
      if (err instanceof RunNotStarted) throw new ApiError(503, "unavailable", "The send could not be queued; nothing was sent, try again", [{ path: "(root)", message: err.message }]);
      throw err;
    }
    const runRow = await database(c.env.DB).select().from(campaignRuns).where(and(eq(campaignRuns.sandboxId, sb), eq(campaignRuns.campaignId, id), eq(campaignRuns.id, run))).get();
    return c.json({ run: describeRun(runRow!, undefined) }, 202);
  })
  /** The message to one profile, marked as a test (rules and consent still apply). */
  .post("/:id/test", param(idParam), json(testBody), async (c) => {
    const { sb, id } = c.req.valid("param");
    const { profileId, context } = c.req.valid("json");
    const row = await load(c.env, sb, id);
    const problems = (await problemsOf(c.env, row)).filter((p) => p.path !== "audience");
    if (problems.length) throw new ApiError(400, "validation_failed", `Campaign "${id}" cannot be sent as it is`, problems);
    const view = await profileStub(c.env, sb, profileId).describe(sb, profileId, 0);
    if (!view) throw new ApiError(404, "not_found", `Profile "${profileId}" was not found`, [{ path: "profileId", message: "No such profile in this sandbox" }]);
    const message = { ...messageFor(row, "test", view.id, (context ?? {}) as never, `${view.id}:${randomBase64url(6)}`), test: true };
    await c.env.DELIVERY.send(message);
    return c.json({ deliveryId: message.stepId }, 202);
  })
  .get("/:id/runs/:run", param(runParam), async (c) => {
    const { sb, id, run } = c.req.valid("param");
    const row = await database(c.env.DB).select().from(campaignRuns).where(and(eq(campaignRuns.sandboxId, sb), eq(campaignRuns.campaignId, id), eq(campaignRuns.id, run))).get();
    if (!row) throw notFound(`Run "${run}" of campaign "${id}"`);
    const counts = await countsOf(c.env, sb, id);
    return c.json({ run: describeRun(row, counts.get(run)) });
  });
