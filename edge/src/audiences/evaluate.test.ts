import { describe, expect, it } from "vitest";
import type { JsonObject } from "../profiles/events";
import cases from "./cases.json";
import { compileRule, eventList, type RuleInput } from "./evaluate";
import { validateRule } from "./validate";

type CaseInput = {
  profile: JsonObject;
  identities?: Record<string, string[]>;
  consent?: JsonObject;
  context?: JsonObject;
  events?: { type: string; ago: number; data: JsonObject }[];
  member?: string[];
};

export function caseInput(input: CaseInput, now: number): RuleInput {
  return {
    profile: input.profile,
    identities: input.identities ?? {},
    consent: input.consent ?? {},
    context: input.context,
    events: eventList((input.events ?? []).map((e) => ({ type: e.type, ts: now - e.ago, data: e.data }))),
    now,
    member: (id) => (input.member ?? []).includes(id),
  };
}

describe("the rule language (cases.json)", () => {
  for (const c of cases.cases) {
    it(c.name, () => {
      expect(validateRule(c.rule)).toEqual([]);
      expect(compileRule(c.rule as JsonObject)(caseInput(c.input as CaseInput, cases.now))).toBe(c.expect);
    });
  }
});
