import { describe, expect, it } from "vitest";
import { nextBoundary, orderByReferences, readsOf } from "./reads";

describe("what a rule reads", () => {
  it("lists attributes, event types, audiences and the roots it touches", () => {
    const reads = readsOf({
      "profile.address.city": "Lyon",
      $or: [{ "identities.email": { $exists: true } }, { $nor: [{ $audience: "vip" }] }],
      $and: [{ $event: { type: "product.view", within: "1d" } }, { "context.page.url": { $regex: "sale" } }],
    });
    expect([...reads.attributes]).toEqual(["address"]);
    expect([...reads.eventTypes]).toEqual(["product.view"]);
    expect([...reads.audiences]).toEqual(["vip"]);
    expect(reads).toMatchObject({ identities: true, consent: false, context: true, windowed: true });
  });
});

describe("when a window next moves", () => {
  const DAY = 86_400_000;
  it("is when the oldest event in the window leaves it, or a future one enters", () => {
    const events = { "product.view": [{ ts: 1000 }, { ts: 5000 }] };
    const eventsOf = (t: string) => events[t as keyof typeof events] ?? [];
    expect(nextBoundary([{ type: "product.view", within: "1d" }], eventsOf, 6000)).toBe(1000 + DAY + 1);
    expect(nextBoundary([{ type: "product.view", between: ["14d", "7d"] }], eventsOf, 6000)).toBe(1000 + 7 * DAY);
    expect(nextBoundary([{ type: "product.view" }], eventsOf, 6000)).toBeNull();
    expect(nextBoundary([{ type: "product.view", within: "1d" }], eventsOf, 5000 + DAY + 1)).toBeNull();
  });
});

describe("ordering audiences by reference", () => {
  it("puts each audience after the ones it uses", () => {
    expect(orderByReferences([
      { id: "a", reads: new Set(["b", "c"]) },
      { id: "b", reads: new Set(["c"]) },
      { id: "c", reads: new Set() },
    ])).toEqual({ order: ["c", "b", "a"] });
  });
  it("names a cycle, and a reference to an audience that does not exist", () => {
    expect(orderByReferences([{ id: "a", reads: new Set(["b"]) }, { id: "b", reads: new Set(["a"]) }])).toEqual({ cycle: ["a", "b", "a"] });
    expect(orderByReferences([{ id: "a", reads: new Set(["a"]) }])).toEqual({ cycle: ["a", "a"] });
    expect(orderByReferences([{ id: "a", reads: new Set(["zz"]) }])).toEqual({ unknown: { id: "a", ref: "zz" } });
  });
});
