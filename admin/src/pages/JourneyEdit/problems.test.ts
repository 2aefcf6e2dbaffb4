import { describe, expect, it } from "vitest";
import { ENTRY, setEdge } from "./graph";
import { cart } from "./fixtures";
import { journeyPathLabel, nodeFieldLabel, nodeOfPath, pinProblems, unconnected } from "./problems";

describe("problems pinned to nodes", () => {
  it("reads the node and field of a path, with or without publish's prefix", () => {
    expect(nodeOfPath("nodes.wait-1.for")).toEqual({ node: "wait-1", field: "for" });
    expect(nodeOfPath("definition.nodes.ab.branches.1.next")).toEqual({ node: "ab", field: "branches.1.next" });
    expect(nodeOfPath("nodes.island")).toEqual({ node: "island", field: "" });
    expect(nodeOfPath("start")).toBeNull();
    expect(nodeOfPath("definition.entry.where.$bad")).toBeNull();
  });

  it("pins node paths to their node, and keeps the rest at the top (start and entry on the entry too)", () => {
    const pinned = pinProblems(
      [
        { path: "definition.nodes.nudge.action.body", message: "Name a template or write the message" },
        { path: "nodes.ab", message: "Not reachable from the start" },
        { path: "nodes.ab", message: "Not reachable from the start" },
        { path: "nodes.gone.next", message: "No node \"x\"" },
        { path: "start", message: "No node \"s\" to start from" },
        { path: "definition.exit.0.where", message: "Bad" },
        { path: "name", message: "Name is required" },
      ],
      ["nudge", "ab", "done"],
    );
    expect(pinned.nodes).toEqual({
      nudge: [{ field: "action.body", message: "Name a template or write the message" }],
      ab: [{ field: "", message: "Not reachable from the start" }],
      [ENTRY]: [{ field: "start", message: "No node \"s\" to start from" }],
    });
    expect(pinned.journey.map((p) => p.path)).toEqual(["nodes.gone.next", "start", "exit.0.where", "name"]);
  });

  it("reports edges not connected yet at their fields", () => {
    expect(unconnected(cart())).toEqual([]);
    const def = setEdge(setEdge(cart(), { from: "ab", field: "branches.0.next" }, ""), { from: ENTRY, field: "start" }, "");
    expect(unconnected(def)).toEqual([
      { path: "start", message: "Choose the node the journey starts with" },
      { path: "nodes.ab.branches.0.next", message: "Not connected: choose the next node" },
    ]);
  });

  it("names paths in words", () => {
    expect(journeyPathLabel("definition.exit.1.eventType")).toBe("Exit criteria 2: eventType");
    expect(journeyPathLabel("entry.where")).toBe("Entry: where");
    expect(journeyPathLabel("start")).toBe("Start");
    expect(journeyPathLabel("nodes.gone.next")).toBe("Node gone: next");
    expect(nodeFieldLabel(cart(), "wait-order", "timeoutNext")).toBe("On timeout");
    expect(nodeFieldLabel(cart(), "ab", "branches.0.next")).toBe("Nudge · 80%: next");
    expect(nodeFieldLabel(cart(), "nudge", "action.body")).toBe("Message");
    expect(nodeFieldLabel(cart(), "ab", "")).toBe("This node");
  });
});
