import { describe, expect, it } from "vitest";
import { estimateText } from "./estimate-text";

describe("the estimate line", () => {
  it("gives the estimate with the sample it comes from", () => {
    expect(estimateText({ sampled: 5000, matched: 62, profiles: 100000, estimate: 1240, exact: false })).toMatch(/^≈ 1.240 profiles \(62 of 5.000 sampled\) out of 100.000 profiles$/);
    expect(estimateText({ sampled: 3, matched: 1, profiles: 3, estimate: 1, exact: true })).toBe("≈ 1 profile (1 of 3 sampled), every profile looked at");
    expect(estimateText({ sampled: 0, matched: 0, profiles: 0, estimate: 0, exact: true })).toBe("≈ 0 profiles (0 of 0 sampled), every profile looked at");
  });
});
