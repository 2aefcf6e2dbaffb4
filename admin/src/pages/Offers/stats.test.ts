import { describe, expect, it } from "vitest";
import { formatCtr, statCells, statsById } from "./stats";

describe("the offers list's counters", () => {
  it("shows the click-through rate as a percentage with one decimal", () => {
    expect(formatCtr(0.1234)).toBe("12.3%");
    expect(formatCtr(0.12349)).toBe("12.3%");
    expect(formatCtr(0.0005)).toBe("0.1%");
    expect(formatCtr(0)).toBe("0.0%");
    expect(formatCtr(1)).toBe("100.0%");
    expect(formatCtr(2 / 3)).toBe("66.7%");
  });

  it("shows dashes for an offer never counted, or without displays", () => {
    expect(formatCtr(null)).toBe("—");
    expect(statCells(undefined)).toEqual({ decisions: "—", displays: "—", clicks: "—", ctr: "—" });
    expect(statCells({ offerId: "a", decisions: 3, displays: 0, clicks: 0, ctr: null })).toEqual({ decisions: "3", displays: "0", clicks: "0", ctr: "—" });
  });

  it("finds an offer's counters by id", () => {
    expect(statsById([{ offerId: "a", decisions: 1, displays: 1, clicks: 0, ctr: 0 }]).get("a")?.decisions).toBe(1);
  });
});
