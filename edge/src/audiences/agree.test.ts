/**
 * The three evaluators must agree. For generated audiences and a generated history of one
 * profile (events, attribute updates, consent, identities, at increasing times), the streaming
 * evaluator stepping through the history, the edge evaluator at the end, and the batch evaluator
 * over the profile as D1 rows must find the profile in the same audiences.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { JsonObject, JsonValue } from "../profiles/events";
import { membersOf, type ProfileRows } from "./batch";
import { eventList, type RuleInput } from "./evaluate";
import { compileAudiences, membershipAt, streamStep, type Change } from "./membership";
import type { Rule } from "./rule";
import { validateRule } from "./validate";

const TYPES = ["view", "order"];
const WINDOWS = ["30m", "2h", "1d", "3d"];

const leaf = (earlier: string[]): fc.Arbitrary<Rule> =>
  fc.oneof(
    fc.record({ "profile.a": fc.record({ $gt: fc.integer({ min: 0, max: 5 }) }) }),
    fc.record({ "profile.b": fc.constantFrom("x", "y") }),
    fc.record({ "profile.tags": fc.record({ $size: fc.integer({ min: 0, max: 2 }) }) }),
    fc.record({ "consent.marketing": fc.constantFrom("y", "n") }),
    fc.record({ "identities.email": fc.record({ $exists: fc.boolean() }) }),
    fc.record({ $event: fc.record({ type: fc.constantFrom(...TYPES), within: fc.constantFrom(...WINDOWS), is: fc.record({ $gte: fc.integer({ min: 1, max: 3 }) }) }) }),
    fc.record({ $event: fc.record({ type: fc.constant("order"), aggregate: fc.constantFrom("sum", "max", "last"), field: fc.constant("v"), is: fc.record({ $gte: fc.integer({ min: 0, max: 8 }) }) }) }),
    fc.record({ $event: fc.record({ type: fc.constantFrom(...TYPES), between: fc.constant(["3d", "1d"]) }) }),
    ...(earlier.length ? [fc.record({ $audience: fc.constantFrom(...earlier) })] : []),
  ) as fc.Arbitrary<Rule>;

const rule = (earlier: string[]): fc.Arbitrary<Rule> =>
  fc.oneof(
    leaf(earlier),
    fc.record({ $or: fc.array(leaf(earlier), { minLength: 1, maxLength: 3 }) }),
    fc.record({ $and: fc.array(leaf(earlier), { minLength: 1, maxLength: 3 }) }),
    fc.record({ $nor: fc.array(leaf(earlier), { minLength: 1, maxLength: 2 }) }),
  ) as fc.Arbitrary<Rule>;

/** Audiences a0, a1, … where each may refer only to earlier ones (as saving enforces). */
const audiences = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.tuple(...Array.from({ length: n }, (_, i) => rule(Array.from({ length: i }, (_, j) => `a${j}`)))).map((rules) => rules.map((r, i) => ({ id: `a${i}`, rule: JSON.parse(JSON.stringify(r)) as Rule }))), // as stored: plain JSON
);

type Step =
  | { kind: "event"; type: string; v: number; gap: number }
  | { kind: "update"; a?: number; b?: string; tags?: string[]; gap: number }
  | { kind: "consent"; marketing: string; gap: number }
  | { kind: "identity"; email: string; gap: number };

const gap = fc.integer({ min: 0, max: 30 * 3600_000 });
const steps = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant("event" as const), type: fc.constantFrom(...TYPES), v: fc.integer({ min: 0, max: 5 }), gap }),
    fc.record({ kind: fc.constant("update" as const), a: fc.integer({ min: 0, max: 6 }), b: fc.constantFrom("x", "y"), tags: fc.array(fc.constantFrom("p", "q"), { maxLength: 2 }), gap }, { requiredKeys: ["kind", "gap"] }),
    fc.record({ kind: fc.constant("consent" as const), marketing: fc.constantFrom("y", "n"), gap }),
    fc.record({ kind: fc.constant("identity" as const), email: fc.constantFrom("a@x.test", "b@x.test"), gap }),
  ) as fc.Arbitrary<Step>,
  { maxLength: 25 },
);

describe("streaming, edge and batch evaluators", () => {
  it("agree on every audience for every generated profile history", () => {
    fc.assert(
      fc.property(audiences, steps, fc.integer({ min: 0, max: 4 * 86_400_000 }), (configs, history, tail) => {
        for (const c of configs) expect(validateRule(c.rule)).toEqual([]);
        const compiled = compileAudiences(configs);
        const profile: Record<string, JsonValue> = {};
        const consent: JsonObject = {};
        const identities: Record<string, string[]> = { pcid: ["device"] };
        const events: { type: string; ts: number; data: JsonObject }[] = [];
        const inputAt = (now: number): Omit<RuleInput, "member"> => ({ profile: { ...profile }, identities, consent: { ...consent }, events: eventList(events), now });

        let now = 1_800_000_000_000;
        let state = { members: new Set<string>() as ReadonlySet<string>, version: null as number | null, at: null as number | null };
        const step = (change: Change) => {
          const result = streamStep(compiled, state, change, inputAt(now), 1);
          state = { members: result.current, version: 1, at: now };
        };
        for (const s of history) {
          now += s.gap;
          const change: Change = { attributes: [], eventTypes: [], identities: false, consent: false };
          if (s.kind === "event") {
            events.push({ type: s.type, ts: now, data: { v: s.v } });
            change.eventTypes = [s.type];
          } else if (s.kind === "update") {
            const set = Object.fromEntries(Object.entries({ a: s.a, b: s.b, tags: s.tags }).filter(([, v]) => v !== undefined));
            Object.assign(profile, set);
            change.attributes = Object.keys(set);
          } else if (s.kind === "consent") {
            consent.marketing = s.marketing;
            change.consent = true;
          } else if (!identities.email?.includes(s.email)) {
            (identities.email ??= []).push(s.email);
            change.identities = true;
          }
          step(change);
        }
        // Time passes with no event: the alarm's step.
        now += tail;
        step({ attributes: [], eventTypes: [], identities: false, consent: false });

        const edge = membershipAt(compiled, inputAt(now));
        const atEdge = new Set(configs.map((c) => c.id).filter((id) => edge.member(id)));
        const rows: ProfileRows = {
          id: "p",
          attributes: JSON.stringify(profile),
          consent: JSON.stringify(consent),
          identities: Object.entries(identities).flatMap(([namespace, values]) => values.map((value) => ({ namespace, value }))),
          events: events.map((e) => ({ type: e.type, ts: e.ts, data: JSON.stringify(e.data) })),
        };
        const inBatch = membersOf(compiled, [rows], now).get("p")!;
        expect([...state.members].sort()).toEqual([...atEdge].sort());
        expect([...inBatch].sort()).toEqual([...atEdge].sort());
      }),
      { numRuns: 400 },
    );
  });
});
