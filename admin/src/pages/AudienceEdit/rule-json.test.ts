import { describe, expect, it } from "vitest";
import { formatRule, parseRuleText } from "./rule-json";

describe("the rule as JSON text", () => {
  it("reads a JSON object and explains anything else", () => {
    expect(parseRuleText(formatRule({ "profile.tier": "gold" }))).toEqual({ ok: true, rule: { "profile.tier": "gold" } });
    expect(parseRuleText("  ")).toMatchObject({ ok: false, message: expect.stringContaining("{}") });
    expect(parseRuleText("{tier: gold}")).toMatchObject({ ok: false, message: expect.stringContaining("Not valid JSON") });
    expect(parseRuleText("[1]")).toMatchObject({ ok: false, message: expect.stringContaining("JSON object") });
  });
});
