/**
 * Server-side ingestion: events and profile records that arrive with identities instead of a
 * device cookie (the bulk events API and batch imports). Records are validated one by one, so a
 * bad record is reported by index and the good ones are kept; identities are resolved for the
 * whole batch at once; each profile's object is called once per batch.
 *
 * Profile records for people never reached through their object are written cold, straight to
 * D1 in two statements per batch (cold.ts); the others go to their objects.
 */
import { activeConfig, type ActiveConfig } from "../config/active";
import type { ErrorDetail } from "../http/errors";
import { issuesToDetails } from "../http/validate";
import { normalizeIdentity, type IdentityRef } from "../identity/namespaces";
import { resolveMany } from "../identity/resolve-many";
import type { Claim } from "../identity/resolve";
import { eventBytes, eventSchema, MAX_EVENT_BYTES, normalizeEvent, type IncomingEvent, type JsonValue } from "./events";
import { checkEvent, flagged } from "../ingest/check-events";
import { compileSchemas, validateAttributes } from "../schemas";
import { database } from "../db";
import { applyUpdate, MAX_PROFILE_BYTES, sizeOf, type AttributeMap } from "./attributes";
import { readProfileRows, writeCold, type ColdWrite } from "./cold";
import { eventsMessageOf, type QueueMessage } from "./messages";
import { profileStub } from "./stub";
import { sendInBatches } from "../queues";

export type { IdentityRef };
export type ProfileRecord = { identities: IdentityRef[]; attributes: Record<string, JsonValue>; ts?: number };
export type EventRecord = { identities: IdentityRef[]; event: IncomingEvent };
export type IngestOutcome = {
  index: number;
  status: "created" | "updated" | "accepted" | "duplicate" | "rejected";
  profileId?: string;
  reasons?: ErrorDetail[];
};

const PARALLEL_PROFILES = 16;

export function readClaims(refs: IdentityRef[], config: ActiveConfig, prefix: string): Claim[] | ErrorDetail[] {
  if (!refs.length) return [{ path: prefix, message: "Give at least one identity" }];
  const errors: ErrorDetail[] = [];
  const claims: Claim[] = [];
  refs.forEach((r, i) => {
    const norm = normalizeIdentity(r.namespace, String(r.value ?? ""), config.namespaces);
    if (!norm.ok) errors.push({ path: `${prefix}.${i}`, message: norm.message });
    else claims.push({ ref: { namespace: r.namespace, value: norm.value }, authenticated: r.namespace !== "pcid" });
  });
  return errors.length ? errors : claims;
}

export const isErrors = (x: Claim[] | ErrorDetail[]): x is ErrorDetail[] => x.length > 0 && "path" in x[0];

/** Runs `work` over items with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(runners);
}

export async function ingestEvents(env: Env, sandbox: string, records: EventRecord[], now = Date.now()): Promise<IngestOutcome[]> {
  const config = await activeConfig(env.CONFIG, sandbox);
  const outcomes: IngestOutcome[] = records.map((_, index) => ({ index, status: "rejected" }));
  const good: { index: number; claims: Claim[]; event: ReturnType<typeof normalizeEvent> }[] = [];
  records.forEach((r, index) => {
    const parsed = eventSchema.safeParse(r.event);
    const claims = readClaims(r.identities ?? [], config, "identities");
    const reasons = [...(parsed.success ? [] : issuesToDetails(parsed.error.issues)), ...(isErrors(claims) ? claims : [])];
    if (parsed.success && eventBytes(parsed.data) > MAX_EVENT_BYTES) reasons.push({ path: "(root)", message: `Event is larger than ${MAX_EVENT_BYTES} bytes` });
    const schema = parsed.success ? checkEvent(config, parsed.data) : { errors: [], unknown: [] };
    reasons.push(...schema.errors);
    if (reasons.length || !parsed.success || isErrors(claims)) outcomes[index].reasons = reasons;
    else good.push({ index, claims, event: normalizeEvent(flagged(parsed.data, schema.unknown), now) });
  });
  if (!good.length) return outcomes;

  const { profileIds, minted } = await resolveMany(env, sandbox, config.settings, good.map((g) => g.claims), now);
  const byProfile = new Map<string, typeof good>();
  good.forEach((g, i) => (byProfile.get(profileIds[i]) ?? byProfile.set(profileIds[i], []).get(profileIds[i])!).push(g));

  const messages: QueueMessage[] = [];
  await pool([...byProfile.entries()], PARALLEL_PROFILES, async ([profileId, items]) => {
    const identities = [...new Map(items.flatMap((g) => g.claims).map((c) => [`${c.ref.namespace}:${c.ref.value}`, { ...c.ref, authenticated: c.authenticated }])).values()];
    const result = await profileStub(env, sandbox, profileId).interact({
      sandbox, profileId, version: config.version ?? 0, events: items.map((g) => g.event), placements: [], now, identities,
      anonymousTtlDays: config.settings.anonymousTtlDays, noColdState: minted.has(profileId),
    });
    const accepted = new Set(result.accepted.map((e) => e.id));
    const rejected = new Map(result.rejected.map((r) => [r.index, r.reasons]));
    items.forEach((g, i) => {
      const o = outcomes[g.index];
      o.profileId = result.profileId;
      if (rejected.has(i)) o.reasons = rejected.get(i);
      else o.status = accepted.has(g.event.id) ? "accepted" : "duplicate";
    });
    const message = eventsMessageOf(sandbox, result, now);
    if (message) messages.push(message);
  });
  await sendInBatches(env.EVENTS, messages);
  return outcomes;
}

export async function ingestProfiles(env: Env, sandbox: string, records: ProfileRecord[], now = Date.now()): Promise<IngestOutcome[]> {
  const config = await activeConfig(env.CONFIG, sandbox);
  const outcomes: IngestOutcome[] = records.map((_, index) => ({ index, status: "rejected" }));
  const good: { index: number; claims: Claim[]; record: ProfileRecord }[] = [];
  records.forEach((record, index) => {
    const claims = readClaims(record.identities ?? [], config, "identities");
    if (isErrors(claims)) outcomes[index].reasons = claims;
    else if (typeof record.attributes !== "object" || record.attributes === null || Array.isArray(record.attributes)) {
      outcomes[index].reasons = [{ path: "attributes", message: "Give an object of attribute values" }];
    } else {
      const check = validateAttributes(compileSchemas(config.schemas), config.settings.schemaMode, record.attributes);
      if (check.errors.length) outcomes[index].reasons = check.errors;
      else good.push({ index, claims, record });
    }
  });
  if (!good.length) return outcomes;

  const { profileIds, minted } = await resolveMany(env, sandbox, config.settings, good.map((g) => g.claims), now);
  const byProfile = new Map<string, number[]>();
  profileIds.forEach((p, i) => (byProfile.get(p) ?? byProfile.set(p, []).get(p)!).push(i));
  const toObjects = await writeColdProfiles(env, sandbox, byProfile, good, outcomes, minted, now);

  const messages: QueueMessage[] = [];
  // Records of one profile are applied in order, profiles in parallel.
  await pool(toObjects, PARALLEL_PROFILES, async ([profileId, indexes]) => {
    for (const i of indexes) {
      const g = good[i];
      const result = await profileStub(env, sandbox, profileId).applyProfile({
        sandbox, profileId, attributes: g.record.attributes, ts: g.record.ts ?? now, now,
        identities: g.claims.map((c) => ({ ...c.ref, authenticated: c.authenticated })),
        anonymousTtlDays: config.settings.anonymousTtlDays, version: config.version ?? 0,
      });
      const o = outcomes[g.index];
      o.profileId = result.profileId;
      if (result.rejected) o.reasons = result.rejected;
      else o.status = result.created ? "created" : "updated";
      const emitted = result.emitted ?? [];
      if (result.index || emitted.length) messages.push({ kind: "events", sandbox, profileId: result.profileId, receivedAt: now, events: emitted, index: result.index });
    }
  });
  await sendInBatches(env.EVENTS, messages);
  return outcomes;
}

/**
 * Writes the records of cold profiles (and of people this batch is the first to know) straight
 * to D1, newest write per attribute as in an object. Returns the profiles that must go to their
 * objects instead: those already warm, those with a device id, and those another writer changed
 * or took over since they were read.
 */
async function writeColdProfiles(
  env: Env,
  sandbox: string,
  byProfile: Map<string, number[]>,
  good: { index: number; claims: Claim[]; record: ProfileRecord }[],
  outcomes: IngestOutcome[],
  minted: Set<string>,
  now: number,
): Promise<[string, number[]][]> {
  const db = database(env.DB);
  const rows = await readProfileRows(db, sandbox, [...byProfile.keys()]);
  const toObjects: [string, number[]][] = [];
  const planned = new Map<string, { index: number; outcome: IngestOutcome }[]>();
  const writes: ColdWrite[] = [];
  for (const [profileId, indexes] of byProfile) {
    const row = rows.get(profileId);
    // A device id ties the person to a browser's object, which is where its state must live.
    const device = indexes.some((i) => good[i].claims.some((c) => c.ref.namespace === "pcid"));
    if (device || !(row ? row.cold : minted.has(profileId))) {
      toObjects.push([profileId, indexes]);
      continue;
    }
    let attributes: AttributeMap = row?.attributes ?? {};
    const results: { index: number; outcome: IngestOutcome }[] = [];
    indexes.forEach((i, n) => {
      const g = good[i];
      const { next } = applyUpdate(attributes, { set: g.record.attributes }, g.record.ts ?? now);
      const outcome: IngestOutcome = { index: g.index, status: !row && n === 0 ? "created" : "updated", profileId };
      if (sizeOf(next) > MAX_PROFILE_BYTES) {
        outcome.status = "rejected";
        outcome.reasons = [{ path: "attributes", message: `The profile would exceed ${MAX_PROFILE_BYTES} bytes` }];
      } else attributes = next;
      results.push({ index: g.index, outcome });
    });
    planned.set(profileId, results);
    writes.push({ id: profileId, rev: row?.rev ?? 0, attributes, firstSeen: row?.firstSeen ?? now, lastSeen: now });
  }
  const written = await writeCold(db, sandbox, writes);
  for (const [profileId, results] of planned) {
    if (written.has(profileId)) for (const r of results) outcomes[r.index] = r.outcome;
    else toObjects.push([profileId, byProfile.get(profileId)!]);
  }
  return toObjects;
}
