import { describe, expect, it } from "vitest";
import type { JourneyDefinition } from "../../lib/types";
import { cart } from "./fixtures";
import { ENTRY, addNode, drawnEdges, edgesOf, freeId, newNode, predecessors, removeNode, renameNode, setEdge, successors } from "./graph";

describe("the journey graph", () => {
  it("lists every edge with its field and label, the entry's first", () => {
    expect(edgesOf(cart()).map((e) => [e.from, e.field, e.to, e.label])).toEqual([
      [ENTRY, "start", "wait-order", ""],
      ["wait-order", "next", "done", "on order.placed"],
      ["wait-order", "timeoutNext", "ab", "timeout"],
      ["ab", "branches.0.next", "nudge", "Nudge · 80%"],
      ["ab", "branches.1.next", "done", "20%"],
      ["nudge", "next", "done", ""],
    ]);
  });

  it("labels condition branches, with else last", () => {
    const def = { ...cart(), nodes: { c: { type: "condition", branches: [{ label: "Gold", rule: {}, next: "x" }, { rule: {}, next: "y" }], else: "z" } } } as JourneyDefinition;
    expect(edgesOf(def).slice(1).map((e) => [e.field, e.label, e.kind])).toEqual([
      ["branches.0.next", "Gold", "branch"], ["branches.1.next", "Branch 2", "branch"], ["else", "else", "else"],
    ]);
  });

  it("draws only edges that lead to a node", () => {
    const def = setEdge(setEdge(cart(), { from: "nudge", field: "next" }, ""), { from: "ab", field: "branches.1.next" }, "gone");
    expect(drawnEdges(def).map((e) => `${e.from}.${e.field}`)).toEqual([`${ENTRY}.start`, "wait-order.next", "wait-order.timeoutNext", "ab.branches.0.next"]);
    expect(successors(cart(), "ab")).toEqual(["nudge", "done"]);
    expect(predecessors(cart(), "done")).toEqual(["wait-order", "ab", "nudge"]);
  });

  it("connects any field, the start included, without touching the others", () => {
    const def = cart();
    const moved = setEdge(setEdge(def, { from: "ab", field: "branches.1.next" }, "nudge"), { from: ENTRY, field: "start" }, "ab");
    expect(moved.start).toBe("ab");
    expect(moved.nodes.ab).toEqual({ type: "split", branches: [{ label: "Nudge", percent: 80, next: "nudge" }, { percent: 20, next: "nudge" }] });
    expect(moved.nodes["wait-order"]).toBe(def.nodes["wait-order"]);
    expect(def.nodes.ab).toEqual(cart().nodes.ab);
    expect(setEdge(def, { from: "wait-order", field: "timeoutNext" }, "done").nodes["wait-order"]).toMatchObject({ next: "done", timeoutNext: "done" });
  });

  it("adds nodes of each type under the first free id, unconnected", () => {
    let def = cart();
    const ids: string[] = [];
    for (const type of ["condition", "split", "wait", "wait-event", "action", "jump", "end", "wait"] as const) {
      const added = addNode(def, type, { x: 10.4, y: 20.6 });
      def = added.definition;
      ids.push(added.id);
    }
    expect(ids).toEqual(["condition-1", "split-1", "wait-1", "wait-event-1", "action-1", "jump-1", "end-1", "wait-2"]);
    expect(def.nodes["wait-1"]).toEqual({ type: "wait", position: { x: 10, y: 21 }, for: "1d", next: "" });
    const fresh = edgesOf(def).filter((e) => ids.includes(e.from));
    expect(fresh.every((e) => e.to === "")).toBe(true);
    expect(fresh).toHaveLength(1 + 1 + 2 + 1 + 2 + 1 + 0 + 0 + 1);
    expect(freeId(def, "wait")).toBe("wait-3");
    expect(newNode("end")).toEqual({ type: "end" });
  });

  it("removes a node and disconnects every edge that led to it, reporting them", () => {
    const { definition, cleared } = removeNode(cart(), "done");
    expect(definition.nodes.done).toBeUndefined();
    expect(cleared).toEqual([{ from: "wait-order", field: "next" }, { from: "ab", field: "branches.1.next" }, { from: "nudge", field: "next" }]);
    const targets = edgesOf(definition).map((e) => e.to);
    expect(targets).not.toContain("done");
    expect(drawnEdges(definition).every((e) => definition.nodes[e.to])).toBe(true);
  });

  it("removing the start disconnects the entry", () => {
    const { definition, cleared } = removeNode(cart(), "wait-order");
    expect(definition.start).toBe("");
    expect(cleared).toEqual([{ from: ENTRY, field: "start" }]);
    expect(removeNode(cart(), "nothing").cleared).toEqual([]);
  });

  it("renames a node with every reference, in place, and refuses a taken or bad id", () => {
    const renamed = renameNode(cart(), "done", "finish");
    if (!renamed.ok) throw new Error(renamed.message);
    expect(Object.keys(renamed.definition.nodes)).toEqual(["wait-order", "ab", "nudge", "finish"]);
    expect(edgesOf(renamed.definition).filter((e) => e.to === "finish")).toHaveLength(3);
    const start = renameNode(cart(), "wait-order", "w");
    expect(start.ok && start.definition.start).toBe("w");
    expect(renameNode(cart(), "done", "ab")).toEqual({ ok: false, message: 'A node "ab" exists already' });
    expect(renameNode(cart(), "done", "no spaces").ok).toBe(false);
  });
});
