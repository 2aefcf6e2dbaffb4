import { describe, expect, it } from "vitest";
import { readTestDraft } from "./test-input";

describe("the test panel's input", () => {
  it("reads attributes, events and memberships, empty boxes meaning none", () => {
    const events = [{ type: "product.view", timestamp: 1 }];
    expect(readTestDraft({ profile: '{ "tier": "gold" }', events: JSON.stringify(events), members: " vip, , vip,beta " })).toEqual({
      ok: true,
      input: { profile: { tier: "gold" }, events, audiences: ["vip", "beta"] },
    });
    expect(readTestDraft({ profile: "", events: " ", members: "" })).toEqual({ ok: true, input: { profile: {}, events: [], audiences: [] } });
  });

  it("names the box that is not the JSON it should be", () => {
    expect(readTestDraft({ profile: "{", events: "[]", members: "" })).toMatchObject({ ok: false, field: "profile", message: expect.stringContaining("Not valid JSON") });
    expect(readTestDraft({ profile: "[]", events: "[]", members: "" })).toMatchObject({ ok: false, field: "profile" });
    expect(readTestDraft({ profile: "{}", events: '{"type":"x"}', members: "" })).toMatchObject({ ok: false, field: "events", message: expect.stringContaining("list") });
    expect(readTestDraft({ profile: "{}", events: "[1]", members: "" })).toMatchObject({ ok: false, field: "events" });
  });
});
