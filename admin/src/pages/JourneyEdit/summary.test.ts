import { describe, expect, it } from "vitest";
import { cart } from "./fixtures";
import { countsLine, entrySummary, nodeLabel, nodeSummary } from "./summary";

describe("words for the boxes", () => {
  it("says what each node does", () => {
    const n = cart().nodes;
    expect(nodeSummary(n["wait-order"])).toBe("order.placed, up to 1d");
    expect(nodeSummary(n.ab)).toBe("80% / 20%");
    expect(nodeSummary(n.nudge)).toBe("email message");
    expect(nodeSummary({ type: "wait", untilAttribute: "renewal", offset: "-1d", next: "x" })).toBe("until renewal -1d");
    expect(nodeSummary({ type: "action", action: { kind: "update-profile", set: { a: 1 }, unset: ["b"] }, next: "x" })).toBe("set a; unset b");
    expect(entrySummary({ type: "audience", audience: "gold", on: "exited" })).toBe("leaving gold");
    expect(countsLine({ entered: 3, waiting: 1, exited: 2, errored: 0 })).toBe("3 in · 1 waiting · 2 out · 0 err");
  });

  it("names a box for screen readers with its problems and counts", () => {
    expect(nodeLabel("ab", { ...cart().nodes.ab, label: "A/B" }, 2, { entered: 5, waiting: 0, exited: 5, errored: 0 })).toBe(
      "A/B (ab): Split, 80% / 20%. 2 problems. 5 entered, 0 waiting, 5 exited, 0 errored",
    );
    expect(nodeLabel("done", cart().nodes.done, 0)).toBe("done: End, the journey ends");
  });
});
