/**
 * Keeping a profile's audience memberships current as things happen (the streaming evaluator),
 * and deciding membership at a given moment (the edge evaluator). Both use the compiled rules of
 * the published snapshot; this module knows nothing of where the profile's data is stored.
 */
import type { AudienceConfig } from "../config/snapshot";
import { compileRule, type RuleInput, type Tester } from "./evaluate";
import { nextBoundary, readsOf, type Reads } from "./reads";
import type { Rule } from "./rule";

export type CompiledAudience = { id: string; test: Tester; reads: Reads };

/** What changed in a profile: the streaming evaluator looks again only at audiences that read it. */
export type Change = { attributes: Iterable<string>; eventTypes: Iterable<string>; identities: boolean; consent: boolean; lists?: boolean };

const compiled = new WeakMap<readonly AudienceConfig[], CompiledAudience[]>();

/** The snapshot's audiences compiled once per isolate and version, in reference order. */
export function compileAudiences(list: readonly AudienceConfig[]): CompiledAudience[] {
  let out = compiled.get(list);
  if (!out) {
    out = list.map((a) =>
      a.list !== undefined
        ? { id: a.id, test: (input: RuleInput) => input.lists?.has(a.id) ?? false, reads: { ...readsOf({}), list: true } }
        : { id: a.id, test: compileRule(a.rule as Rule), reads: readsOf(a.rule as Rule) },
    );
    compiled.set(list, out);
  }
  return out;
}

/** Audiences that can be kept current without a request: those that do not read its context. */
const streamable = (a: CompiledAudience) => !a.reads.context;

/**
 * Windowed audiences whose window gained or lost an event between two evaluations: their
 * membership may have changed with time alone.
 */
export function movedWithTime(audiences: readonly CompiledAudience[], since: number, now: number, eventsOf: (type: string) => readonly { ts: number }[]): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  for (const a of audiences) {
    if (!a.reads.windowed) continue;
    const next = nextBoundary(a.reads.events, eventsOf, since, seen);
    if (next !== null && next <= now) out.add(a.id);
  }
  return out;
}

/** When the next evaluation is due with no new event: the earliest window boundary after `now`. */
export function nextWake(audiences: readonly CompiledAudience[], now: number, eventsOf: (type: string) => readonly { ts: number }[]): number | null {
  let next: number | null = null;
  const seen = new Map<string, number>();
  for (const a of audiences) {
    if (!a.reads.windowed || a.reads.context) continue;
    const at = nextBoundary(a.reads.events, eventsOf, now, seen);
    if (at !== null && (next === null || at < next)) next = at;
  }
  return next;
}

/**
 * The audiences a change may affect (and those whose window moved, `moved`), including those
 * that refer to an affected audience.
 */
export function affectedBy(audiences: readonly CompiledAudience[], change: Change, moved: ReadonlySet<string> = new Set()): Set<string> {
  const attributes = new Set(change.attributes);
  const types = new Set(change.eventTypes);
  const out = new Set<string>();
  for (const a of audiences) {
    const r = a.reads;
    const hit =
      moved.has(a.id) ||
      (r.attributes.has("*") && attributes.size > 0) ||
      [...r.attributes].some((n) => attributes.has(n)) ||
      [...r.eventTypes].some((t) => types.has(t)) ||
      (r.identities && change.identities) ||
      (r.consent && change.consent) ||
      (r.list && !!change.lists) ||
      [...r.audiences].some((id) => out.has(id)); // in reference order, so referenced ones come first
    if (hit) out.add(a.id);
  }
  return out;
}

/**
 * Re-evaluates `targets` (all streamable audiences when null) and returns who entered and who
 * left. `members` is what the profile was in before; the input's `member` must read `current`.
 */
export function reevaluate(
  audiences: readonly CompiledAudience[],
  members: ReadonlySet<string>,
  input: Omit<RuleInput, "member">,
  targets: ReadonlySet<string> | null,
): { current: Set<string>; entered: string[]; exited: string[] } {
  const kept = new Set(audiences.filter(streamable).map((a) => a.id));
  const current = new Set([...members].filter((id) => kept.has(id)));
  const withMembers: RuleInput = { ...input, member: (id) => current.has(id) };
  const entered: string[] = [];
  const exited: string[] = [];
  for (const a of audiences) {
    if (!streamable(a) || (targets && !targets.has(a.id))) continue;
    const now = a.test(withMembers);
    if (now && !current.has(a.id)) {
      current.add(a.id);
      entered.push(a.id);
    } else if (!now && current.has(a.id)) {
      current.delete(a.id);
      exited.push(a.id);
    }
  }
  // Audiences no longer published (or no longer streamable) are left too.
  for (const id of members) if (!kept.has(id)) exited.push(id);
  return { current, entered, exited };
}

/** Where the streaming evaluator left off: memberships, the snapshot version, and when. */
export type StreamState = { members: ReadonlySet<string>; version: number | null; at: number | null };

/**
 * One step of the streaming evaluator, after a change at `input.now`: every audience when the
 * published audiences changed since the last step, otherwise those the change can affect and
 * those whose window moved since the last step. Returns who entered and left, and when the next
 * step is due with no new event (`wake`).
 */
export function streamStep(audiences: readonly CompiledAudience[], state: StreamState, change: Change, input: Omit<RuleInput, "member">, version: number) {
  const eventsOf = (type: string) => input.events.ofType(type);
  const republished = state.version !== version;
  const targets = republished ? null : affectedBy(audiences, change, movedWithTime(audiences, state.at ?? input.now, input.now, eventsOf));
  if (targets && !targets.size) return { current: new Set(state.members), entered: [], exited: [], wake: undefined };
  const result = reevaluate(audiences, state.members, input, targets);
  return { ...result, wake: nextWake(audiences, input.now, eventsOf) };
}

/**
 * Membership at this moment, for decisions: every audience evaluated afresh with the request's
 * context, each referenced audience once, lazily. Returns the input with `member` filled in, so
 * offers' inline rules test the same input (one document, one set of event aggregates).
 */
export function membershipAt(audiences: readonly CompiledAudience[], input: Omit<RuleInput, "member">): RuleInput {
  const byId = new Map(audiences.map((a) => [a.id, a]));
  const known = new Map<string, boolean>();
  const withMembers: RuleInput = {
    ...input,
    member(id: string): boolean {
      const cached = known.get(id);
      if (cached !== undefined) return cached;
      const a = byId.get(id);
      known.set(id, false); // cycles are refused at save; this only guards
      const result = a ? a.test(withMembers) : false;
      known.set(id, result);
      return result;
    },
  };
  return withMembers;
}
