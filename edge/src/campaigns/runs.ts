/**
 * Campaign runs: from "send this campaign now" (or its scheduled moment) to one delivery
 * message per person in its audience.
 *
 * A run never reads its whole audience in one invocation. Starting it records the run (once per
 * scheduled moment) and cuts the sandbox's profile ids into ranges of about 1,000, read with one
 * pass over the id index; each range becomes one message on the campaign-parts queue, whose
 * consumer takes one range per invocation: it reads the range's profiles, keeps the audience's
 * members and queues one message per member on the delivery queue, a hundred to a call; those
 * are then delivered like any other message (business rules, retries, the dead-letter queue).
 * So a 100,000-person audience is a hundred small invocations, and every one of them may be
 * repeated safely:
 * - a member's delivery id is `c:<campaign>:<run>:<profile>`, which the delivery log records
 *   once and sends once, however many times the range is read;
 * - a range's count of targeted members is written, never added to (`campaign_run_parts`).
 *
 * A paused campaign stops its runs: ranges read after the pause queue nobody, and messages not
 * sent yet are logged as blocked by the pause.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { activeSnapshot } from "../config/active";
import { database, schema } from "../db";
import { membersPages } from "../audiences/batch-store";
import { compileAudiences } from "../audiences/membership";
import { lastSlot, type ReadSchedule } from "../journeys/reads";
import type { JsonObject } from "../profiles/events";
import type { Channel } from "../content/schemas";
import { sendInBatches } from "../queues";

const { campaigns, campaignRuns, campaignRunParts } = schema;

/** Profile ids per range: one queue message, one invocation of the consumer. */
export const RANGE = 1000;

export type CampaignRow = typeof campaigns.$inferSelect;
export type RunTrigger = "schedule" | "manual" | "api";

/** One person's message of a campaign run, as the delivery consumer sends it. */
export type CampaignMessage = {
  kind: "campaign";
  stepId: string;
  sandbox: string;
  profileId: string;
  campaign: string;
  run: string;
  purpose: "marketing" | "transactional";
  action: { kind: "message"; channel: Channel; template: string };
  /** A decision run for the person when the message is sent: `offers.*` in the template. */
  decision?: string;
  /** Context data (an API trigger's): `context.*` in the template. */
  vars: JsonObject;
  test?: boolean;
};

/** A range of a run's audience to read: profile ids after `after` up to `until` (null: the end). */
export type CampaignPart = { kind: "campaign-part"; sandbox: string; campaign: string; run: string; part: number; after: string; until: string | null; at: number };

/** A run that could not be started (its ranges could not be queued); nothing of it is kept. */
export class RunNotStarted extends Error {}

export const deliveryIdOf = (campaign: string, run: string, key: string) => `c:${campaign}:${run}:${key}`;
export const sourceOf = (campaign: string, run: string) => `campaign:${campaign}:${run}`;

/** The message of one person of a run. */
export function messageFor(c: CampaignRow, run: string, profileId: string, vars: JsonObject = {}, key = profileId): CampaignMessage {
  return {
    kind: "campaign",
    stepId: deliveryIdOf(c.id, run, key),
    sandbox: c.sandboxId,
    profileId,
    campaign: c.id,
    run,
    purpose: c.purpose,
    action: { kind: "message", channel: c.channel as Channel, template: c.templateId },
    ...(c.decisionId ? { decision: c.decisionId } : {}),
    vars,
  };
}

/** Queues campaign messages for delivery. */
export const sendAll = (env: Env, messages: CampaignMessage[]) => sendInBatches(env.DELIVERY, messages);

/** The ids that end each range of about RANGE profiles, from one pass over the id index. */
async function rangeEnds(env: Env, sandbox: string): Promise<string[]> {
  const { results } = await env.DB.prepare(
    "SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM profiles WHERE sandbox_id = ?) WHERE n % ? = 0 ORDER BY id",
  )
    .bind(sandbox, RANGE)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/**
 * Starts a run of a scheduled campaign: records it (once per moment: a second start for the same
 * moment finds it and does nothing), then queues one message per range of the audience.
 */
export async function startRun(env: Env, c: CampaignRow, trigger: Exclude<RunTrigger, "api">, scheduledFor: number, now = Date.now()): Promise<{ started: boolean; run: string; parts: number }> {
  const run = trigger === "schedule" ? `s${scheduledFor}` : `m${now}-${crypto.randomUUID().slice(0, 4)}`;
  const db = database(env.DB);
  const ends = await rangeEnds(env, c.sandboxId);
  const parts = ends.length + 1;
  const inserted = await db
    .insert(campaignRuns)
    .values({ sandboxId: c.sandboxId, campaignId: c.id, id: run, trigger, scheduledFor, startedAt: now, parts })
    .onConflictDoNothing()
    .returning();
  if (!inserted.length) return { started: false, run, parts: 0 };
  const bounds = ["", ...ends];
  const messages = bounds.map((after, part): CampaignPart => ({ kind: "campaign-part", sandbox: c.sandboxId, campaign: c.id, run, part, after, until: ends[part] ?? null, at: scheduledFor }));
  // Their own queue, one range per invocation (wrangler.toml). A run whose ranges could not all
  // be queued is taken back, so it can start again (the next minute, or the next press) instead
  // of waiting for ranges that never come; ranges queued before the failure send nothing twice.
  try {
    await sendInBatches(env.CAMPAIGN_PARTS, messages);
  } catch (err) {
    await db.delete(campaignRuns).where(and(eq(campaignRuns.sandboxId, c.sandboxId), eq(campaignRuns.campaignId, c.id), eq(campaignRuns.id, run)));
    throw new RunNotStarted(`the ranges of run ${run} could not be queued: ${(err as Error)?.message ?? err}`);
  }
  return { started: true, run, parts };
}

/** The run of API-triggered messages: one per campaign, recorded on the first call. */
export async function apiRun(env: Env, c: CampaignRow, now = Date.now()): Promise<string> {
  await database(env.DB).insert(campaignRuns).values({ sandboxId: c.sandboxId, campaignId: c.id, id: "api", trigger: "api", scheduledFor: now, startedAt: now }).onConflictDoNothing();
  return "api";
}

/** A campaign by its id, or undefined. */
export async function campaignOf(env: Env, sandbox: string, id: string): Promise<CampaignRow | undefined> {
  return database(env.DB).select().from(campaigns).where(and(eq(campaigns.sandboxId, sandbox), eq(campaigns.id, id))).get();
}

async function recordPart(env: Env, m: CampaignPart, targeted: number, skipped: boolean) {
  await database(env.DB)
    .insert(campaignRunParts)
    .values({ sandboxId: m.sandbox, campaignId: m.campaign, runId: m.run, part: m.part, targeted, skipped, doneAt: Date.now() })
    .onConflictDoUpdate({ target: [campaignRunParts.sandboxId, campaignRunParts.campaignId, campaignRunParts.runId, campaignRunParts.part], set: { targeted, skipped, doneAt: Date.now() } });
}

/**
 * Reads one range of a run's audience and queues a message per member. Repeating it queues the
 * same delivery ids again (sent once) and writes the same count.
 */
export async function readPart(env: Env, m: CampaignPart): Promise<{ targeted: number }> {
  const [c, run] = await Promise.all([
    campaignOf(env, m.sandbox, m.campaign),
    database(env.DB).select({ id: campaignRuns.id }).from(campaignRuns).where(and(eq(campaignRuns.sandboxId, m.sandbox), eq(campaignRuns.campaignId, m.campaign), eq(campaignRuns.id, m.run))).get(),
  ]);
  // A run taken back (its ranges could not all be queued) or deleted with its campaign sends nothing.
  if (!c || !run) return { targeted: 0 };
  if (c.status === "paused") {
    await recordPart(env, m, 0, true);
    return { targeted: 0 };
  }
  const snapshot = await activeSnapshot(env.CONFIG, m.sandbox);
  const audiences = compileAudiences(snapshot?.audiences ?? []);
  if (!c.audienceId || !audiences.some((a) => a.id === c.audienceId)) {
    // The audience is gone from the live configuration: nobody can be targeted.
    await recordPart(env, m, 0, true);
    await database(env.DB)
      .update(campaignRuns)
      .set({ error: `audience "${c.audienceId}" is not in the published configuration` })
      .where(and(eq(campaignRuns.sandboxId, m.sandbox), eq(campaignRuns.campaignId, m.campaign), eq(campaignRuns.id, m.run)));
    return { targeted: 0 };
  }
  let targeted = 0;
  for await (const page of membersPages(env, m.sandbox, audiences, c.audienceId, m.at, { after: m.after, until: m.until })) {
    await sendAll(env, page.map((p) => messageFor(c, m.run, p.id)));
    targeted += page.length;
  }
  await recordPart(env, m, targeted, false);
  return { targeted };
}

/** What became of a run's messages, from the delivery log. */
export type RunCounts = { targeted: number; queued: number; sent: number; failed: number; blocked: number; opened: number; clicked: number };

const emptyCounts = (): RunCounts => ({ targeted: 0, queued: 0, sent: 0, failed: 0, blocked: 0, opened: 0, clicked: 0 });

/** Counts per run of a campaign (every run when `runs` is not given). */
export async function countsOf(env: Env, sandbox: string, campaign: string): Promise<Map<string, RunCounts & { partsDone: number }>> {
  const prefix = `campaign:${campaign}:`;
  // A range over the source index: ';' sorts right after ':'.
  const [log, parts] = await env.DB.batch([
    env.DB.prepare(
      `SELECT substr(source, ?) AS run, status, count(*) AS n, count(opened_at) AS opened, count(clicked_at) AS clicked
       FROM deliveries WHERE sandbox_id = ? AND source >= ? AND source < ? GROUP BY source, status`,
    ).bind(prefix.length + 1, sandbox, prefix, `campaign:${campaign};`),
    env.DB.prepare("SELECT run_id AS run, sum(targeted) AS targeted, count(*) AS done FROM campaign_run_parts WHERE sandbox_id = ? AND campaign_id = ? GROUP BY run_id").bind(sandbox, campaign),
  ]);
  const out = new Map<string, RunCounts & { partsDone: number }>();
  const of = (run: string) => out.get(run) ?? out.set(run, { ...emptyCounts(), partsDone: 0 }).get(run)!;
  for (const r of log.results as { run: string; status: keyof RunCounts; n: number; opened: number; clicked: number }[]) {
    const c = of(r.run);
    c[r.status] += r.n;
    c.opened += r.opened;
    c.clicked += r.clicked;
  }
  for (const r of parts.results as { run: string; targeted: number; done: number }[]) {
    const c = of(r.run);
    c.targeted = r.targeted;
    c.partsDone = r.done;
  }
  return out;
}

type RunRow = typeof campaignRuns.$inferSelect;

/** A run as the API shows it: its counts, and whether its audience has been read to the end. */
export function describeRun(r: RunRow, counts: (RunCounts & { partsDone: number }) | undefined) {
  const c = counts ?? { ...emptyCounts(), partsDone: 0 };
  const { partsDone, ...rest } = c;
  // API runs target whoever is named: each message recorded in the log is one.
  const targeted = r.trigger === "api" ? rest.queued + rest.sent + rest.failed + rest.blocked : rest.targeted;
  // API runs have no ranges to read.
  const read = r.parts ? partsDone / r.parts : 1;
  const settled = rest.sent + rest.failed + rest.blocked;
  const state = r.error ? "failed" : read < 1 ? "reading audience" : settled < targeted ? "sending" : "done";
  return { id: r.id, trigger: r.trigger, scheduledFor: r.scheduledFor, startedAt: r.startedAt, parts: r.parts, partsDone, error: r.error, state, counts: { ...rest, targeted } };
}

/** The latest runs of a campaign with their counts (read once: pass them when already at hand). */
export async function runsOf(env: Env, sandbox: string, campaign: string, limit = 20, known?: Awaited<ReturnType<typeof countsOf>>) {
  const [rows, counts] = await Promise.all([
    database(env.DB).select().from(campaignRuns).where(and(eq(campaignRuns.sandboxId, sandbox), eq(campaignRuns.campaignId, campaign))).orderBy(desc(campaignRuns.startedAt)).limit(limit),
    known ?? countsOf(env, sandbox, campaign),
  ]);
  return rows.map((r) => describeRun(r, counts.get(r.id)));
}

/** A campaign's schedule as the journeys' read schedule; `until` is the campaign's own. */
const readSchedule = (s: Record<string, unknown>) => s as unknown as ReadSchedule & { until?: number };

/** The Cron Trigger's part: the runs of active scheduled campaigns that are due, in every sandbox. */
export async function runDueCampaigns(env: Env, now = Date.now()) {
  const db = database(env.DB);
  const due = await db.select().from(campaigns).where(and(eq(campaigns.status, "active"), eq(campaigns.kind, "scheduled"), sql`${campaigns.schedule} IS NOT NULL`));
  for (const c of due) {
    try {
      const schedule = readSchedule(c.schedule!);
      const slot = lastSlot(schedule, now, c.activatedAt ?? now);
      if (schedule.kind === "recurring" && schedule.until !== undefined && (slot === null || slot > schedule.until)) {
        // Past its end: the last moment it named has run (or none came), so it is complete.
        if (now > schedule.until) await db.update(campaigns).set({ status: "completed", updatedAt: now }).where(and(eq(campaigns.sandboxId, c.sandboxId), eq(campaigns.id, c.id)));
        continue;
      }
      if (slot === null) continue;
      const last = await db
        .select({ at: campaignRuns.scheduledFor })
        .from(campaignRuns)
        .where(and(eq(campaignRuns.sandboxId, c.sandboxId), eq(campaignRuns.campaignId, c.id), eq(campaignRuns.trigger, "schedule")))
        .orderBy(desc(campaignRuns.scheduledFor))
        .get();
      if (last && last.at >= slot) continue;
      await startRun(env, c, "schedule", slot, now);
      if (schedule.kind === "once") await db.update(campaigns).set({ status: "completed", updatedAt: now }).where(and(eq(campaigns.sandboxId, c.sandboxId), eq(campaigns.id, c.id)));
    } catch (err) {
      console.error("scheduled campaign failed to start", c.sandboxId, c.id, err);
    }
  }
}

/** Campaigns not yet completed that name a template, a decision or an audience: what deleting it would break. */
export async function campaignsUsing(env: Env, sandbox: string, what: "templateId" | "decisionId" | "audienceId", id: string): Promise<string[]> {
  const rows = await database(env.DB)
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.sandboxId, sandbox), eq(campaigns[what], id), sql`${campaigns.status} != 'completed'`));
  return rows.map((r) => r.id);
}
