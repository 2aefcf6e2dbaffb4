import { describe, expect, it } from "vitest";
import { rankByThompson, sampleBeta, seeded, type Arm } from "./thompson";

describe("Thompson sampling", () => {
  it("draws from the Beta posterior: the mean of many draws is near alpha / (alpha + beta)", () => {
    const random = seeded(1);
    for (const [a, b] of [[1, 1], [3, 7], [40, 10], [0.5, 2]]) {
      let sum = 0;
      for (let i = 0; i < 20_000; i++) sum += sampleBeta(a, b, random);
      expect(sum / 20_000).toBeCloseTo(a / (a + b), 2);
    }
  });

  it("converges to the better offer on simulated traffic", () => {
    const random = seeded(42);
    const trueRates: Record<string, number> = { a: 0.02, b: 0.05, c: 0.03 };
    const arms: Record<string, Arm> = Object.fromEntries(Object.keys(trueRates).map((id) => [id, { id, displays: 0, clicks: 0 }]));
    const shownLast: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let visit = 0; visit < 20_000; visit++) {
      const [top] = rankByThompson(Object.values(arms), random, 0.05);
      top.displays++;
      if (random() < trueRates[top.id]) top.clicks++;
      if (visit >= 15_000) shownLast[top.id]++;
    }
    // In the last quarter of the run, the best offer takes most of the traffic.
    expect(shownLast.b / 5000).toBeGreaterThan(0.7);
    expect(arms.b.displays).toBeGreaterThan(arms.a.displays + arms.c.displays);
  });

  it("spreads the exploration share evenly, and is the same for the same seed", () => {
    const arms: Arm[] = [{ id: "x", displays: 10_000, clicks: 5_000 }, { id: "y", displays: 10_000, clicks: 10 }];
    const random = seeded(7);
    let yFirst = 0;
    for (let i = 0; i < 10_000; i++) if (rankByThompson(arms, random, 0.2)[0].id === "y") yFirst++;
    // y can only win through exploration: about half of the 20 %.
    expect(yFirst / 10_000).toBeGreaterThan(0.08);
    expect(yFirst / 10_000).toBeLessThan(0.12);
    const order = (seed: number) => rankByThompson(arms, seeded(seed), 0.5).map((a) => a.id).join();
    expect(order(3)).toBe(order(3));
  });
});
