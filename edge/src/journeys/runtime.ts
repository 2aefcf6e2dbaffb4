/**
 * Journeys inside the profile's object: its instances, their steps, and the side effects waiting
 * to leave. Everything here runs inside the object's transaction, so an instance's new position,
 * the steps that moved it and the effects those steps produced are stored together or not at
 * all. Effects are then handed to the delivery queue and removed from the outbox; one that was
 * stored but not handed over (the object was evicted in between) is handed over on the next
 * call or alarm, carrying its step id as the idempotency key, so nothing is lost and the
 * delivery side sends it once.
 *
 * Entries, jumps and audience-triggered entries happen here without a network hop: an event or
 * an audience change seen by this object enters its journeys in the same request.
 */
import type { JourneyConfig, Snapshot } from "../config/snapshot";
import type { JsonObject, ProfileEvent } from "../profiles/events";
import { compilePayload } from "../audiences/evaluate";
import { parseDuration } from "../audiences/duration";
import type { Definition } from "./definition";
import { advance, enter, finish, type Advance, type Effect, type Instance, type ProfileView, type Step, type Trigger } from "./engine";

const DAY_MS = 86_400_000;
/** Finished instances are kept this long, for re-entrance rules and the profile's history. */
const KEEP_DONE_MS = 400 * DAY_MS;
const KEEP_STEPS = 200;

type Row = {
  id: string; journey: string; version: number; node: string; status: Instance["status"]; entered_at: number; vars: string; seq: number;
  wake_at: number | null; waiting_for: string | null; test: number; ended: string | null; definition: string | null;
};

const payloadTests = new Map<string, (data: unknown) => boolean>();
function payloadMatches(where: Record<string, unknown>, data: JsonObject): boolean {
  const key = JSON.stringify(where);
  let test = payloadTests.get(key);
  if (!test) {
    if (payloadTests.size > 2000) payloadTests.clear();
    payloadTests.set(key, (test = compilePayload(where as JsonObject)));
  }
  return test(data);
}

/** A delivery effect as it leaves the object: the step id is its idempotency key. */
export type DeliveryMessage = Extract<Effect, { kind: "action" }> & { sandbox: string; profileId: string; test?: boolean; dryRun?: boolean };

/** What one pass over the journeys produced, for the dataset and the delivery queue. */
export type JourneyOutput = { steps: (Step & { journey: string; version: number; instance: string; test?: boolean })[]; deliveries: number };

export class JourneyStore {
  constructor(private readonly sql: SqlStorage) {}

  #read(r: Row): Instance & { definition?: Definition } {
    return {
      id: r.id, journey: r.journey, version: r.version, node: r.node, status: r.status, enteredAt: r.entered_at, vars: JSON.parse(r.vars),
      seq: r.seq, wakeAt: r.wake_at, waitingFor: r.waiting_for, ...(r.test ? { test: true } : {}), ...(r.ended ? { ended: r.ended } : {}),
      ...(r.definition ? { definition: JSON.parse(r.definition) as Definition } : {}),
    };
  }

  /** Whether any instance is still running, without reading them. */
  hasRunning(): boolean {
    return this.sql.exec("SELECT 1 FROM journey_instances WHERE status != 'done' LIMIT 1").toArray().length > 0;
  }
  running(): (Instance & { definition?: Definition })[] {
    return this.sql.exec<Row>("SELECT * FROM journey_instances WHERE status != 'done'").toArray().map((r) => this.#read(r));
  }
  get(id: string) {
    const r = this.sql.exec<Row>("SELECT * FROM journey_instances WHERE id = ?", id).toArray()[0];
    return r ? this.#read(r) : null;
  }
  /** The latest entry of a profile into a journey (test runs aside), for re-entrance rules. */
  lastEntry(journey: string): { status: Instance["status"]; enteredAt: number } | null {
    const r = this.sql.exec<{ status: Instance["status"]; entered_at: number }>("SELECT status, entered_at FROM journey_instances WHERE journey = ? AND test = 0 ORDER BY entered_at DESC LIMIT 1", journey).toArray()[0];
    return r ? { status: r.status, enteredAt: r.entered_at } : null;
  }
  /**
   * Stores instances as they now stand, in one statement: a run saves each instance it moved
   * once, however many steps it took.
   */
  saveAll(rows: { instance: Instance; definition?: Definition }[], now: number) {
    if (!rows.length) return;
    this.sql.exec(
      `INSERT INTO journey_instances (id, journey, version, node, status, entered_at, vars, seq, wake_at, waiting_for, test, ended, definition, updated_at)
       SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]'),
         json_extract(value, '$[5]'), json_extract(value, '$[6]'), json_extract(value, '$[7]'), json_extract(value, '$[8]'), json_extract(value, '$[9]'),
         json_extract(value, '$[10]'), json_extract(value, '$[11]'), json_extract(value, '$[12]'), ?
       FROM json_each(?) WHERE 1
       ON CONFLICT(id) DO UPDATE SET node = excluded.node, status = excluded.status, vars = excluded.vars, seq = excluded.seq, wake_at = excluded.wake_at,
         waiting_for = excluded.waiting_for, ended = excluded.ended, updated_at = excluded.updated_at`,
      now,
      JSON.stringify(rows.map(({ instance: i, definition }) => [
        i.id, i.journey, i.version, i.node, i.status, i.enteredAt, JSON.stringify(i.vars), i.seq, i.wakeAt, i.waitingFor, i.test ? 1 : 0, i.ended ?? null,
        definition ? JSON.stringify(definition) : null,
      ])),
    );
  }
  /**
   * Records new steps of any number of instances in one statement. Past KEEP_STEPS steps taken
   * (an instance's `seq` numbers its step ids) its oldest are dropped; below that nothing can be
   * old, so most runs skip the delete.
   */
  addSteps(steps: { instance: string; step: Step }[], taken: Map<string, number>) {
    if (steps.length) {
      this.sql.exec(
        `INSERT OR IGNORE INTO journey_steps (id, instance, node, type, at, outcome)
         SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]') FROM json_each(?)`,
        JSON.stringify(steps.map(({ instance, step: s }) => [s.id, instance, s.node, s.type, s.at, s.outcome])),
      );
    }
    for (const [instance, seq] of taken) {
      if (seq > KEEP_STEPS) this.sql.exec("DELETE FROM journey_steps WHERE instance = ? AND id NOT IN (SELECT id FROM journey_steps WHERE instance = ? ORDER BY at DESC, rowid DESC LIMIT ?)", instance, instance, KEEP_STEPS);
    }
  }
  steps(instance: string) {
    return this.sql.exec<{ id: string; node: string; type: string; at: number; outcome: string }>("SELECT id, node, type, at, outcome FROM journey_steps WHERE instance = ? ORDER BY at, rowid", instance).toArray();
  }
  /** Instances of this profile, newest first, for the console. */
  history(limit = 20) {
    return this.sql.exec<Row>("SELECT * FROM journey_instances ORDER BY entered_at DESC LIMIT ?", limit).toArray().map((r) => this.#read(r));
  }
  earliestWake(): number | null {
    const r = this.sql.exec<{ at: number | null }>("SELECT min(wake_at) AS at FROM journey_instances WHERE status = 'waiting'").one();
    return r.at ?? null;
  }
  queue(message: DeliveryMessage, now: number) {
    this.sql.exec("INSERT OR IGNORE INTO journey_outbox (step_id, body, created_at) VALUES (?, ?, ?)", message.stepId, JSON.stringify(message), now);
  }
  /** Whether effects wait to be handed to the delivery queue. */
  hasOutbox(): boolean {
    return this.sql.exec("SELECT 1 FROM journey_outbox LIMIT 1").toArray().length > 0;
  }
  outbox(): DeliveryMessage[] {
    return this.sql.exec<{ body: string }>("SELECT body FROM journey_outbox ORDER BY created_at LIMIT 100").toArray().map((r) => JSON.parse(r.body) as DeliveryMessage);
  }
  sent(stepIds: string[]) {
    for (const id of stepIds) this.sql.exec("DELETE FROM journey_outbox WHERE step_id = ?", id);
  }
  trim(now: number) {
    this.sql.exec("DELETE FROM journey_steps WHERE instance IN (SELECT id FROM journey_instances WHERE status = 'done' AND updated_at < ?)", now - 90 * DAY_MS);
    this.sql.exec("DELETE FROM journey_instances WHERE status = 'done' AND updated_at < ?", now - KEEP_DONE_MS);
  }
}

export type RunContext = {
  sandbox: string;
  profileId: string;
  snapshot: Snapshot;
  now: number;
  profile: ProfileView;
  /** Applies an update-profile action at once, inside the same transaction. */
  updateProfile: (set: Record<string, unknown> | undefined, unset: string[] | undefined) => void;
  /**
   * Adds the profile to a static (list) audience or removes it, at once in this object; returns
   * the identity the list should hold for it, for the delivery side to write to the list in D1.
   */
  changeList: (audience: string, add: boolean) => { namespace: string; value: string } | null;
  newId: () => string;
};

const configIndex = new WeakMap<Snapshot, Map<string, JourneyConfig>>();
function configOf(snapshot: Snapshot, journey: string, version: number): JourneyConfig | undefined {
  let index = configIndex.get(snapshot);
  if (!index) {
    index = new Map((snapshot.journeys ?? []).map((j) => [`${j.id}@${j.version}`, j]));
    configIndex.set(snapshot, index);
  }
  return index.get(`${journey}@${version}`);
}
const isDryRun = (i: Instance) => i.id.startsWith("dry~");

/**
 * The journey's throughput limit, counted per isolate and second: entries past the limit are
 * refused (they may enter on a later trigger). With several isolates the limit holds in each.
 */
const entryWindows = new Map<string, { second: number; n: number }>();
function admitted(j: JourneyConfig, now: number): boolean {
  const limit = j.definition.throughputPerSecond;
  if (!limit) return true;
  const second = Math.floor(now / 1000);
  const key = `${j.id}@${j.version}`;
  const w = entryWindows.get(key);
  if (!w || w.second !== second) {
    if (entryWindows.size > 1000) entryWindows.clear();
    entryWindows.set(key, { second, n: 1 });
    return true;
  }
  if (w.n >= limit) return false;
  w.n++;
  return true;
}

/** Live journeys by what enters them (an event type, or `entered:`/`exited:` an audience), indexed once per snapshot. */
const entryIndex = new WeakMap<Snapshot, { byEvent: Map<string, JourneyConfig[]>; byAudience: Map<string, JourneyConfig[]> }>();
function entriesOf(snapshot: Snapshot) {
  let index = entryIndex.get(snapshot);
  if (!index) {
    index = { byEvent: new Map(), byAudience: new Map() };
    for (const j of snapshot.journeys ?? []) {
      if (j.status === "stopped") continue;
      const e = j.definition.entry;
      const [map, key] = e.type === "event" ? [index.byEvent, e.eventType] : e.type === "audience" ? [index.byAudience, `${e.on}:${e.audience}`] : [null, ""];
      if (map) (map.get(key) ?? map.set(key, []).get(key)!).push(j);
    }
    entryIndex.set(snapshot, index);
  }
  return index;
}
const liveOf = (snapshot: Snapshot, journey: string) => (snapshot.journeys ?? []).find((j) => j.id === journey && j.status === "live");

/** Runs journeys for one profile: entries, events, wake-ups, exits and timeouts. */
export class JourneyRunner {
  readonly output: JourneyOutput = { steps: [], deliveries: 0 };
  /** The profile's running instances, read once per run and kept current as they move. */
  #live: Map<string, Instance & { definition?: Definition }> | null = null;
  /** What the run changed, written by `flush` (instances as they last stood, and their new steps). */
  #moved = new Map<string, { instance: Instance; definition?: Definition }>();
  #newSteps: { instance: string; step: Step }[] = [];
  constructor(private readonly store: JourneyStore, private readonly ctx: RunContext) {}

  #liveMap() {
    return (this.#live ??= new Map(this.store.running().map((i) => [i.id, i])));
  }

  /** Writes what the run changed: each moved instance once, and every new step, in two statements. */
  flush() {
    const moved = [...this.#moved.values()];
    this.store.saveAll(moved, this.ctx.now);
    this.store.addSteps(this.#newSteps, new Map(moved.map(({ instance }) => [instance.id, instance.seq])));
    this.#moved.clear();
    this.#newSteps = [];
  }

  /** What an instance runs: its own definition (test runs), else its version in the snapshot. */
  #definition(i: Instance & { definition?: Definition }): Definition | undefined {
    return i.definition ?? configOf(this.ctx.snapshot, i.journey, i.version)?.definition;
  }

  #apply(result: Advance, definition?: Definition) {
    const { instance, steps, effects } = result;
    if (!steps.length && !effects.length) return;
    // The definition is stored with an instance's first row (test runs): keep it for that write.
    this.#moved.set(instance.id, { instance, definition: definition ?? this.#moved.get(instance.id)?.definition });
    const live = this.#liveMap();
    if (instance.status === "done") live.delete(instance.id);
    else live.set(instance.id, { ...instance, ...(definition ? { definition } : {}) });
    for (const step of steps) this.#newSteps.push({ instance: instance.id, step });
    for (const s of steps) this.output.steps.push({ ...s, journey: instance.journey, version: instance.version, instance: instance.id, ...(instance.test ? { test: true } : {}) });
    for (const e of effects) {
      if (e.kind === "jump") {
        const target = liveOf(this.ctx.snapshot, e.journey);
        if (target) this.#enter(target, instance.vars);
        continue;
      }
      // A dry run walks the journey and records its steps, and sends or changes nothing.
      if (isDryRun(instance)) continue;
      if (e.action.kind === "update-profile") {
        this.ctx.updateProfile(e.action.set, e.action.unset);
        continue;
      }
      if (e.action.kind === "audience-add" || e.action.kind === "audience-remove") {
        const identity = this.ctx.changeList(e.action.audience, e.action.kind === "audience-add");
        if (identity) this.store.queue({ ...e, vars: { ...e.vars, listIdentity: identity }, sandbox: this.ctx.sandbox, profileId: this.ctx.profileId }, this.ctx.now);
        continue;
      }
      this.store.queue({ ...e, sandbox: this.ctx.sandbox, profileId: this.ctx.profileId, ...(instance.test ? { test: true } : {}) }, this.ctx.now);
      this.output.deliveries++;
    }
  }

  /** Re-entrance: never again, again once a wait has passed since the last entry, or always — but never twice at once. */
  #mayEnter(j: JourneyConfig): boolean {
    const last = this.#lastEntry(j.id);
    if (!last) return true;
    if (last.status !== "done") return false;
    const r = j.definition.reentrance;
    if (r.mode === "never") return false;
    if (r.mode === "always") return true;
    return this.ctx.now - last.enteredAt >= (parseDuration(r.wait) ?? Infinity);
  }

  /**
   * The latest entry into a journey (test runs aside), counting this run's unwritten moves. An
   * instance this run moved was running or has just entered, and a running one is always its
   * journey's latest entry (none enters while another runs), so a moved one answers alone.
   */
  #lastEntry(journey: string): { status: Instance["status"]; enteredAt: number } | null {
    let last: Instance | null = null;
    for (const { instance } of this.#moved.values()) {
      if (instance.journey === journey && !instance.test && (!last || instance.enteredAt >= last.enteredAt)) last = instance;
    }
    return last ? { status: last.status, enteredAt: last.enteredAt } : this.store.lastEntry(journey);
  }

  #enter(j: JourneyConfig, vars: JsonObject) {
    if (j.status === "test") {
      // A draft in test mode: only its test profiles enter, as test runs (waits in seconds), again and again.
      if (!j.testProfiles?.includes(this.ctx.profileId)) return;
      if ([...this.#liveMap().values()].some((i) => i.journey === j.id && i.test)) return;
      const instance = enter(j.definition, j.id, j.version, `test~${j.id}~${this.ctx.newId()}`, this.ctx.now, vars, true);
      this.#apply(advance(j.definition, instance, { kind: "enter" }, this.ctx.now, this.ctx.profile), j.definition);
      return;
    }
    if (!this.#mayEnter(j) || !admitted(j, this.ctx.now)) return;
    const instance = enter(j.definition, j.id, j.version, `${j.id}~${this.ctx.newId()}`, this.ctx.now, vars);
    this.#apply(advance(j.definition, instance, { kind: "enter" }, this.ctx.now, this.ctx.profile));
  }

  /**
   * Starts a test run for this profile: a draft (version 0) or a live version, with waits of
   * seconds. A test run sends its messages, marked as tests; a dry run sends and changes nothing.
   */
  test(journey: string, version: number, definition: Definition, vars: JsonObject, dryRun: boolean): string {
    const instance = enter(definition, journey, version, `${dryRun ? "dry" : "test"}~${journey}~${this.ctx.newId()}`, this.ctx.now, vars, true);
    this.#apply(advance(definition, instance, { kind: "enter" }, this.ctx.now, this.ctx.profile), definition);
    return instance.id;
  }

  /** Ends instances past their journey's timeout; returns the ones still running. */
  #running() {
    const out: (Instance & { definition?: Definition })[] = [];
    for (const i of [...this.#liveMap().values()]) {
      const def = this.#definition(i);
      if (!def) {
        this.#apply(finish(i, "stopped", this.ctx.now, "stopped: its version is no longer published"));
        continue;
      }
      if (!i.test && this.ctx.now >= i.enteredAt + def.timeoutDays * DAY_MS) {
        this.#apply(finish(i, "timeout", this.ctx.now, `timed out after ${def.timeoutDays} days`));
        continue;
      }
      out.push(i);
    }
    return out;
  }

  /** Events, in order: exits first, then waits for the event, then entries. */
  onEvents(events: readonly ProfileEvent[]) {
    if (!events.length) return;
    const { byEvent, byAudience } = entriesOf(this.ctx.snapshot);
    for (const e of events) {
      const entered = e.type === "audience.entered" ? String(e.data.audience) : null;
      const exited = e.type === "audience.exited" ? String(e.data.audience) : null;
      const entering = entered ?? exited ? (byAudience.get(`${entered ? "entered" : "exited"}:${entered ?? exited}`) ?? []) : (byEvent.get(e.type) ?? []);
      const running = this.#running();
      if (!running.length && !entering.length) continue;
      for (const i of running) {
        const def = this.#definition(i)!;
        const exit = def.exit.find((x) => (x.type === "event" ? x.eventType === e.type && (!x.where || payloadMatches(x.where, e.data)) : x.audience === exited));
        if (exit) {
          this.#apply(finish(i, "exit", this.ctx.now, exit.type === "event" ? `exit: ${e.type}` : `exit: left audience ${exited}`), i.definition);
          continue;
        }
        if (i.status === "waiting" && i.waitingFor === e.type) {
          const trigger: Trigger = { kind: "event", type: e.type, data: e.data, matches: (where) => payloadMatches(where, e.data) };
          this.#apply(advance(def, i, trigger, this.ctx.now, this.ctx.profile), i.definition);
        }
      }
      for (const j of entering) {
        const entry = j.definition.entry;
        if (entry.type === "event" && entry.where && !payloadMatches(entry.where, e.data)) continue;
        this.#enter(j, entry.type === "event" ? e.data : { audience: entry.type === "audience" ? entry.audience : "" });
      }
    }
  }

  /** Entries from a read-audience run: the profile is in the audience the run read. */
  enterFromRun(journey: string) {
    const j = liveOf(this.ctx.snapshot, journey);
    if (j && j.definition.entry.type === "read-audience") this.#enter(j, { audience: j.definition.entry.audience });
  }

  /** Moves every instance whose time has come. */
  onWake() {
    for (const i of this.#running()) {
      if (i.status === "waiting" && i.wakeAt !== null && i.wakeAt <= this.ctx.now) this.#apply(advance(this.#definition(i)!, i, { kind: "wake" }, this.ctx.now, this.ctx.profile), i.definition);
    }
  }
}
