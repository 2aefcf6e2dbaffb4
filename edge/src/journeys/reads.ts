/**
 * Journeys entered from a read of a batch audience: once at a moment, or every hour, day or
 * week. The Cron Trigger looks every minute for runs that are due; a run reads the audience's
 * members from the D1 profile index a page at a time and fans them out through the delivery
 * queue in messages of at most 100 profiles, so a 100,000-member audience never runs in one
 * invocation. Each profile's object then enters it like any entry (re-entrance rules apply).
 * A run is recorded before it starts, keyed by the moment it is for, so it starts once.
 */
import { and, desc, eq } from "drizzle-orm";
import { activeSnapshot } from "../config/active";
import type { JourneyConfig, Snapshot } from "../config/snapshot";
import { database, schema } from "../db";
import { membersPages } from "../audiences/batch-store";
import { compileAudiences } from "../audiences/membership";
import { sendInBatches } from "../queues";

const { journeyRuns, sandboxes } = schema;
const HOUR_MS = 3_600_000;
const PERIOD_MS = { hour: HOUR_MS, day: 24 * HOUR_MS, week: 7 * 24 * HOUR_MS } as const;
/** Profiles per fan-out message. */
export const ENTRY_BATCH = 100;

/** A fan-out message: these profiles enter this journey's live version. */
export type EntryMessage = { kind: "enter"; sandbox: string; journey: string; version: number; profileIds: string[]; at: number };

/** A schedule of reads: once at a moment, or every hour, day or week at a UTC time of day. */
export type ReadSchedule = { kind: "once"; at: number } | { kind: "recurring"; every: "hour" | "day" | "week"; at?: string };

/** The latest moment at or before `now` a schedule names, or null when it names none yet. */
export function lastSlot(s: ReadSchedule, now: number, publishedAt: number): number | null {
  if (s.kind === "once") return s.at <= now ? s.at : null;
  const period = PERIOD_MS[s.every];
  const [h, m] = (s.at ?? "00:00").split(":").map(Number);
  // Slots are counted from the UTC time of day (Mondays for weeks: 1970-01-05 was a Monday).
  const offset = s.every === "hour" ? m * 60_000 : s.every === "day" ? (h * 60 + m) * 60_000 : 4 * 24 * HOUR_MS + (h * 60 + m) * 60_000;
  const slot = Math.floor((now - offset) / period) * period + offset;
  // Slots before the configuration was published are not made up for.
  return slot >= publishedAt ? slot : null;
}

/** Starts one run: records it (once per moment), then fans the audience's members out. */
export async function startRun(env: Env, snapshot: Snapshot, j: JourneyConfig, scheduledFor: number, now = Date.now()): Promise<{ started: boolean; profiles: number }> {
  const entry = j.definition.entry;
  if (entry.type !== "read-audience") return { started: false, profiles: 0 };
  const db = database(env.DB);
  const inserted = await db
    .insert(journeyRuns)
    .values({ sandboxId: snapshot.sandbox, journeyId: j.id, version: j.version, scheduledFor, startedAt: now })
    .onConflictDoNothing()
    .returning();
  if (!inserted.length) return { started: false, profiles: 0 };
  const audiences = compileAudiences(snapshot.audiences ?? []);
  let profiles = 0;
  for await (const page of membersPages(env, snapshot.sandbox, audiences, entry.audience, now)) {
    const batch: EntryMessage[] = [];
    for (let i = 0; i < page.length; i += ENTRY_BATCH) {
      batch.push({ kind: "enter", sandbox: snapshot.sandbox, journey: j.id, version: j.version, profileIds: page.slice(i, i + ENTRY_BATCH).map((p) => p.id), at: scheduledFor });
    }
    await sendInBatches(env.DELIVERY, batch);
    profiles += page.length;
  }
  await db
    .update(journeyRuns)
    .set({ profiles })
    .where(and(eq(journeyRuns.sandboxId, snapshot.sandbox), eq(journeyRuns.journeyId, j.id), eq(journeyRuns.version, j.version), eq(journeyRuns.scheduledFor, scheduledFor)));
  return { started: true, profiles };
}

/** The Cron Trigger's part: every sandbox's due read-audience runs. */
export async function runDueReads(env: Env, now = Date.now()) {
  const db = database(env.DB);
  for (const { id } of await db.select({ id: sandboxes.id }).from(sandboxes)) {
    try {
      const snapshot = await activeSnapshot(env.CONFIG, id);
      for (const j of snapshot?.journeys ?? []) {
        if (j.status !== "live" || j.definition.entry.type !== "read-audience") continue;
        const slot = lastSlot(j.definition.entry.schedule, now, snapshot!.publishedAt);
        if (slot === null) continue;
        const last = await db
          .select({ at: journeyRuns.scheduledFor })
          .from(journeyRuns)
          .where(and(eq(journeyRuns.sandboxId, id), eq(journeyRuns.journeyId, j.id), eq(journeyRuns.version, j.version)))
          .orderBy(desc(journeyRuns.scheduledFor))
          .get();
        if (last && last.at >= slot) continue;
        await startRun(env, snapshot!, j, slot, now);
      }
    } catch (err) {
      console.error("scheduled journey reads failed", id, err);
    }
  }
}
