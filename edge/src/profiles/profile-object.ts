/**
 * ProfileObject: the hot state of one profile, one Durable Object per profile.
 *
 * Responsible for:
 * - attributes (newest write per attribute), identities (at most 50), consent, and the recent
 *   events (90 days, at most 5,000, once per event id) with daily counts per event type;
 * - audience memberships, kept current on every change to what an audience reads, with
 *   `audience.entered` and `audience.exited` events recording each move;
 * - deciding offers against the published snapshot (eligibility judged with the request's
 *   context) and remembering each proposition it issued, so display and click notifications
 *   count once and only for this profile;
 * - taking over a cold profile's state from D1 on first use (an imported person reached for the
 *   first time; see cold.ts);
 * - merging: absorbing another profile (`absorb`) when identities show they are one person, and
 *   forwarding every call once it has itself been absorbed;
 * - expiring itself when it stays anonymous and idle past the sandbox's retention.
 *
 * One object serialises everything about one person, so counts are exact and one RPC
 * (`interact`) covers a whole request.
 */
import { DurableObject } from "cloudflare:workers";
import { compileRule, type RuleInput, type Tester } from "../audiences/evaluate";
import { listsOf } from "../audiences/lists";
import { compileAudiences, membershipAt, streamStep, type Change } from "../audiences/membership";
import type { Rule } from "../audiences/rule";
import { loadSnapshot } from "../config/cache";
import type { CompiledItem, Eligibility, Snapshot } from "../config/snapshot";
import { validTimeZone, type CapRule } from "../decisioning/capping";
import { asksOf, candidatesFor, decideAll, type Ask, type Counts, type PlacementTrace } from "../decisioning/decide";
import { addGlobal, claimGlobal, globalCapKey, globalCount, releaseGlobal, type ClaimResult, type GlobalClaim } from "../decisioning/global-caps";
import { placementStats } from "../decisioning/stats";
import { renderContent } from "../decisioning/template";
import { describeCount, judgeWith, type JudgeParts } from "../decisioning/verdicts";
import type { ErrorDetail } from "../http/errors";
import type { IdentityRef } from "../identity/namespaces";
import { randomBase64url } from "../identity/random";
import { applyUpdate, MAX_PROFILE_BYTES, mergeAttributes, sizeOf, visible, type AttributeMap, type MergePolicy } from "./attributes";
import { takeOver } from "./cold";
import { Inbox, MESSAGE_NOTIFICATIONS, type Message, type MessageInput, type MessageNotification } from "./inbox";
import { activeSnapshot } from "../config/active";
import type { Definition } from "../journeys/definition";
import { JourneyRunner, JourneyStore, type DeliveryMessage } from "../journeys/runtime";
import type { JsonObject, JsonValue, ProfileEvent } from "./events";
import type { QueueMessage } from "./messages";
import { ProfileState, type MergeState } from "./state";
import { migrate } from "./storage";
import { sendInBatches } from "../queues";
import type { ProfileRpc } from "./stub";

const DAY_MS = 24 * 3600 * 1000;

type StatsOf = (placement: string) => ReadonlyMap<string, Counts> | undefined;
/** What one decision round gives: propositions counted, or the global claims still to make. */
type Decided = { propositions: Proposition[]; logged?: ProfileEvent; pending: GlobalClaim[]; usedKeys: Set<string> };
/** Claims made with the global counters during one request: granted (with the claim), refused, and whether this is the last round. */
type GlobalState = { granted: Map<string, ClaimResult & { claim: GlobalClaim }>; refused: Set<string>; final: boolean };

/** Each offer's capping rules, indexed once per snapshot (notifications name offers, not items). */
const capsIndex = new WeakMap<Snapshot, Map<string, CapRule[]>>();
function capsOf(snapshot: Snapshot): Map<string, CapRule[]> {
  let index = capsIndex.get(snapshot);
  if (!index) {
    index = new Map();
    for (const list of Object.values(snapshot.offersByPlacement)) for (const item of list) if (item.caps) index.set(item.offerId, item.caps);
    capsIndex.set(snapshot, index);
  }
  return index;
}

/** `trackingToken` is left out of dry runs: nothing was counted, so there is nothing to notify. */
export type PropositionItem = { offerId: string; format: string; content: string; link?: string; alt?: string; trackingToken?: string };
export type Proposition = {
  id: string; placement: string; decision: string | null; items: PropositionItem[]; fallback: boolean;
  selector?: string; action?: "html" | "text" | "image" | "attribute" | "json";
};
export type IdentityClaim = IdentityRef & { authenticated: boolean };

export type InteractInput = {
  sandbox: string;
  profileId: string;
  version: number;
  events: ProfileEvent[];
  placements: string[];
  /** Decisions to run, each over its placements. */
  decisions?: string[];
  /** Decide without counting: no decision, cap or optimiser count moves. */
  dryRun?: boolean;
  now: number;
  identities?: IdentityClaim[];
  anonymousTtlDays?: number;
  /**
   * The caller knows no cold state can exist for this id (a device id, or an id it has just
   * minted), so an empty object need not look in D1.
   */
  noColdState?: boolean;
  /** The request as rules see it under `context.*` (data-plane requests only). */
  context?: JsonObject;
  /** Hand over the in-app messages waiting for the profile (interact and decide answers). */
  deliverMessages?: boolean;
};

/** What the searchable D1 index needs to know after a change to the profile. */
export type IndexUpdate = { known: boolean; attributes?: Record<string, JsonValue>; identities?: IdentityClaim[]; consent?: JsonObject };

export type InteractResult = {
  profileId: string;
  accepted: ProfileEvent[];
  rejected: { index: number; reasons: ErrorDetail[] }[];
  propositions: Proposition[];
  index?: IndexUpdate;
  /** Records for the dataset only (what was decided), not kept in the profile. */
  logged?: ProfileEvent[];
  messages?: Message[];
  /** The profile's consent to collection is out: its events were dropped, nothing was counted. */
  consentOut?: boolean;
  dropped?: number;
};

/** An explanation request: a snapshot (possibly unpublished) and what to decide. */
export type ExplainInput = {
  sandbox: string;
  profileId: string;
  snapshot: Snapshot;
  decisions: string[];
  placements: string[];
  now: number;
  context?: JsonObject;
  /** Attributes to assume on top of the stored ones ("what if this person were gold?"). */
  attributes?: Record<string, JsonValue>;
};
export type ExplainResult = { found: boolean; placements: PlacementTrace[] };

export type ApplyInput = {
  sandbox: string;
  profileId: string;
  attributes: Record<string, JsonValue>;
  ts: number;
  identities: IdentityClaim[];
  now: number;
  anonymousTtlDays?: number;
  /** The published configuration, so audiences follow the new attributes. */
  version?: number;
};
export type ApplyResult = { profileId: string; created: boolean; rejected?: ErrorDetail[]; index?: IndexUpdate; emitted?: ProfileEvent[] };

export type OfferCounters = Record<string, { decisions: number; displays: number; clicks: number }>;
export type ProfileView = {
  id: string;
  sandbox: string;
  known: boolean;
  firstSeen: number;
  lastSeen: number;
  eventCount: number;
  attributes: Record<string, JsonValue>;
  identities: IdentityClaim[];
  consent: JsonObject;
  mergedFrom: string[];
  events: ProfileEvent[];
  counters: OfferCounters;
  /** Every audience the profile has been in: whether it is now, when it last entered and left. */
  audiences: { audience: string; member: boolean; enteredAt: number | null; exitedAt: number | null }[];
  /** Its latest journey instances, newest first: where each is, or how it ended. */
  journeys: { id: string; journey: string; version: number; node: string; status: string; enteredAt: number; wakeAt: number | null; ended: string | null; test: boolean }[];
};

export type ExportResult = { state: MergeState } | { forwardedTo: string };

const NOTIFICATIONS: Record<string, "displays" | "clicks"> = { "proposition.display": "displays", "proposition.click": "clicks" };
const KEEP_WHEN_FORWARDED = ["schema_version", "profile_id", "sandbox", "forwarded_to"];

const token = () => randomBase64url(12);

/** Lifetime caps across placements read the offer's counters, which never expire. */
const LIFETIME_COUNTERS: Record<string, "decisions" | "displays" | "clicks"> = { decision: "decisions", display: "displays", click: "clicks" };

/** Offers' inline eligibility rules, compiled once per loaded snapshot. */
const inlineRules = new WeakMap<object, Tester>();
function inlineRule(rule: Record<string, unknown>): Tester {
  let test = inlineRules.get(rule);
  if (!test) inlineRules.set(rule, (test = compileRule(rule as Rule)));
  return test;
}

function readUpdate(data: JsonObject): { set?: Record<string, JsonValue>; unset?: string[] } | ErrorDetail[] {
  const { set, unset } = data;
  const errors: ErrorDetail[] = [];
  if (set !== undefined && (typeof set !== "object" || set === null || Array.isArray(set))) errors.push({ path: "data.set", message: "Give an object of attribute values" });
  if (unset !== undefined && (!Array.isArray(unset) || unset.some((u) => typeof u !== "string"))) errors.push({ path: "data.unset", message: "Give a list of attribute names" });
  if (errors.length) return errors;
  return { set: set as Record<string, JsonValue> | undefined, unset: unset as string[] | undefined };
}

export class ProfileObject extends DurableObject<Env> implements ProfileRpc {
  #state: ProfileState;
  #inbox: Inbox;
  #journeys: JourneyStore;
  #absorbing = new Map<string, Promise<{ merged: boolean }>>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#state = new ProfileState(ctx.storage.sql);
    this.#inbox = new Inbox(ctx.storage.sql);
    this.#journeys = new JourneyStore(ctx.storage.sql);
    ctx.blockConcurrencyWhile(async () => migrate(ctx.storage.sql));
  }

  /** Records events and identities, counts notifications, and decides the requested placements. */
  async interact(input: InteractInput): Promise<InteractResult> {
    if (!input.noColdState) await this.#load(input.sandbox, input.profileId, true);
    const next = this.#forwardTarget();
    if (next) return this.#peer(input.sandbox, next).interact({ ...input, profileId: next });

    const asking = input.placements.length > 0 || (input.decisions?.length ?? 0) > 0;
    const needed = asking || input.events.length > 0;
    const snapshot = needed && input.version ? await loadSnapshot(this.env.CONFIG, input.sandbox, input.version) : null;
    const lists = snapshot ? await this.#readLists(input.sandbox, snapshot, input.identities ?? []) : null;
    const asks = snapshot && asking ? asksOf(snapshot, { decisions: input.decisions, placements: input.placements }) : [];
    const stats = snapshot ? await this.#statsFor(input.sandbox, snapshot, asks) : undefined;
    const globalAdds: { key: string; rule: CapRule }[] = [];
    const global: GlobalState = { granted: new Map(), refused: new Set(), final: false };
    let pending: GlobalClaim[] = [];
    const result = this.#tx((): InteractResult => {
      const s = this.#state;
      s.touch(input.sandbox, input.profileId, input.now);
      if (input.anonymousTtlDays) s.set("ttl_days", String(input.anonymousTtlDays));
      let identitiesChanged = this.#addIdentities(input.identities ?? [], input.now);
      let attributes = s.attributes();
      const changedAttributes = new Set<string>();
      let consentChanged = false;
      const accepted: ProfileEvent[] = [];
      const rejected: InteractResult["rejected"] = [];

      // Consent to collection, as stored and as this request's consent.update events move it:
      // while it is out, nothing else is kept, counted or sent on.
      let collectOut = (JSON.parse(s.get("consent") ?? "{}") as JsonObject).collect === "out";
      let dropped = 0;
      const logged: ProfileEvent[] = [];
      // A retry's events were counted once already; a second copy in one request counts once.
      const known = s.knownEvents(input.events.map((e) => e.id));
      input.events.forEach((e, index) => {
        if (known.has(e.id)) return;
        if (collectOut && e.type !== "consent.update") return void dropped++;
        if (e.type === "profile.update") {
          const update = readUpdate(e.data);
          if (Array.isArray(update)) return rejected.push({ index, reasons: update });
          const { next: updated, changed } = applyUpdate(attributes, update, e.ts);
          if (sizeOf(updated) > MAX_PROFILE_BYTES) {
            return rejected.push({ index, reasons: [{ path: "data.set", message: `The profile would exceed ${MAX_PROFILE_BYTES} bytes` }] });
          }
          for (const name of changed) {
            s.putAttribute(name, updated[name]);
            changedAttributes.add(name);
          }
          attributes = updated;
        }
        if (e.type === "consent.update") {
          const consent = { ...JSON.parse(s.get("consent") ?? "{}"), ...e.data } as JsonObject;
          s.set("consent", JSON.stringify(consent));
          consentChanged = true;
          collectOut = consent.collect === "out";
        }
        // A notification records which offers it counted, so reports need not look tokens up.
        const counted = this.#count(e, snapshot, globalAdds);
        const stored = counted.length ? { ...e, data: { ...e.data, offers: counted } } : e;
        known.add(e.id);
        accepted.push(stored);
      });
      s.addEvents(accepted);
      // Only an added identity can take the profile over the limit.
      if (identitiesChanged) s.capIdentities();
      if (snapshot) {
        const listsChanged = lists ? this.#storeLists(lists) : false;
        const change = { attributes: changedAttributes, eventTypes: accepted.map((e) => e.type), identities: identitiesChanged, consent: consentChanged, lists: listsChanged };
        accepted.push(...this.#updateAudiences(snapshot, change, input.now));
        // Journeys see the request's events and the audience moves they caused, in this request.
        const journeyEvents = accepted.slice();
        const moved = this.#runJourneys(snapshot, input.sandbox, input.profileId, input.now, (runner) => runner.onEvents(journeyEvents));
        if (moved.log) logged.push(moved.log);
        accepted.push(...moved.moved);
        if (moved.changed.length) {
          for (const name of moved.changed) changedAttributes.add(name);
          attributes = s.attributes();
        }
      }

      // Without consent the visitor still gets content, decided as a dry run: nothing counted.
      const decided = snapshot && asks.length ? this.#decide(snapshot, collectOut ? { ...input, dryRun: true } : input, asks, stats, global) : null;
      pending = decided?.pending ?? [];
      s.trim(input.now);
      this.#inbox.trim(input.now);
      const messages = input.deliverMessages && !collectOut ? this.#inbox.pending(input.now) : [];
      return {
        profileId: input.profileId,
        accepted,
        rejected,
        propositions: decided?.propositions ?? [],
        index: this.#indexUpdate(changedAttributes.size > 0, identitiesChanged, attributes, consentChanged),
        ...(decided?.logged || logged.length ? { logged: [...logged, ...(decided?.logged ? [decided.logged] : [])] } : {}),
        ...(messages.length ? { messages } : {}),
        ...(collectOut ? { consentOut: true, dropped } : {}),
      };
    });
    if (snapshot && pending.length) Object.assign(result, await this.#settleGlobal(snapshot, result.consentOut ? { ...input, dryRun: true } : input, asks, stats, global, pending, result.logged));
    if (snapshot && globalAdds.length) await addGlobal(this.env, input.sandbox, input.profileId, globalAdds, input.now, snapshot.settings.timeZone);
    await this.#flushDeliveries();
    await this.#scheduleAlarm();
    return result;
  }

  /**
   * Offers with caps across all profiles are confirmed with the sandbox's counter shards before
   * they are proposed: the chosen ones are claimed (a decision cap takes its unit), refused ones
   * are left out and the placements decided again, at most three rounds. The last round counts
   * in one transaction, after the claims, so per-profile caps stay exact; units taken for offers
   * not proposed in the end are given back.
   */
  async #settleGlobal(snapshot: Snapshot, input: InteractInput, asks: Ask[], stats: StatsOf | undefined, global: GlobalState, first: GlobalClaim[], earlier?: ProfileEvent[]) {
    const tz = snapshot.settings.timeZone;
    let pending = first;
    let decided: Decided | null = null;
    for (let round = 1; round <= 3 && pending.length; round++) {
      const results = await claimGlobal(this.env, input.sandbox, input.profileId, pending, input.now, tz);
      pending.forEach((claim, i) => (results[i].allowed ? global.granted.set(claim.key, { ...results[i], claim }) : global.refused.add(claim.key)));
      global.final = round === 3;
      decided = this.#tx(() => this.#decide(snapshot, input, asks, stats, global));
      pending = decided.pending;
    }
    const unused = [...global.granted.entries()].filter(([key, g]) => g.shard !== undefined && !decided?.usedKeys.has(key));
    if (unused.length) await releaseGlobal(this.env, input.sandbox, unused.map(([key, g]) => ({ key, rule: g.claim.rule, shard: g.shard! })), input.now, tz);
    return { propositions: decided?.propositions ?? [], ...(decided?.logged ? { logged: [...(earlier ?? []), decided.logged] } : earlier ? { logged: earlier } : {}) };
  }

  /** Sets attributes and identities directly (batch import); newest write per attribute wins. */
  async applyProfile(input: ApplyInput): Promise<ApplyResult> {
    await this.#load(input.sandbox, input.profileId, true);
    const next = this.#forwardTarget();
    if (next) return this.#peer(input.sandbox, next).applyProfile({ ...input, profileId: next });
    const snapshot = input.version ? await loadSnapshot(this.env.CONFIG, input.sandbox, input.version) : null;
    const lists = snapshot ? await this.#readLists(input.sandbox, snapshot, input.identities) : null;
    const result = this.#tx((): ApplyResult => {
      const s = this.#state;
      const created = s.touch(input.sandbox, input.profileId, input.now);
      if (input.anonymousTtlDays) s.set("ttl_days", String(input.anonymousTtlDays));
      const identitiesChanged = this.#addIdentities(input.identities, input.now);
      const current = s.attributes();
      const { next: updated, changed } = applyUpdate(current, { set: input.attributes }, input.ts);
      if (sizeOf(updated) > MAX_PROFILE_BYTES) {
        return { profileId: input.profileId, created, rejected: [{ path: "attributes", message: `The profile would exceed ${MAX_PROFILE_BYTES} bytes` }] };
      }
      for (const name of changed) s.putAttribute(name, updated[name]);
      s.capIdentities();
      const listsChanged = lists ? this.#storeLists(lists) : false;
      const change = { attributes: changed, eventTypes: [], identities: identitiesChanged, consent: false, lists: listsChanged };
      const emitted = snapshot ? this.#updateAudiences(snapshot, change, input.now) : [];
      if (snapshot && emitted.length) {
        const moved = this.#runJourneys(snapshot, input.sandbox, input.profileId, input.now, (runner) => runner.onEvents(emitted));
        if (moved.log) emitted.push(moved.log);
      }
      return { profileId: input.profileId, created, index: this.#indexUpdate(changed.length > 0, identitiesChanged, updated), emitted };
    });
    await this.#flushDeliveries();
    await this.#scheduleAlarm();
    return result;
  }

  /**
   * Absorbs another profile into this one. Idempotent, and safe when called concurrently:
   * the other profile is exported, imported here in one transaction, then told to forward.
   */
  async absorb(sandbox: string, me: string, fromProfileId: string, policy: MergePolicy): Promise<{ merged: boolean }> {
    await this.#load(sandbox, me, true);
    const next = this.#forwardTarget();
    if (next) return this.#peer(sandbox, next).absorb(sandbox, next, fromProfileId, policy);
    if (me === fromProfileId) return { merged: false };
    this.#tx(() => this.#state.touch(sandbox, me, Date.now()));
    let pending = this.#absorbing.get(fromProfileId);
    if (!pending) {
      pending = this.#absorbOnce(sandbox, me, fromProfileId, policy).finally(() => this.#absorbing.delete(fromProfileId));
      this.#absorbing.set(fromProfileId, pending);
    }
    return pending;
  }

  async #absorbOnce(sandbox: string, me: string, from: string, policy: MergePolicy): Promise<{ merged: boolean }> {
    const other = this.#peer(sandbox, from);
    if (this.#state.hasMerged(from)) {
      await other.finishMerge(me);
      return { merged: false };
    }
    const exported = await other.exportForMerge(sandbox, from, me);
    if ("forwardedTo" in exported) {
      if (exported.forwardedTo !== me) throw new Error(`profile ${from} was merged into ${exported.forwardedTo}, not ${me}`);
      this.#tx(() => this.#state.recordMerged(from, Date.now()));
      return { merged: false };
    }
    this.#tx(() => this.#import(from, exported.state, policy));
    await other.finishMerge(me);
    return { merged: true };
  }

  /** Hands this profile's state to the profile absorbing it; from now on calls are forwarded. */
  async exportForMerge(sandbox: string, me: string, into: string): Promise<ExportResult> {
    await this.#load(sandbox, me, true);
    return this.#tx((): ExportResult => {
      const s = this.#state;
      const forwarded = s.get("forwarded_to");
      if (forwarded) return { forwardedTo: forwarded };
      const merging = s.get("merging_into");
      if (merging && merging !== into) return { forwardedTo: merging };
      s.set("merging_into", into);
      return { state: s.exportState() };
    });
  }

  /** Drops the merged-away state, keeping only the forwarding pointer. */
  async finishMerge(into: string): Promise<void> {
    this.#tx(() => {
      const s = this.#state;
      if (s.get("forwarded_to") === into) return;
      if (s.get("merging_into") !== into) throw new Error(`finishMerge(${into}) without a matching export`);
      s.clear(KEEP_WHEN_FORWARDED);
      s.set("forwarded_to", into);
    });
    await this.ctx.storage.deleteAlarm();
  }

  /** Queues an in-app message for the profile's next interaction. */
  async queueMessage(sandbox: string, profileId: string, message: MessageInput, now: number, id: string = crypto.randomUUID()): Promise<Message> {
    await this.#load(sandbox, profileId, true);
    const next = this.#forwardTarget();
    if (next) return this.#peer(sandbox, next).queueMessage(sandbox, next, message, now, id);
    return this.#tx(() => {
      this.#state.touch(sandbox, profileId, now);
      return this.#inbox.add(message, id, token(), now);
    });
  }

  /** The profile as the console shows it, or null when this object has never seen anything. */
  async describe(sandbox: string, profileId: string, recent = 50): Promise<ProfileView | null> {
    await this.#load(sandbox, profileId, false);
    const next = this.#forwardTarget();
    const meta = this.#state.meta();
    if (next) return this.#peer(meta.sandbox, next).describe(sandbox, next, recent);
    if (!meta.profile_id) return null;
    const s = this.#state;
    const counters: OfferCounters = {};
    for (const c of s.counters()) (counters[c.offerId] ??= { decisions: 0, displays: 0, clicks: 0 })[c.kind] = c.n;
    return {
      id: meta.profile_id,
      sandbox: meta.sandbox,
      known: s.isKnown(),
      firstSeen: Number(meta.first_seen),
      lastSeen: Number(meta.last_seen),
      eventCount: s.eventCount(),
      attributes: visible(s.attributes()),
      identities: s.identities().map(({ namespace, value, authenticated }) => ({ namespace, value, authenticated })),
      consent: JSON.parse(meta.consent ?? "{}"),
      mergedFrom: this.ctx.storage.sql.exec<{ profile_id: string }>("SELECT profile_id FROM merged_from ORDER BY at").toArray().map((r) => r.profile_id),
      events: s.recentEvents(recent),
      counters,
      audiences: s.audienceHistory(),
      journeys: this.#journeys.history().map((i) => ({ id: i.id, journey: i.journey, version: i.version, node: i.node, status: i.status, enteredAt: i.enteredAt, wakeAt: i.wakeAt, ended: i.ended ?? null, test: !!i.test })),
    };
  }

  /**
   * The object's one alarm serves every timer: audience windows that move with time alone (an
   * event leaving "the last 7 days"), journey waits and timeouts, effects waiting to be handed to
   * the delivery queue, and retention (an anonymous profile idle past its sandbox's limit deletes
   * itself and its D1 rows). It is always set to the earliest.
   */
  async alarm(): Promise<void> {
    // An alarm starts from what storage holds, not from what earlier calls cached of it.
    this.#state.discardCaches();
    const meta = this.#state.meta();
    if (!meta.profile_id || meta.forwarded_to || meta.merging_into) return;
    const now = Date.now();
    if (meta.audience_wake && Number(meta.audience_wake) <= now) await this.#wakeAudiences(meta.sandbox, Number(meta.audiences_version), now);
    const journeyWake = this.#journeys.earliestWake();
    if (journeyWake !== null && journeyWake <= now) await this.#wakeJourneys(meta.sandbox, now);
    await this.#flushDeliveries();
    // A profile inside a journey is kept until the journey is done with it.
    if (!this.#state.isKnown() && now >= this.#expiresAt() && !this.#journeys.hasRunning()) {
      const message: QueueMessage = { kind: "expired", sandbox: meta.sandbox, profileId: meta.profile_id };
      await this.env.EVENTS.send(message);
      await this.ctx.storage.deleteAll();
      this.#state.discardCaches();
      // The object lives on as an empty profile: later calls must find its tables.
      migrate(this.ctx.storage.sql);
      return;
    }
    await this.#scheduleAlarm();
  }

  /** Re-evaluates audiences whose windows moved, and sends the entries and exits on. */
  async #wakeAudiences(sandbox: string, version: number, now: number) {
    const snapshot = version ? await loadSnapshot(this.env.CONFIG, sandbox, version) : null;
    const emitted = this.#tx(() => {
      if (!snapshot) {
        this.#state.unset("audience_wake");
        return [];
      }
      return this.#updateAudiences(snapshot, { attributes: [], eventTypes: [], identities: false, consent: false }, now);
    });
    if (emitted.length) {
      const message: QueueMessage = { kind: "events", sandbox, profileId: this.#state.get("profile_id")!, receivedAt: now, events: emitted };
      await this.env.EVENTS.send(message);
    }
  }

  /** Moves journey instances whose wait is over, against the sandbox's active configuration. */
  async #wakeJourneys(sandbox: string, now: number) {
    const snapshot = await activeSnapshot(this.env.CONFIG, sandbox);
    if (!snapshot) return;
    const profileId = this.#state.get("profile_id")!;
    const log = this.#tx(() => this.#runJourneys(snapshot, sandbox, profileId, now, (runner) => runner.onWake()).log);
    if (log) {
      const message: QueueMessage = { kind: "events", sandbox, profileId, receivedAt: now, events: [log] };
      await this.env.EVENTS.send(message);
    }
  }

  /**
   * Runs journeys inside the current transaction. Returns the steps as one dataset record (for
   * the journey's counts) and the attributes journey actions changed.
   */
  #runJourneys(snapshot: Snapshot, sandbox: string, profileId: string, now: number, run: (runner: JourneyRunner) => void, always = false): { log?: ProfileEvent; changed: string[]; moved: ProfileEvent[] } {
    // Most profiles are in no journey and most sandboxes run none: then there is nothing to read.
    if (!always && !snapshot.journeys?.length && !this.#journeys.hasRunning()) return { changed: [], moved: [] };
    const s = this.#state;
    const changed = new Set<string>();
    let listsChanged = false;
    let ruleInput: RuleInput | null = null;
    let profile: Record<string, JsonValue> | null = null;
    const current = () => (profile ??= visible(s.attributes()));
    const zone = () => {
      const tz = current().timeZone;
      return typeof tz === "string" && validTimeZone(tz) ? tz : snapshot.settings.timeZone;
    };
    const runner = new JourneyRunner(this.#journeys, {
      sandbox,
      profileId,
      snapshot,
      now,
      newId: () => randomBase64url(9),
      profile: {
        profileId,
        get timeZone() {
          return zone();
        },
        attribute: (name) => current()[name],
        matches: (rule) => inlineRule(rule)((ruleInput ??= membershipAt(compileAudiences(snapshot.audiences ?? []), this.#ruleInput(now)))),
      },
      changeList: (audience, add) => {
        const lists = new Set(JSON.parse(s.get("lists") ?? "[]") as string[]);
        if (add) lists.add(audience);
        else lists.delete(audience);
        s.set("lists", JSON.stringify([...lists]));
        listsChanged = true;
        ruleInput = null;
        // The list holds identities: a proven known one when the profile has it, else its device id.
        const ids = s.identities();
        const chosen = ids.find((i) => i.authenticated && i.namespace !== "pcid") ?? ids.find((i) => i.namespace === "pcid") ?? ids[0];
        return chosen ? { namespace: chosen.namespace, value: chosen.value } : null;
      },
      updateProfile: (set, unset) => {
        const { next, changed: names } = applyUpdate(s.attributes(), { set: set as Record<string, JsonValue> | undefined, unset }, now);
        if (sizeOf(next) > MAX_PROFILE_BYTES) return;
        for (const name of names) {
          s.putAttribute(name, next[name]);
          changed.add(name);
        }
        profile = null;
        ruleInput = null;
      },
    });
    run(runner);
    runner.flush();
    // A list audience changed by a step: the audiences follow at once (their moves are recorded as events).
    const moved = listsChanged ? this.#updateAudiences(snapshot, { attributes: [], eventTypes: [], identities: false, consent: false, lists: true }, now) : [];
    const steps = runner.output.steps;
    const log: ProfileEvent | undefined = steps.length
      ? { id: `journey.steps:${now}:${token()}`, type: "journey.steps", ts: now, data: { steps: steps.map((x) => ({ journey: x.journey, version: x.version, instance: x.instance, node: x.node, type: x.type, phase: x.phase, outcome: x.outcome, ...(x.test ? { test: true } : {}) })) } }
      : undefined;
    return { log, changed: [...changed], moved };
  }

  /** Hands stored journey effects to the delivery queue, then forgets them; what fails is retried by the next call or alarm. */
  async #flushDeliveries() {
    if (!this.#journeys.hasOutbox()) return;
    const pending = this.#journeys.outbox();
    if (!pending.length) return;
    try {
      await sendInBatches(this.env.DELIVERY, pending);
      this.#tx(() => this.#journeys.sent(pending.map((m) => m.stepId)));
    } catch (err) {
      console.error("delivery queue send failed; will retry", err);
    }
  }

  /** Enters a journey from a read of an audience (a scheduled run's fan-out). */
  async enterJourney(sandbox: string, profileId: string, journey: string, now: number): Promise<void> {
    await this.#load(sandbox, profileId, true);
    const next = this.#forwardTarget();
    if (next) return this.#peer(sandbox, next).enterJourney(sandbox, next, journey, now);
    const snapshot = await activeSnapshot(this.env.CONFIG, sandbox);
    if (!snapshot) return;
    const log = this.#tx(() => {
      this.#state.touch(sandbox, profileId, Date.now());
      return this.#runJourneys(snapshot, sandbox, profileId, Date.now(), (runner) => runner.enterFromRun(journey), true).log;
    });
    if (log) await this.env.EVENTS.send({ kind: "events", sandbox, profileId, receivedAt: now, events: [log] } satisfies QueueMessage);
    await this.#flushDeliveries();
    await this.#scheduleAlarm();
  }

  /** Starts a test or dry run of a journey for this profile (console test mode). */
  async testJourney(input: { sandbox: string; profileId: string; journey: string; version: number; definition: Definition; vars: JsonObject; dryRun: boolean; now: number }): Promise<{ instance: string }> {
    await this.#load(input.sandbox, input.profileId, true);
    const next = this.#forwardTarget();
    if (next) return this.#peer(input.sandbox, next).testJourney({ ...input, profileId: next });
    const snapshot = (await activeSnapshot(this.env.CONFIG, input.sandbox)) ?? null;
    let instance = "";
    const log = this.#tx(() => {
      this.#state.touch(input.sandbox, input.profileId, input.now);
      const base = snapshot ?? ({ journeys: [], audiences: [], settings: { timeZone: "UTC" } } as unknown as Snapshot);
      return this.#runJourneys({ ...base, journeys: base.journeys ?? [] }, input.sandbox, input.profileId, input.now, (runner) => {
        instance = runner.test(input.journey, input.version, input.definition, input.vars, input.dryRun);
      }, true).log;
    });
    if (log) await this.env.EVENTS.send({ kind: "events", sandbox: input.sandbox, profileId: input.profileId, receivedAt: input.now, events: [log] } satisfies QueueMessage);
    await this.#flushDeliveries();
    await this.#scheduleAlarm();
    return { instance };
  }

  /** One journey instance of this profile and its steps, for the test panel and the profile page. */
  async journeyTrace(sandbox: string, profileId: string, instance: string) {
    await this.#load(sandbox, profileId, false);
    const i = this.#journeys.get(instance);
    if (!i) return null;
    const { definition: _, ...rest } = i;
    return { instance: rest, steps: this.#journeys.steps(instance) };
  }

  // --- internals ------------------------------------------------------------------------------

  /**
   * Before the first use of an empty object: take over the profile's cold state from D1, if it
   * has any. `claim` (any call that may write) also marks the row warm so imports stop writing
   * it. Other calls wait meanwhile, so the state is taken once.
   */
  async #load(sandbox: string, profileId: string, claim: boolean): Promise<void> {
    if (this.#state.get("profile_id") !== undefined) return;
    await this.ctx.blockConcurrencyWhile(async () => {
      if (this.#state.get("profile_id") !== undefined) return;
      const cold = await takeOver(this.env.DB, sandbox, profileId, Date.now(), claim);
      if (!cold) return;
      this.#tx(() => {
        const s = this.#state;
        s.touch(sandbox, profileId, cold.firstSeen);
        s.touch(sandbox, profileId, cold.lastSeen);
        for (const [name, entry] of Object.entries(cold.attributes)) s.putAttribute(name, entry);
        for (const i of cold.identities) s.addIdentity(i);
        s.capIdentities();
      });
    });
  }

  /** One transaction; when it fails, storage rolls back and so do the state's caches. */
  #tx<T>(fn: () => T): T {
    try {
      return this.ctx.storage.transactionSync(fn);
    } catch (err) {
      this.#state.discardCaches();
      throw err;
    }
  }

  #forwardTarget(): string | undefined {
    return this.#state.get("forwarded_to") ?? this.#state.get("merging_into");
  }

  #peer(sandbox: string, profileId: string): ProfileObject {
    const ns = this.env.PROFILE as unknown as DurableObjectNamespace<ProfileObject>;
    return ns.get(ns.idFromName(`${sandbox}:${profileId}`)) as unknown as ProfileObject;
  }

  #addIdentities(claims: IdentityClaim[], now: number): boolean {
    let changed = false;
    for (const c of claims) changed = this.#state.addIdentity({ ...c, addedAt: now }) || changed;
    return changed;
  }

  /**
   * Counts a notification once per tracking token, for the offer's counters and its caps; any
   * other event naming an offer (`data.offerId`) counts for caps on that event type.
   */
  #count(e: ProfileEvent, snapshot: Snapshot | null, globalAdds: { key: string; rule: CapRule }[]): { offerId: string; placement: string }[] {
    const kind = NOTIFICATIONS[e.type];
    const tokens = e.data.tokens;
    if (e.type in MESSAGE_NOTIFICATIONS) {
      if (Array.isArray(tokens)) for (const t of tokens.slice(0, 30)) if (typeof t === "string") this.#inbox.notify(t, e.type as MessageNotification, e.ts);
      return [];
    }
    const addGlobal = (offerId: string, placement: string, counts: string) => {
      const caps = snapshot ? capsOf(snapshot).get(offerId) : undefined;
      caps?.forEach((rule, i) => {
        if (rule.scope === "global" && rule.counts === counts) globalAdds.push({ key: globalCapKey(offerId, i, rule, placement), rule });
      });
    };
    if (!kind) {
      if (typeof e.data.offerId === "string") {
        const placement = typeof e.data.placement === "string" ? e.data.placement : "";
        this.#state.logCap(e.data.offerId, placement, e.type, e.ts);
        addGlobal(e.data.offerId, placement, e.type);
      }
      return [];
    }
    if (!Array.isArray(tokens)) return [];
    const counted: { offerId: string; placement: string }[] = [];
    for (const t of tokens.slice(0, 30)) {
      if (typeof t !== "string") continue;
      const hit = this.#state.notify(t, kind, e.ts);
      if (!hit) continue;
      const counts = kind === "displays" ? "display" : "click";
      this.#state.bump(hit.offerId, kind);
      if (!snapshot || capsOf(snapshot).get(hit.offerId)?.some((r) => r.scope === "profile")) this.#state.logCap(hit.offerId, hit.placement, counts, e.ts);
      addGlobal(hit.offerId, hit.placement, counts);
      counted.push(hit);
    }
    return counted;
  }

  /** Displays and clicks per offer for the asked placements ranked automatically; none read otherwise. */
  async #statsFor(sandbox: string, snapshot: Snapshot, asks: Ask[]): Promise<StatsOf | undefined> {
    const auto = asks.filter((a) => a.decision !== null && snapshot.decisions[a.decision]?.placements.some((p) => p.placement === a.placement && p.criteria.some((c) => c.ranking.kind === "auto")));
    if (!auto.length) return undefined;
    const byPlacement = await placementStats(this.env.DB, sandbox, [...new Set(auto.map((a) => a.placement))]);
    return (placement) => byPlacement.get(placement);
  }

  /** Counts across all profiles of the global caps of a decision's candidates (for explanations; at most 50 offers asked). */
  async #globalCounts(sandbox: string, snapshot: Snapshot, asks: Ask[], now: number): Promise<Map<string, number>> {
    const wanted = new Map<string, CapRule>();
    for (const ask of asks) {
      const entry = ask.decision === null ? null : snapshot.decisions[ask.decision]?.placements.find((p) => p.placement === ask.placement);
      const lists = entry ? entry.criteria.map((c) => candidatesFor(snapshot, c.collection, ask.placement)) : [snapshot.offersByPlacement[ask.placement] ?? []];
      for (const item of lists.flat()) {
        item.caps?.forEach((rule, i) => {
          if (rule.scope === "global" && wanted.size < 50) wanted.set(globalCapKey(item.offerId, i, rule, ask.placement), rule);
        });
      }
    }
    const entries = await Promise.all([...wanted].map(async ([key, rule]) => [key, await globalCount(this.env, sandbox, key, rule, now, snapshot.settings.timeZone)] as const));
    return new Map(entries);
  }

  /** How many of what a per-profile rule counts this profile did since a moment, exactly. */
  #profileCount(item: CompiledItem, rule: CapRule, since: number, placement: string): number {
    const s = this.#state;
    const counter = LIFETIME_COUNTERS[rule.counts];
    if (since === -Infinity && !rule.perPlacement && counter) return s.counters().find((c) => c.offerId === item.offerId && c.kind === counter)?.n ?? 0;
    return s.capCount(item.offerId, rule.counts, since, rule.perPlacement ? placement : undefined);
  }

  /**
   * The judge of offers for this profile now: caps counted here, eligibility with the request's
   * context. The profile is read for rules once, and only when an offer or criterion asks.
   */
  #judging(snapshot: Snapshot, now: number, context: JsonObject | undefined, overrides?: Record<string, JsonValue>, globalVerdict?: JudgeParts["globalVerdict"]) {
    let ruleInput: RuleInput | null = null;
    const base = this.#ruleInput(now, context);
    const input = overrides ? Object.defineProperty(base, "profile", { value: { ...base.profile, ...overrides } }) : base;
    const rules = () => (ruleInput ??= membershipAt(compileAudiences(snapshot.audiences ?? []), input));
    const eligible = (e: Eligibility) => ("audience" in e ? rules().member(e.audience) : inlineRule(e.rule)(rules()));
    const judge = judgeWith({
      now,
      timeZone: snapshot.settings.timeZone,
      profileCount: (item, rule, since, placement) => this.#profileCount(item, rule, since, placement),
      globalVerdict,
      eligible,
    });
    const scope = {
      get profile() {
        return input.profile as Record<string, unknown>;
      },
      context: (context ?? {}) as Record<string, unknown>,
    };
    return { judge, eligible, scope };
  }

  /**
   * Which list audiences name one of this profile's identities: read from D1 only when the
   * published lists changed or the profile presents an identity it did not have, so the
   * common request reads nothing. Null when what is stored is current.
   */
  async #readLists(sandbox: string, snapshot: Snapshot, incoming: IdentityRef[]): Promise<{ key: string; ids: string[] } | null> {
    const listed = (snapshot.audiences ?? []).filter((a) => a.list !== undefined);
    const key = listed.map((a) => `${a.id}@${a.list}`).join(",");
    const stored = this.#state.get("lists_key") ?? "";
    if (!listed.length && stored === "") return null; // no lists, then or now: nothing to read
    const have = this.#state.identities();
    const known = new Set(have.map((i) => `${i.namespace}\u0000${i.value}`));
    const fresh = incoming.filter((i) => !known.has(`${i.namespace}\u0000${i.value}`));
    if (stored === key && !fresh.length) return null;
    const ids = listed.length ? await listsOf(this.env.DB, sandbox, [...have, ...fresh], listed.map((a) => a.id)) : [];
    return { key, ids };
  }

  /** Stores the list audiences read by `#readLists`; true when they changed. */
  #storeLists(lists: { key: string; ids: string[] }): boolean {
    const before = this.#state.get("lists") ?? "[]";
    const after = JSON.stringify(lists.ids);
    this.#state.set("lists_key", lists.key);
    this.#state.set("lists", after);
    return before !== after;
  }

  /**
   * What rules see of this profile now. Each part is read from storage the first time a rule
   * asks for it (most events change no audience, and then nothing is read); events per type.
   */
  #ruleInput(now: number, context?: JsonObject): Omit<RuleInput, "member"> {
    const s = this.#state;
    let profile: Record<string, JsonValue> | undefined;
    let identities: Record<string, string[]> | undefined;
    let consent: JsonObject | undefined;
    let lists: Set<string> | undefined;
    const byType = new Map<string, readonly { ts: number; data: JsonObject }[]>();
    return {
      get profile() {
        return (profile ??= visible(s.attributes()));
      },
      get identities() {
        if (!identities) {
          identities = {};
          for (const i of s.identities()) (identities[i.namespace] ??= []).push(i.value);
        }
        return identities;
      },
      get consent() {
        return (consent ??= JSON.parse(s.get("consent") ?? "{}") as JsonObject);
      },
      get lists() {
        return (lists ??= new Set(JSON.parse(s.get("lists") ?? "[]") as string[]));
      },
      context,
      now,
      events: { ofType: (type) => byType.get(type) ?? byType.set(type, s.eventsOfType(type)).get(type)! },
    };
  }

  /**
   * The streaming evaluator: re-evaluates the audiences the change can affect (all of them when
   * the published audiences changed since the last time) and records each entry and exit as an
   * event, returned so it joins the dataset like any other.
   */
  #updateAudiences(snapshot: Snapshot, change: Change, now: number): ProfileEvent[] {
    const s = this.#state;
    const audiences = compileAudiences(snapshot.audiences ?? []);
    const members = s.members();
    if (!audiences.length && !members.size) return [];
    const state = { members, version: s.get("audiences_version") ? Number(s.get("audiences_version")) : null, at: s.get("audiences_at") ? Number(s.get("audiences_at")) : null };
    const { entered, exited, wake } = streamStep(audiences, state, change, this.#ruleInput(now), snapshot.version);
    s.set("audiences_at", String(now));
    s.set("audiences_version", String(snapshot.version));
    // `wake` is undefined when nothing was looked at, and then the next wake-up stands.
    if (wake === null) s.unset("audience_wake");
    else if (wake !== undefined) s.set("audience_wake", String(wake));
    const emitted: ProfileEvent[] = [];
    const emit = (type: "audience.entered" | "audience.exited", audience: string) => {
      const e: ProfileEvent = { id: `${type}:${audience}:${now}:${token()}`, type, ts: now, data: { audience } };
      s.addEvent(e);
      emitted.push(e);
    };
    for (const id of entered) {
      s.enter(id, now);
      emit("audience.entered", id);
    }
    for (const id of exited) {
      s.exit(id, now);
      emit("audience.exited", id);
    }
    return emitted;
  }

  /**
   * Decides the asked placements and counts what was decided (unless a dry run): a tracking
   * token per item, the offer's counters and its caps; contents are personalised. When a chosen
   * offer has caps across all profiles not yet confirmed, nothing is counted and the claims to
   * make are returned instead (see #settleGlobal).
   */
  #decide(snapshot: Snapshot, input: InteractInput, asks: Ask[], stats: StatsOf | undefined, global: GlobalState): Decided {
    const limitReached = (rule: CapRule) => `Capped: the limit of ${rule.limit} across all profiles is reached`;
    const globalVerdict: JudgeParts["globalVerdict"] = (item, rule, index, placement) => {
      const key = globalCapKey(item.offerId, index, rule, placement);
      if (global.refused.has(key)) return limitReached(rule);
      if (global.final && !global.granted.has(key)) return "Capped: the count across all profiles could not be confirmed in time";
      return null;
    };
    const { judge, eligible, scope } = this.#judging(snapshot, input.now, input.context, undefined, globalVerdict);
    const choices = decideAll(snapshot, asks, { profileId: input.profileId, now: input.now, judge, qualifies: eligible, scope, stats });

    const pending: GlobalClaim[] = [];
    const usedKeys = new Set<string>();
    for (const choice of choices) {
      for (const item of choice.fallback ? [] : choice.items) {
        item.caps?.forEach((rule, i) => {
          if (rule.scope !== "global") return;
          const key = globalCapKey(item.offerId, i, rule, choice.placement);
          usedKeys.add(key);
          if (!global.granted.has(key)) pending.push({ key, rule, take: rule.counts === "decision" && !input.dryRun });
        });
      }
    }
    if (pending.length) return { propositions: [], logged: undefined, pending, usedKeys };

    const propositions: Proposition[] = [];
    const decidedItems: JsonObject[] = [];
    const issued: Parameters<ProfileState["issueAll"]>[0] = [];
    for (const choice of choices) {
      const items: PropositionItem[] = [];
      for (const item of choice.items) {
        const { offerId, format, link, alt } = item;
        const content = renderContent(item.content, format, { profile: scope.profile, context: scope.context, offer: { id: offerId, priority: item.priority, tags: item.tags ?? [], ...item.attributes } });
        const out: PropositionItem = { offerId, format, content, ...(link ? { link } : {}), ...(alt ? { alt } : {}) };
        if (!input.dryRun) {
          out.trackingToken = token();
          issued.push({ token: out.trackingToken, offerId, placement: choice.placement, issuedAt: input.now });
          // The cap log serves per-profile caps only: offers without caps write nothing to it.
          if (item.caps?.some((r) => r.scope === "profile")) this.#state.logCap(offerId, choice.placement, "decision", input.now);
          decidedItems.push({ offerId, placement: choice.placement, ...(choice.decision ? { decision: choice.decision } : {}), ...(choice.fallback ? { fallback: true } : {}) });
        }
        items.push(out);
      }
      // Where and how the web SDK renders it when the page does not mark the placement itself.
      const { selector, action } = snapshot.placements[choice.placement] ?? {};
      propositions.push({
        id: crypto.randomUUID(), placement: choice.placement, decision: choice.decision, items, fallback: choice.fallback,
        ...(selector ? { selector } : {}), ...(action ? { action } : {}),
      });
    }
    this.#state.issueAll(issued);
    this.#state.bumpAll(issued.map((i) => i.offerId), "decisions");
    const logged: ProfileEvent | undefined = decidedItems.length
      ? { id: `proposition.decided:${input.now}:${token()}`, type: "proposition.decided", ts: input.now, data: { items: decidedItems } }
      : undefined;
    return { propositions, logged, pending, usedKeys };
  }

  /** Explains a decision for this profile: every candidate, eligible or not and why, scored and ranked. Counts nothing. */
  async explain(input: ExplainInput): Promise<ExplainResult> {
    await this.#load(input.sandbox, input.profileId, false);
    const next = this.#forwardTarget();
    if (next) return this.#peer(input.sandbox, next).explain({ ...input, profileId: next });
    const found = this.#state.get("profile_id") !== undefined;
    const asks = asksOf(input.snapshot, { decisions: input.decisions, placements: input.placements });
    const stats = await this.#statsFor(input.sandbox, input.snapshot, asks);
    const counts = await this.#globalCounts(input.sandbox, input.snapshot, asks, input.now);
    const globalVerdict: JudgeParts["globalVerdict"] = (item, rule, index, placement) => {
      const n = counts.get(globalCapKey(item.offerId, index, rule, placement)) ?? 0;
      return n >= rule.limit ? `Capped: ${describeCount(rule, n)}` : null;
    };
    const { judge, eligible, scope } = this.#judging(input.snapshot, input.now, input.context, input.attributes, globalVerdict);
    const trace: PlacementTrace[] = [];
    decideAll(input.snapshot, asks, { profileId: input.profileId, now: input.now, judge, qualifies: eligible, scope, stats, trace });
    return { found, placements: trace };
  }

  #indexUpdate(attributesChanged: boolean, identitiesChanged: boolean, attributes: AttributeMap, consentChanged = false): IndexUpdate | undefined {
    if (!attributesChanged && !identitiesChanged && !consentChanged) return undefined;
    const update: IndexUpdate = { known: this.#state.isKnown() };
    if (consentChanged) update.consent = JSON.parse(this.#state.get("consent") ?? "{}") as JsonObject;
    if (attributesChanged) update.attributes = visible(attributes);
    if (identitiesChanged) update.identities = this.#state.identities().map(({ namespace, value, authenticated }) => ({ namespace, value, authenticated }));
    return update;
  }

  #import(fromId: string, from: MergeState, policy: MergePolicy) {
    const s = this.#state;
    const merged = mergeAttributes(s.attributes(), from.attributes, policy);
    for (const [name, entry] of Object.entries(merged)) s.putAttribute(name, entry);
    for (const i of from.identities) s.addIdentity(i);
    s.capIdentities();
    // Daily counts are summed, then corrected for events both profiles had (same id).
    for (const d of from.daily) s.bumpDaily(d.type, d.day, d.n);
    for (const e of from.events) {
      if (s.hasEvent(e.id)) s.bumpDaily(e.type, Math.floor(e.ts / DAY_MS), -1);
      else s.importEvent(e);
    }
    for (const c of from.counters) s.bump(c.offerId, c.kind, c.n);
    // Caps count what both profiles did: the absorbed one's log joins this one's.
    for (const c of from.caps ?? []) s.logCap(c.offer_id, c.placement, c.kind, c.ts);
    s.importPropositions(from.propositions);
    const first = Math.min(Number(s.get("first_seen") ?? Infinity), Number(from.meta.first_seen ?? Infinity));
    const last = Math.max(Number(s.get("last_seen") ?? 0), Number(from.meta.last_seen ?? 0));
    if (Number.isFinite(first)) s.set("first_seen", String(first));
    s.set("last_seen", String(last));
    if (!s.get("consent") && from.meta.consent) s.set("consent", from.meta.consent);
    s.recordMerged(fromId, Date.now());
    s.trim(Date.now());
    // The merged profile is someone new to its audiences: every one is looked at again on the
    // next step, and the lists are read again for the identities it brought.
    s.unset("audiences_version");
    s.unset("lists_key");
  }

  #expiresAt(): number {
    return Number(this.#state.get("last_seen") ?? Date.now()) + Number(this.#state.get("ttl_days") ?? 30) * DAY_MS;
  }

  /** Sets the alarm to the earliest timer: the next audience window move, or retention. */
  async #scheduleAlarm() {
    if (this.#forwardTarget()) return;
    const wake = this.#state.get("audience_wake");
    const journeyWake = this.#journeys.earliestWake();
    // Effects not yet handed to the delivery queue are tried again shortly.
    const retry = this.#journeys.hasOutbox() ? Date.now() + 5000 : Infinity;
    const times = [wake ? Number(wake) : Infinity, this.#state.isKnown() ? Infinity : this.#expiresAt(), journeyWake ?? Infinity, retry];
    const at = Math.min(...times);
    if (!Number.isFinite(at)) return;
    // An alarm that fires early only looks and sets itself again, so one already set at or
    // before `at` is kept: most requests then cost no alarm write.
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

}
