import { describe, expect, it } from "vitest";
import { sparkPoints } from "./sparkline";

describe("sparkline points", () => {
  const box = { width: 100, height: 20, pad: 0 };

  it("spreads the values across the box, highest at the top", () => {
    expect(sparkPoints([0, 5, 10], box)).toEqual([[0, 20], [50, 10], [100, 0]]);
    expect(sparkPoints([10, 0], { width: 100, height: 20, pad: 2 })).toEqual([[2, 2], [98, 18]]);
  });

  it("draws flat series in the middle, a single value as a short line, nothing as nothing", () => {
    expect(sparkPoints([4, 4, 4], box)).toEqual([[0, 10], [50, 10], [100, 10]]);
    expect(sparkPoints([7], box)).toEqual([[0, 10], [100, 10]]);
    expect(sparkPoints([], box)).toEqual([]);
  });
});
