/**
 * The journey engine: moves one profile's instance of a journey along its graph, as far as it
 * can go now. Pure — it reads the profile through a small interface and returns the steps it
 * took and the side effects to queue — so the profile's object can run it inside a transaction,
 * record the steps and effects atomically, and only then hand the effects to the delivery queue.
 *
 * An instance stops at a wait (until its time), at a wait for an event (until the event or the
 * timeout), or when it ends (an end node, a jump to another journey, an exit criterion, the
 * journey's timeout). Each step has an id — instance and sequence number — that effects carry
 * as their idempotency key, so a step re-run after a crash can be recognised downstream.
 *
 * Durations of seconds, minutes and hours are exact; days and weeks keep the wall-clock time in
 * the profile's time zone, so "wait 1 day" from 09:00 is 09:00 the next day across a change of
 * the clocks. In test mode every wait lasts as many seconds as its duration has units.
 */
import type { JsonObject, JsonValue } from "../profiles/events";
import { wallClock, zonedInstant } from "../decisioning/capping";
import { fnv1a } from "../decisioning/hash";
import type { Action, Definition, JourneyNode } from "./definition";

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

export type Instance = {
  id: string;
  journey: string;
  version: number;
  node: string;
  status: "active" | "waiting" | "done";
  enteredAt: number;
  /** The entry event's payload, read by actions as `journey.entry`. */
  vars: JsonObject;
  seq: number;
  /** When a wait ends, or a wait for an event times out. */
  wakeAt: number | null;
  /** The event type a wait-event node waits for. */
  waitingFor: string | null;
  /** Waits last seconds: `n` units of duration become `n` seconds. */
  test?: boolean;
  /** Why it ended: "end", "jump", "exit", "timeout", "stopped". */
  ended?: string;
};

/**
 * One thing that happened to an instance. `phase` says how it moves the node's counts: a profile
 * arrives at a wait and leaves it later; it passes every other node in one step.
 */
export type Step = { id: string; node: string; type: JourneyNode["type"] | "enter" | "exit"; at: number; outcome: string; phase: "arrive" | "leave" | "pass" | "none" };

export type Effect =
  | { kind: "action"; stepId: string; journey: string; version: number; instance: string; node: string; action: Action; vars: JsonObject }
  | { kind: "jump"; stepId: string; journey: string; from: string };

/** What the engine may read of the profile. */
export type ProfileView = {
  profileId: string;
  /** Whether the profile matches a rule in the audience language, now. */
  matches: (rule: Record<string, unknown>) => boolean;
  attribute: (name: string) => JsonValue | undefined;
  timeZone: string;
};

export type Trigger = { kind: "enter"; event?: JsonObject } | { kind: "wake" } | { kind: "event"; type: string; data: JsonObject; matches: (where: Record<string, unknown>) => boolean };

export type Advance = { instance: Instance; steps: Step[]; effects: Effect[] };

/** When a wait of `text` (`30m`, `2d`, `-1d`) started at `from` ends, in the profile's zone. */
export function addDuration(from: number, text: string, timeZone: string, test = false): number {
  const m = /^(-?)(\d{1,6})([smhdw])$/.exec(text);
  if (!m) return from;
  const n = Number(m[2]) * (m[1] ? -1 : 1);
  if (test) return from + Math.abs(n) * 1000;
  if (UNIT_MS[m[3]]) return from + n * UNIT_MS[m[3]];
  const days = m[3] === "w" ? n * 7 : n;
  const w = wallClock(from, timeZone);
  const date = new Date(Date.UTC(w.y, w.m - 1, w.d + days));
  return zonedInstant(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), w.h, w.min, timeZone) + (from % 60_000);
}

/** The instant a local date and time (`2026-12-24T09:00`) happens in a zone. */
export function localInstant(local: string, timeZone: string): number {
  const [date, time] = local.split("T");
  const [y, mo, d] = date.split("-").map(Number);
  const [h, min] = time.split(":").map(Number);
  return zonedInstant(y, mo, d, h, min, timeZone);
}

/** When a wait node ends, or null when it cannot be known (a missing attribute): then it does not wait. */
function waitEnd(node: Extract<JourneyNode, { type: "wait" }>, now: number, profile: ProfileView, test: boolean): number | null {
  if (node.for) return addDuration(now, node.for, profile.timeZone, test);
  if (test) return now + 1000;
  if (node.until) return localInstant(node.until, profile.timeZone);
  const raw = profile.attribute(node.untilAttribute!);
  const at = typeof raw === "number" ? raw : typeof raw === "string" ? (/^\d{4}-\d{2}-\d{2}$/.test(raw) ? localInstant(`${raw}T00:00`, profile.timeZone) : Date.parse(raw)) : NaN;
  if (!Number.isFinite(at)) return null;
  return node.offset ? addDuration(at, node.offset, profile.timeZone) : at;
}

/** A stable share of profiles per split node: the same profile always takes the same branch. */
function splitBranch(node: Extract<JourneyNode, { type: "split" }>, key: string): number {
  const bucket = fnv1a(key) % 100;
  let acc = 0;
  for (const [i, b] of node.branches.entries()) {
    acc += b.percent;
    if (bucket < acc) return i;
  }
  return node.branches.length - 1;
}

/** A fresh instance at the start node, not yet advanced. */
export function enter(def: Definition, journey: string, version: number, id: string, now: number, vars: JsonObject, test = false): Instance {
  return { id, journey, version, node: def.start, status: "active", enteredAt: now, vars, seq: 0, wakeAt: null, waitingFor: null, ...(test ? { test: true } : {}) };
}

/** Ends an instance where it is, with the reason, as one step. */
export function finish(instance: Instance, reason: "exit" | "timeout" | "stopped", now: number, outcome: string): Advance {
  const next: Instance = { ...instance, status: "done", wakeAt: null, waitingFor: null, ended: reason, seq: instance.seq + 1 };
  // Leaving from a wait moves its counts; an active instance is between nodes.
  const phase = instance.status === "waiting" ? "leave" : "none";
  return { instance: next, steps: [{ id: `${instance.id}:${next.seq}`, node: instance.node, type: "exit", at: now, outcome, phase }], effects: [] };
}

/**
 * Moves the instance as far as it goes now. A wake-up only moves a wait whose time has come; an
 * event only moves a wait for that event whose condition it meets; otherwise nothing happens.
 */
export function advance(def: Definition, instance: Instance, trigger: Trigger, now: number, profile: ProfileView): Advance {
  if (instance.status === "done") return { instance, steps: [], effects: [] };
  const inst: Instance = { ...instance };
  const steps: Step[] = [];
  const effects: Effect[] = [];
  const step = (node: string, type: Step["type"], outcome: string, phase: Step["phase"] = "pass") => {
    inst.seq++;
    const s: Step = { id: `${inst.id}:${inst.seq}`, node, type, at: now, outcome, phase };
    steps.push(s);
    return s;
  };

  if (inst.status === "waiting") {
    const node = def.nodes[inst.node];
    if (node?.type === "wait") {
      if (trigger.kind !== "wake" || (inst.wakeAt !== null && inst.wakeAt > now)) return { instance, steps: [], effects: [] };
      step(inst.node, "wait", "waited", "leave");
      inst.node = node.next;
    } else if (node?.type === "wait-event") {
      if (trigger.kind === "event" && trigger.type === node.eventType && (!node.where || trigger.matches(node.where))) {
        step(inst.node, "wait-event", `received ${node.eventType}`, "leave");
        inst.vars = { ...inst.vars, [node.eventType]: trigger.data };
        inst.node = node.next;
      } else if (trigger.kind === "wake" && inst.wakeAt !== null && inst.wakeAt <= now) {
        step(inst.node, "wait-event", "timed out", "leave");
        inst.node = node.timeoutNext;
      } else return { instance, steps: [], effects: [] };
    } else return { instance, steps: [], effects: [] };
    inst.status = "active";
    inst.wakeAt = null;
    inst.waitingFor = null;
  } else if (trigger.kind === "enter") {
    step(inst.node, "enter", "entered", "none");
  }

  // A journey is a graph without loops, so a walk visits each node at most once.
  for (let guard = 0; guard <= Object.keys(def.nodes).length; guard++) {
    const id = inst.node;
    const node = def.nodes[id];
    if (!node) {
      step(id, "end", "missing node");
      return { instance: { ...inst, status: "done", ended: "end" }, steps, effects };
    }
    switch (node.type) {
      case "condition": {
        const i = node.branches.findIndex((b) => profile.matches(b.rule));
        step(id, "condition", i >= 0 ? `branch ${i + 1}${node.branches[i].label ? ` (${node.branches[i].label})` : ""}` : "else");
        inst.node = i >= 0 ? node.branches[i].next : node.else;
        break;
      }
      case "split": {
        const i = splitBranch(node, `${profile.profileId}:${inst.journey}:${id}`);
        step(id, "split", `branch ${i + 1} (${node.branches[i].percent}%)`);
        inst.node = node.branches[i].next;
        break;
      }
      case "action": {
        const s = step(id, "action", `queued ${node.action.kind}`);
        effects.push({ kind: "action", stepId: s.id, journey: inst.journey, version: inst.version, instance: inst.id, node: id, action: node.action, vars: inst.vars });
        inst.node = node.next;
        break;
      }
      case "wait": {
        const until = waitEnd(node, now, profile, !!inst.test);
        if (until === null || until <= now) {
          step(id, "wait", until === null ? "no time to wait for" : "time already passed");
          inst.node = node.next;
          break;
        }
        step(id, "wait", `waiting until ${new Date(until).toISOString()}`, "arrive");
        return { instance: { ...inst, status: "waiting", wakeAt: until, waitingFor: null }, steps, effects };
      }
      case "wait-event": {
        const until = addDuration(now, node.timeout, profile.timeZone, !!inst.test);
        step(id, "wait-event", `waiting for ${node.eventType} until ${new Date(until).toISOString()}`, "arrive");
        return { instance: { ...inst, status: "waiting", wakeAt: until, waitingFor: node.eventType }, steps, effects };
      }
      case "jump": {
        const s = step(id, "jump", `jumped to ${node.journey}`);
        effects.push({ kind: "jump", stepId: s.id, journey: node.journey, from: inst.journey });
        return { instance: { ...inst, status: "done", ended: "jump" }, steps, effects };
      }
      case "end":
        step(id, "end", "ended");
        return { instance: { ...inst, status: "done", ended: "end" }, steps, effects };
    }
  }
  step(inst.node, "end", "stopped: the walk did not end");
  return { instance: { ...inst, status: "done", ended: "end" }, steps, effects };
}
