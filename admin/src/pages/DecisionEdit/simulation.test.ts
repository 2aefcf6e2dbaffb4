import { describe, expect, it } from "vitest";
import type { SimulatedPlacement } from "../../lib/types";
import { criterionLine, formatScore, outcome, simRows } from "./simulation";
import { emptySimDraft, readSimDraft, simFieldOf } from "./simulate-input";

const placement: SimulatedPlacement = {
  placement: "hero", decision: "home", items: ["spring"], fallback: null,
  criteria: [
    { index: 0, collection: "vip", qualified: false, candidates: 2, reason: "The profile is not one this criterion is for" },
    { index: 1, collection: "seasonal", qualified: true, candidates: 3 },
  ],
  offers: [
    { offerId: "gold", name: "Gold only", criterion: 1, eligible: false, reason: "Does not match the offer's eligibility rule", chosen: false },
    { offerId: "late", name: "Late", criterion: 1, eligible: true, rank: 2, score: 1.23456, chosen: false },
    { offerId: "spring", name: "Spring sale", criterion: 1, eligible: true, rank: 1, score: 9, chosen: true },
  ],
};

describe("the simulator's result", () => {
  it("lists the candidates chosen first, then by rank, ineligible last", () => {
    const rows = simRows(placement);
    expect(rows.map((r) => r.offerId)).toEqual(["spring", "late", "gold"]);
    expect(rows.map((r) => [r.scoreText, r.rankText])).toEqual([["9", "1"], ["1.235", "2"], ["—", "—"]]);
    expect(formatScore(null)).toBe("none (ranks last)");
  });

  it("says what the placement shows, or why nothing", () => {
    const name = (id: string) => ({ spring: "Spring sale", late: "Late", welcome: "Welcome" })[id] ?? id;
    expect(outcome(placement, name)).toEqual({ kind: "items", text: "Shows Spring sale." });
    expect(outcome({ ...placement, items: ["spring", "late", "x"] }, name).text).toBe("Shows Spring sale, Late and x, in that order.");
    expect(outcome({ ...placement, items: ["welcome"], fallback: "welcome" }, name)).toMatchObject({ kind: "fallback", text: "Falls back to Welcome: no criterion chose an offer." });
    expect(outcome({ ...placement, items: [] }, name).kind).toBe("nothing");
  });

  it("sums up each criterion", () => {
    const name = (id: string) => (id === "seasonal" ? "Seasonal" : id);
    expect(criterionLine(placement.criteria[0], placement, name)).toBe("Criterion 1 (vip): skipped. The profile is not one this criterion is for.");
    expect(criterionLine(placement.criteria[1], placement, name)).toBe("Criterion 2 (Seasonal): 3 candidates, 1 chosen.");
  });
});

describe("the simulator's form", () => {
  it("asks for a new visitor with nothing else", () => {
    expect(readSimDraft(emptySimDraft())).toEqual({ ok: true, input: {} });
  });

  it("sends a profile or an identity, what-ifs, context and a moment", () => {
    const read = readSimDraft({ ...emptySimDraft(), who: "identity", namespace: "email", value: " ada@example.com ", attributes: '{ "tier": "gold" }', url: "https://shop.example/sale", country: "fr", at: "2026-03-01T09:30" });
    expect(read).toEqual({
      ok: true,
      input: { identity: { namespace: "email", value: "ada@example.com" }, attributes: { tier: "gold" }, context: { url: "https://shop.example/sale", country: "FR" }, now: new Date("2026-03-01T09:30").getTime() },
    });
    expect(readSimDraft({ ...emptySimDraft(), who: "profile", profileId: "p-1", value: "ignored" })).toEqual({ ok: true, input: { profileId: "p-1" } });
  });

  it("names the field it cannot read", () => {
    expect(readSimDraft({ ...emptySimDraft(), who: "profile" })).toMatchObject({ ok: false, field: "profileId" });
    expect(readSimDraft({ ...emptySimDraft(), who: "identity" })).toMatchObject({ ok: false, field: "value" });
    expect(readSimDraft({ ...emptySimDraft(), attributes: "[1]" })).toMatchObject({ ok: false, field: "attributes" });
    expect(readSimDraft({ ...emptySimDraft(), country: "France" })).toMatchObject({ ok: false, field: "country" });
    expect(simFieldOf("identity.value")).toBe("value");
    expect(simFieldOf("context.country")).toBe("country");
    expect(simFieldOf("other")).toBeNull();
  });
});
