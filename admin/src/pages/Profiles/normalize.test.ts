import { describe, expect, it } from "vitest";
import { formatValue, hasContent, preferredIdentity, toMillis, toProfileView } from "./normalize";

const answer = {
  id: "p1",
  sandbox: "prod",
  known: true,
  firstSeen: 1,
  lastSeen: 2,
  eventCount: 3,
  attributes: { tier: "gold", age: 42, "<b>x</b>": "<script>alert(1)</script>" },
  identities: [
    { namespace: "pcid", value: "abc", authenticated: false },
    { namespace: "email", value: "ada@example.com", authenticated: true },
  ],
  consent: { marketing: "y" },
  mergedFrom: ["old-1"],
  events: [
    { id: "e1", type: "page.view", ts: 5, data: { url: "/" } },
    { id: "e2", type: "cart.add", ts: 9, data: {} },
  ],
  counters: { "spring-sale": { decisions: 3, displays: 2, clicks: 1 }, "summer-sale": { decisions: 7, displays: 0, clicks: 0 } },
  audiences: [
    { audience: "viewers", member: false, enteredAt: 10, exitedAt: 20 },
    { audience: "gold", member: true, enteredAt: 30, exitedAt: null },
  ],
};

describe("reading a looked-up profile", () => {
  it("keeps every section of the edge's answer", () => {
    const view = toProfileView(answer);
    expect(view).toMatchObject({ id: "p1", known: true, firstSeen: 1, lastSeen: 2, eventCount: 3, mergedFrom: ["old-1"] });
    expect(view.identities).toEqual([
      { ns: "pcid", value: "abc", authenticated: false },
      { ns: "email", value: "ada@example.com", authenticated: true },
    ]);
    expect(view.consent).toEqual([["marketing", "y"]]);
  });

  it("lists attributes by name with their values untouched, markup included", () => {
    expect(toProfileView(answer).attributes).toEqual([
      ["<b>x</b>", "<script>alert(1)</script>"],
      ["age", 42],
      ["tier", "gold"],
    ]);
  });

  it("puts the newest event first and the most decided offer first", () => {
    const view = toProfileView(answer);
    expect(view.events.map((e) => e.id)).toEqual(["e2", "e1"]);
    expect(view.counters.map((c) => c.offerId)).toEqual(["summer-sale", "spring-sale"]);
  });

  it("lists the audiences it is in first, then those it left, with their times", () => {
    expect(toProfileView(answer).audiences).toEqual([
      { audience: "gold", member: true, enteredAt: 30, exitedAt: null },
      { audience: "viewers", member: false, enteredAt: 10, exitedAt: 20 },
    ]);
    expect(toProfileView({ audiences: [null, { member: true }, { audience: "x", member: "yes", enteredAt: "soon" }] }).audiences).toEqual([
      { audience: "x", member: false, enteredAt: null, exitedAt: null },
    ]);
  });

  it("shows events without a time last, in the order they came", () => {
    const view = toProfileView({ events: [{ id: "a", type: "x" }, { id: "b", type: "x", ts: 1 }, { id: "c", type: "x", ts: "nonsense" }] });
    expect(view.events.map((e) => [e.id, e.at])).toEqual([["b", 1], ["a", null], ["c", null]]);
  });

  it("skips malformed entries instead of failing", () => {
    const view = toProfileView({
      known: "yes",
      identities: [null, { namespace: "email" }, { namespace: "email", value: "a@b.co", authenticated: "true" }, "pcid:abc"],
      events: [null, 7, { data: { n: 1 } }],
      counters: { good: { decisions: 2, displays: -1, clicks: "3" }, bad: 5 },
      mergedFrom: ["m", 3],
      attributes: ["not", "an", "object"],
    });
    expect(view.known).toBe(false);
    expect(view.identities).toEqual([{ ns: "email", value: "a@b.co", authenticated: false }]);
    expect(view.events).toEqual([{ id: "#0", type: "(no type)", at: null, data: { n: 1 } }]);
    expect(view.counters).toEqual([{ offerId: "good", decisions: 2, displays: 0, clicks: 0 }]);
    expect(view.mergedFrom).toEqual(["m"]);
    expect(view.attributes).toEqual([]);
  });

  it("survives an answer that is not an object", () => {
    for (const raw of [null, undefined, "profile", 3, []]) {
      expect(toProfileView(raw)).toMatchObject({ id: null, known: false, eventCount: null, identities: [], attributes: [], consent: [], mergedFrom: [], events: [], counters: [], audiences: [] });
    }
  });
});

describe("times", () => {
  it("reads epoch milliseconds and ISO text", () => {
    expect(toMillis(1_700_000_000_000)).toBe(1_700_000_000_000);
    expect(toMillis("2026-11-29T10:00:00Z")).toBe(Date.UTC(2026, 10, 29, 10));
    expect(toMillis("soon")).toBeNull();
    expect(toMillis(Number.NaN)).toBeNull();
    expect(toMillis(null)).toBeNull();
    expect(toMillis(1e20)).toBeNull(); // no Date can hold it, and formatting it would throw
  });
});

describe("the identity a profile is opened by", () => {
  const id = (namespace: string, authenticated = false) => ({ namespace, value: `${namespace}-v`, authenticated });

  it("prefers authenticated identities, then the person-level namespaces, then the device id", () => {
    expect(preferredIdentity([id("pcid"), id("email"), id("phone", true)])).toEqual(id("phone", true));
    expect(preferredIdentity([id("pcid"), id("loyalty"), id("email")])).toEqual(id("email"));
    expect(preferredIdentity([id("pcid"), id("loyalty")])).toEqual(id("loyalty"));
    expect(preferredIdentity([id("crmId", true), id("email", true)])).toEqual(id("crmId", true));
  });

  it("is null for a profile without identities", () => {
    expect(preferredIdentity([])).toBeNull();
  });
});

describe("values shown on one line", () => {
  it("keeps strings as they are and writes anything else as JSON", () => {
    expect(formatValue("gold")).toBe("gold");
    expect(formatValue(42)).toBe("42");
    expect(formatValue({ a: [1, "b"] })).toBe('{"a":[1,"b"]}');
    expect(formatValue(null)).toBe("null");
    expect(formatValue(undefined)).toBe("undefined");
  });

  it("cuts long values with an ellipsis", () => {
    expect(formatValue("x".repeat(50), 10)).toBe(`${"x".repeat(9)}…`);
  });

  it("only folds payloads that hold something", () => {
    expect([null, {}, [], undefined].map(hasContent)).toEqual([false, false, false, false]);
    expect([{ a: 1 }, [0], "", 0].map(hasContent)).toEqual([true, true, true, true]);
  });
});
