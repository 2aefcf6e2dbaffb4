import { describe, expect, it } from "vitest";
import type { JourneyDefinition, JourneyNode } from "../../lib/types";
import { ENTRY, addNode, drawnEdges } from "./graph";
import { cart } from "./fixtures";
import { NODE_W, autoLayout, curve, edgeGeometry, layoutOf, overlaps, spotForNew } from "./layout";

const noOverlap = (rects: { x: number; y: number; w: number; h: number }[]) => {
  for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) if (overlaps(rects[i], rects[j])) return false;
  return true;
};

/** A wide journey: a condition with five branches, each with a wait then a shared end, and an island. */
function wide(): JourneyDefinition {
  const nodes: Record<string, JourneyNode> = {
    c: { type: "condition", branches: [0, 1, 2, 3].map((i) => ({ rule: { [`profile.n${i}`]: i }, next: `w${i}` })), else: "w4" },
  };
  for (let i = 0; i < 5; i++) nodes[`w${i}`] = { type: "wait", for: `${i + 1}d`, next: "end" };
  nodes.end = { type: "end" };
  nodes.island = { type: "action", action: { kind: "webhook", action: "ping" }, next: "end" };
  return { entry: { type: "event", eventType: "x" }, start: "c", nodes, reentrance: { mode: "never" }, exit: [], timeoutDays: 91 };
}

describe("the auto-layout", () => {
  it("is deterministic", () => {
    expect(autoLayout(wide())).toEqual(autoLayout(wide()));
    expect(layoutOf(cart())).toEqual(layoutOf(cart()));
  });

  it("puts every node right of every node leading to it (loops aside), in columns", () => {
    for (const def of [cart(), wide()]) {
      const at = autoLayout(def);
      for (const e of drawnEdges(def)) if (e.from !== ENTRY) expect(at[e.to].x, `${e.from} → ${e.to}`).toBeGreaterThan(at[e.from].x);
    }
    const at = autoLayout(cart());
    expect(at["wait-order"].x).toBeLessThan(at.ab.x);
    // The end comes after the longest way to it, not the shortest.
    expect(at.done.x).toBeGreaterThan(at.nudge.x);
  });

  it("never overlaps boxes, the entry's included", () => {
    for (const def of [cart(), wide()]) expect(noOverlap(Object.values(layoutOf(def)))).toBe(true);
  });

  it("keeps saved positions and places the others clear of them", () => {
    const def = wide();
    const auto = autoLayout(def);
    // w1 is saved where the auto-layout would put w0: w0 must move out of its way.
    def.nodes.w1 = { ...def.nodes.w1, position: { ...auto.w0 } };
    const rects = layoutOf(def);
    expect(rects.w1).toMatchObject(auto.w0);
    expect(noOverlap(Object.values(rects))).toBe(true);
  });

  it("lays out loops and unreachable nodes without failing", () => {
    const def = cart();
    def.nodes.nudge = { ...def.nodes.nudge, next: "wait-order" } as JourneyNode;
    const rects = layoutOf(def);
    expect(Object.keys(rects).sort()).toEqual([ENTRY, "ab", "done", "nudge", "wait-order"]);
    expect(noOverlap(Object.values(rects))).toBe(true);
    expect(autoLayout(wide()).island.x).toBeLessThan(autoLayout(wide()).end.x);
  });

  it("puts the entry left of everything, level with the start", () => {
    const rects = layoutOf(cart());
    const others = Object.entries(rects).filter(([id]) => id !== ENTRY);
    expect(others.every(([, r]) => r.x >= rects[ENTRY].x + NODE_W)).toBe(true);
    expect(rects[ENTRY].y + rects[ENTRY].h / 2).toBe(rects["wait-order"].y + rects["wait-order"].h / 2);
  });

  it("places a new node right of the selected one, clear of the others", () => {
    const def = cart();
    const rects = layoutOf(def);
    const spot = spotForNew(def, rects, "wait-order");
    expect(spot.x).toBe(rects["wait-order"].x + NODE_W + 90);
    const added = addNode(def, "wait", spot).definition;
    expect(noOverlap(Object.values(layoutOf(added)))).toBe(true);
  });

  it("draws edges from their port to the middle of the target's left side", () => {
    const def = cart();
    const rects = layoutOf(def);
    const [, event, timeout] = drawnEdges(def);
    const a = edgeGeometry(def, rects, event)!;
    const b = edgeGeometry(def, rects, timeout)!;
    expect(a.start.x).toBe(rects["wait-order"].x + NODE_W);
    expect(a.start.y).toBeLessThan(b.start.y);
    expect(b.end).toEqual({ x: rects.ab.x, y: rects.ab.y + rects.ab.h / 2 });
    expect(curve({ x: 0, y: 0 }, { x: 100, y: 100 })).toEqual({ d: "M 0 0 C 50 0, 50 100, 100 100", label: { x: 50, y: 50 } });
  });

  it("takes a forward edge that skips a layer over the boxes in between", () => {
    const def = {
      entry: { type: "event", eventType: "cart.add" }, start: "w",
      nodes: {
        w: { type: "wait-event", eventType: "order.placed", timeout: "1h", next: "e", timeoutNext: "m" },
        m: { type: "action", action: { kind: "message", channel: "email", body: "x" }, next: "e" },
        e: { type: "end" },
      },
    } as unknown as Parameters<typeof layoutOf>[0];
    const rects = layoutOf(def);
    const skip = drawnEdges(def).find((x) => x.from === "w" && x.to === "e")!;
    const g = edgeGeometry(def, rects, skip)!;
    expect(g.label.y).toBe(rects.m.y - 24);
    expect(g.d).toContain(`L ${rects.e.x - 80} ${rects.m.y - 24}`);
    // An edge to the next layer is a plain curve.
    const next = drawnEdges(def).find((x) => x.from === "m" && x.to === "e")!;
    expect(edgeGeometry(def, rects, next)!.d.startsWith("M ") && !edgeGeometry(def, rects, next)!.d.includes(" L ")).toBe(true);
  });

  it("loops an edge going back left under both boxes", () => {
    const def = cart();
    def.nodes.nudge = { ...def.nodes.nudge, next: "wait-order" } as JourneyNode;
    const rects = layoutOf(def);
    const back = drawnEdges(def).find((e) => e.from === "nudge" && e.to === "wait-order")!;
    const g = edgeGeometry(def, rects, back)!;
    const low = Math.max(rects.nudge.y + rects.nudge.h, rects["wait-order"].y + rects["wait-order"].h) + 24;
    expect(g.label.y).toBe(low);
    expect(g.d).toContain(`L ${rects["wait-order"].x} ${low}`);
  });
});
