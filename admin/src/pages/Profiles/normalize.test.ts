import { describe, expect, it } from "vitest";
import { toProfileView } from "./normalize";

describe("profile view", () => {
  it("reads the edge's lookup answer", () => {
    const view = toProfileView({
      id: "p1", sandbox: "prod", firstSeen: 1, lastSeen: 2, eventCount: 1,
      events: [{ id: "e1", type: "page.view", ts: 5, data: { url: "/" } }],
      counters: { "spring-sale": { decisions: 3, displays: 2, clicks: 1 } },
      identities: [{ namespace: "pcid", value: "abc" }],
    });
    expect(view.identities).toEqual([{ ns: "pcid", value: "abc" }]);
    expect(view.events).toEqual([{ id: "e1", type: "page.view", at: 5, data: { url: "/" } }]);
    expect(view.counters).toEqual([{ offerId: "spring-sale", decisions: 3, displays: 2, clicks: 1 }]);
    expect(view.eventCount).toBe(1);
  });

  it("accepts the other plausible spellings rather than showing nothing", () => {
    const view = toProfileView({
      identities: { pcid: ["a", "b"] },
      recentEvents: [{ type: "x", timestamp: "2026-11-29T10:00:00Z" }],
      offers: [{ offerId: "o", decisions: 1 }],
    });
    expect(view.identities).toEqual([{ ns: "pcid", value: "a" }, { ns: "pcid", value: "b" }]);
    expect(view.events[0]).toMatchObject({ type: "x", at: "2026-11-29T10:00:00Z" });
    expect(view.counters).toEqual([{ offerId: "o", decisions: 1, displays: 0, clicks: 0 }]);
  });

  it("survives an answer that is not an object", () => {
    expect(toProfileView(null)).toMatchObject({ id: null, identities: [], events: [], counters: [] });
  });
});
