import { describe, expect, it } from "vitest";
import type { CapRule } from "../../lib/types";
import { type CapDraft, capFromRule, capSentence, newCap, ruleFromCap } from "./caps";

const draft = (patch: Partial<CapDraft>): CapDraft => ({ ...newCap(), ...patch });

describe("capping rules in the offer form", () => {
  it("says a rule in words", () => {
    expect(capSentence(draft({ counts: "display", limit: "2", period: "day" }))).toBe("At most 2 displays per profile per day");
    expect(capSentence(draft({ counts: "click", limit: "1", period: "lifetime" }))).toBe("At most 1 click per profile ever");
    expect(capSentence(draft({ counts: "decision", limit: "1000", scope: "global", period: "rolling", hours: "24", perPlacement: true }))).toBe(
      "At most 1,000 decisions across all profiles in any 24 hours in each placement",
    );
    expect(capSentence(draft({ counts: "event", eventType: "add_to_cart", limit: "3", period: "week", timeZone: "Europe/Paris" }))).toBe(
      "At most 3 “add_to_cart” events per profile per week (Europe/Paris time)",
    );
    expect(capSentence(draft({ period: "rolling", hours: "1", limit: "5" }))).toBe("At most 5 displays per profile in any 1 hour");
  });

  it("reads a limit or window not typed yet as N", () => {
    expect(capSentence(draft({ limit: "" }))).toBe("At most N displays per profile per day");
    expect(capSentence(draft({ period: "rolling", hours: "x" }))).toMatch(/in any N hours$/);
  });

  it("builds the API's rule from each kind of period", () => {
    expect(ruleFromCap(draft({ limit: "2" }), 0).rule).toEqual({ counts: "display", scope: "profile", period: { kind: "calendar", unit: "day" }, limit: 2, perPlacement: false });
    expect(ruleFromCap(draft({ period: "month", timeZone: " Europe/Paris " }), 0).rule?.period).toEqual({ kind: "calendar", unit: "month", timeZone: "Europe/Paris" });
    expect(ruleFromCap(draft({ period: "rolling", hours: "48" }), 0).rule?.period).toEqual({ kind: "rolling", hours: 48 });
    expect(ruleFromCap(draft({ period: "lifetime", timeZone: "Europe/Paris" }), 0).rule?.period).toEqual({ kind: "lifetime" });
    expect(ruleFromCap(draft({ counts: "event", eventType: "add_to_cart", scope: "global" }), 0).rule).toMatchObject({ counts: "add_to_cart", scope: "global" });
  });

  it("names the fields it cannot build, at the server's paths", () => {
    expect(ruleFromCap(draft({ limit: "0" }), 3).errors).toHaveProperty(["caps.3.limit"]);
    expect(ruleFromCap(draft({ limit: "1.5" }), 0).errors).toHaveProperty(["caps.0.limit"]);
    expect(ruleFromCap(draft({ period: "rolling", hours: "0" }), 1).errors).toHaveProperty(["caps.1.period.hours"]);
    expect(ruleFromCap(draft({ period: "day", hours: "" }), 1).errors).toBeUndefined();
    expect(ruleFromCap(draft({ counts: "event", eventType: "" }), 2).errors).toHaveProperty(["caps.2.counts"]);
    expect(ruleFromCap(draft({ counts: "event", eventType: "9lives" }), 2).errors).toHaveProperty(["caps.2.counts"]);
  });

  it("round-trips the stored rules", () => {
    const rules: CapRule[] = [
      { counts: "display", scope: "profile", period: { kind: "calendar", unit: "week", timeZone: "America/New_York" }, limit: 3, perPlacement: true },
      { counts: "signup", scope: "global", period: { kind: "rolling", hours: 72 }, limit: 500, perPlacement: false },
      { counts: "click", scope: "profile", period: { kind: "lifetime" }, limit: 1, perPlacement: false },
    ];
    expect(rules.map((r, i) => ruleFromCap(capFromRule(r), i).rule)).toEqual(rules);
  });
});
