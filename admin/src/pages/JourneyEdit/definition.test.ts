import { describe, expect, it } from "vitest";
import type { JourneyDefinition } from "../../lib/types";
import { canonical, cleanDefinition, sameDefinition, starterDefinition } from "./definition";
import { cart } from "./fixtures";

describe("the definition as sent", () => {
  it("starts new journeys at an event, straight to the end", () => {
    expect(starterDefinition("signup")).toMatchObject({ entry: { type: "event", eventType: "signup" }, start: "end", nodes: { end: { type: "end" } } });
  });

  it("leaves out empty optional values", () => {
    const def: JourneyDefinition = {
      ...cart(),
      nodes: {
        a: { type: "action", label: " ", action: { kind: "message", channel: "email", template: "", title: "", body: "Hi", cta: { label: "", url: "" } }, next: "w" },
        w: { type: "wait", for: "", until: "", untilAttribute: "birthday", offset: "", next: "u" },
        u: { type: "action", action: { kind: "update-profile", set: {}, unset: ["x"] }, next: "s" },
        s: { type: "split", branches: [{ label: "", percent: 50, next: "e" }, { label: "B", percent: 50, next: "e" }] },
        e: { type: "end", label: "Done" },
      },
      throughputPerSecond: 0,
    };
    const clean = cleanDefinition(def);
    expect(clean.nodes).toEqual({
      a: { type: "action", action: { kind: "message", channel: "email", body: "Hi" }, next: "w" },
      w: { type: "wait", untilAttribute: "birthday", next: "u" },
      u: { type: "action", action: { kind: "update-profile", unset: ["x"] }, next: "s" },
      s: { type: "split", branches: [{ percent: 50, next: "e" }, { label: "B", percent: 50, next: "e" }] },
      e: { type: "end", label: "Done" },
    });
    expect("throughputPerSecond" in clean).toBe(false);
  });

  it("compares definitions by content, not key order", () => {
    const a = cart();
    const b = { ...cart(), nodes: Object.fromEntries(Object.entries(cart().nodes).reverse()) };
    expect(canonical({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
    expect(sameDefinition(a, b)).toBe(true);
    expect(sameDefinition(a, { ...a, start: "done" })).toBe(false);
  });
});
