import { describe, expect, it } from "vitest";
import { ENTRY, drawnEdges } from "./graph";
import { cart } from "./fixtures";
import { focusAfterRemoval, keyAction, MOVE_STEP, neighbour } from "./keyboard";

const def = cart();
const links = drawnEdges(def);
const order = [ENTRY, ...Object.keys(def.nodes), "island"];

describe("the canvas from the keyboard", () => {
  it("maps keys to actions, and leaves the rest to the browser", () => {
    expect(keyAction({ key: "ArrowRight" })).toEqual({ kind: "go", key: "ArrowRight" });
    expect(keyAction({ key: "ArrowUp", shiftKey: true })).toEqual({ kind: "move", dx: 0, dy: -MOVE_STEP });
    expect(keyAction({ key: "Enter" })).toEqual({ kind: "open" });
    expect(keyAction({ key: "Delete" })).toEqual({ kind: "delete" });
    expect(keyAction({ key: "+" })).toEqual({ kind: "zoom", factor: 1.2 });
    expect(keyAction({ key: "0" })).toEqual({ kind: "fit" });
    expect(keyAction({ key: "Tab" })).toBeNull();
    expect(keyAction({ key: "ArrowLeft", ctrlKey: true })).toBeNull();
    expect(keyAction({ key: "a" })).toBeNull();
  });

  it("follows edges right and left", () => {
    expect(neighbour(links, order, ENTRY, "ArrowRight")).toBe("wait-order");
    expect(neighbour(links, order, "wait-order", "ArrowRight")).toBe("done");
    expect(neighbour(links, order, "wait-order", "ArrowLeft")).toBe(ENTRY);
    expect(neighbour(links, order, "nudge", "ArrowLeft")).toBe("ab");
    expect(neighbour(links, order, "done", "ArrowRight")).toBeNull();
    expect(neighbour(links, order, ENTRY, "ArrowLeft")).toBeNull();
  });

  it("moves between the boxes reached from the same parent with up and down", () => {
    expect(neighbour(links, order, "done", "ArrowDown")).toBe("ab");
    expect(neighbour(links, order, "ab", "ArrowUp")).toBe("done");
    expect(neighbour(links, order, "ab", "ArrowDown")).toBeNull();
    // Boxes nothing leads to are siblings in tab order.
    expect(neighbour(links, order, ENTRY, "ArrowDown")).toBe("island");
    expect(neighbour(links, order, "island", "ArrowUp")).toBe(ENTRY);
  });

  it("puts focus on a parent after a removal, else on the next box", () => {
    expect(focusAfterRemoval(links, order, "nudge")).toBe("ab");
    expect(focusAfterRemoval(links, order, "island")).toBe("done");
    expect(focusAfterRemoval([], ["a", "b", "c"], "a")).toBe("b");
  });
});
