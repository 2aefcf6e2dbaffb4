import { describe, expect, it } from "vitest";
import { readsContext, sizeLabel } from "./size";

describe("an audience's size in the list", () => {
  it("finds context paths at any depth, but not in an event's payload condition", () => {
    expect(readsContext({ "context.utm.campaign": "spring" })).toBe(true);
    expect(readsContext({ $and: [{ "profile.tier": "gold" }, { $or: [{ "context.device.type": "mobile" }] }] })).toBe(true);
    expect(readsContext({ $event: { type: "page.view", where: { "context.x": 1 } } })).toBe(false);
    expect(readsContext({ "profile.context": "x", "profile.tier": "gold" })).toBe(false);
  });

  it("shows the count, edge only, or a dash", () => {
    expect(sizeLabel({ size: 1200, rule: {} }).text).toMatch(/^1.200$/);
    expect(sizeLabel({ size: 0, rule: {} }).text).toBe("0");
    expect(sizeLabel({ size: null, rule: { "context.geo.country": "FR" } }).text).toBe("edge only");
    expect(sizeLabel({ size: null, rule: { "profile.tier": "gold" } }).text).toBe("—");
  });
});
