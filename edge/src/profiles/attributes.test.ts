import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyUpdate, mergeAttributes, visible, type AttributeMap } from "./attributes";

const entry = fc.record(
  {
    value: fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: -5, max: 5 }), fc.boolean(), fc.constant(null)),
    ts: fc.integer({ min: 0, max: 20 }),
    unset: fc.constant(true as const),
  },
  { requiredKeys: ["value", "ts"] },
).map((e) => (e.unset ? { ...e, value: null } : e)); // a tombstone never carries a value
const attrs = fc.dictionary(fc.constantFrom("a", "b", "c", "d"), entry, { maxKeys: 4 }) as fc.Arbitrary<AttributeMap>;

describe("merging attributes under last-write", () => {
  it("does not depend on which profile absorbs which", () => {
    fc.assert(fc.property(attrs, attrs, (x, y) => {
      expect(mergeAttributes(x, y, "last-write")).toEqual(mergeAttributes(y, x, "last-write"));
    }));
  });

  it("does not depend on the order of successive merges", () => {
    fc.assert(fc.property(attrs, attrs, attrs, (x, y, z) => {
      const left = mergeAttributes(mergeAttributes(x, y, "last-write"), z, "last-write");
      const right = mergeAttributes(x, mergeAttributes(y, z, "last-write"), "last-write");
      expect(left).toEqual(right);
    }));
  });

  it("is idempotent: merging the same profile twice changes nothing", () => {
    fc.assert(fc.property(attrs, attrs, (x, y) => {
      const once = mergeAttributes(x, y, "last-write");
      expect(mergeAttributes(once, y, "last-write")).toEqual(once);
    }));
  });
});

describe("attributes", () => {
  it("keeps the known profile's value under known-wins", () => {
    const known = { tier: { value: "gold", ts: 1 } };
    const device = { tier: { value: "silver", ts: 9 }, city: { value: "Lyon", ts: 2 } };
    expect(visible(mergeAttributes(known, device, "known-wins"))).toEqual({ tier: "gold", city: "Lyon" });
    expect(visible(mergeAttributes(known, device, "last-write"))).toEqual({ tier: "silver", city: "Lyon" });
  });

  it("lets a later unset beat an earlier set, and ignores stale updates", () => {
    const start = applyUpdate({}, { set: { tier: "gold", city: "Paris" } }, 10).next;
    const { next, changed } = applyUpdate(start, { unset: ["tier"], set: { city: "Nice" } }, 5);
    expect(changed).toEqual([]);
    const later = applyUpdate(next, { unset: ["tier"] }, 11);
    expect(later.changed).toEqual(["tier"]);
    expect(visible(later.next)).toEqual({ city: "Paris" });
  });
});
