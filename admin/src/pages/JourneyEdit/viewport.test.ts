import { describe, expect, it } from "vitest";
import { fit, reveal, toCanvas, zoomAt } from "./viewport";

describe("the view of the canvas", () => {
  it("zooms around a point that stays put, within bounds", () => {
    const v = zoomAt({ tx: 0, ty: 0, k: 1 }, 2, { x: 100, y: 50 });
    expect(v).toEqual({ tx: -100, ty: -50, k: 2 });
    expect(toCanvas(v, { x: 100, y: 50 })).toEqual({ x: 100, y: 50 });
    expect(zoomAt(v, 10, { x: 0, y: 0 }).k).toBe(2);
    expect(zoomAt(v, 0.001, { x: 0, y: 0 }).k).toBe(0.3);
  });

  it("fits the journey in view at most at full size, and pans only as far as needed to show a box", () => {
    expect(fit({ x: 0, y: 0, w: 100, h: 100 }, 400, 300)).toEqual({ k: 1, tx: 150, ty: 100 });
    expect(fit({ x: 0, y: 0, w: 1600, h: 100 }, 1000, 300, 0).k).toBe(0.625);
    // Too wide to read when fitted: at the smallest fitting zoom, from the left.
    expect(fit({ x: 40, y: 0, w: 4000, h: 100 }, 1000, 300, 20)).toEqual({ k: 0.6, tx: -4, ty: 120 });
    const v = { tx: 0, ty: 0, k: 1 };
    expect(reveal(v, { x: 20, y: 20, w: 50, h: 50 }, 400, 300)).toBe(v);
    expect(reveal(v, { x: 500, y: 20, w: 50, h: 50 }, 400, 300)).toEqual({ tx: -166, ty: 0, k: 1 });
  });
});
