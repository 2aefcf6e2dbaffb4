import { describe, expect, it } from "vitest";
import { starterDefinition } from "./definition";
import { cart } from "./fixtures";
import { ENTRY, edgesOf } from "./graph";
import { addAfter } from "./insert";
import { layoutOf, overlaps } from "./layout";

const noOverlap = (def: Parameters<typeof layoutOf>[0]) => {
  const rects = Object.values(layoutOf(def));
  return rects.every((a, i) => rects.slice(i + 1).every((b) => !overlaps(a, b)));
};

describe("adding a node after the selected one", () => {
  it("inserts between the entry and the start, moving the rest right", () => {
    const def = starterDefinition("signup");
    const rects = layoutOf(def);
    const added = addAfter(def, rects, ENTRY, "wait");
    expect(added).toMatchObject({ id: "wait-1", joined: { from: ENTRY, field: "start" }, before: "end" });
    expect(added.definition.start).toBe("wait-1");
    expect(added.definition.nodes["wait-1"]).toMatchObject({ type: "wait", next: "end", position: { x: rects.end.x } });
    expect(added.definition.nodes.end.position!.x).toBeGreaterThan(rects.end.x);
    expect(noOverlap(added.definition)).toBe(true);
    // Then an action after the wait: in between again.
    const again = addAfter(added.definition, layoutOf(added.definition), "wait-1", "action");
    expect(edgesOf(again.definition).map((e) => [e.from, e.to])).toEqual([[ENTRY, "wait-1"], ["wait-1", "action-1"], ["action-1", "end"]]);
    expect(noOverlap(again.definition)).toBe(true);
  });

  it("connects the first free edge when there is one", () => {
    const def = cart();
    def.nodes["wait-order"] = { type: "wait-event", eventType: "order.placed", timeout: "1d", next: "done", timeoutNext: "" };
    const added = addAfter(def, layoutOf(def), "wait-order", "end");
    expect(added).toMatchObject({ id: "end-1", joined: { from: "wait-order", field: "timeoutNext" }, before: null });
    expect(added.definition.nodes["wait-order"]).toMatchObject({ timeoutNext: "end-1" });
  });

  it("places the node free when nothing is selected or every edge of a branching node is taken", () => {
    const def = cart();
    for (const from of [null, "ab"]) {
      const added = addAfter(def, layoutOf(def), from, "end");
      expect(added.joined).toBeNull();
      expect(edgesOf(added.definition).filter((e) => e.to === added.id)).toEqual([]);
      expect(noOverlap(added.definition)).toBe(true);
    }
  });

  it("never adds an edge out of an end", () => {
    const def = cart();
    const added = addAfter(def, layoutOf(def), "done", "wait");
    expect(added.joined).toBeNull();
    expect(def.nodes.done).toEqual({ type: "end" });
  });
});
