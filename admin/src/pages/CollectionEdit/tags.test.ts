import { describe, expect, it } from "vitest";
import type { Offer } from "../../lib/types";
import { addTags, matches, removeTag, selectedOffers, selectionSummary, tagSuggestions } from "./tags";

const offer = (id: string, tags: string[], patch: Partial<Offer> = {}): Offer => ({
  id, name: id, status: "approved", priority: 0, fallback: false, startAt: null, endAt: null, tags,
  representations: [], eligibility: null, caps: [], attributes: {}, createdAt: 1, updatedAt: 1, ...patch,
});

describe("a collection's tags", () => {
  it("adds typed tags, split on commas, trimmed and each once", () => {
    expect(addTags(["seasonal"], " spring, seasonal ,, garden ")).toEqual(["seasonal", "spring", "garden"]);
    expect(addTags([], "  ")).toEqual([]);
    expect(removeTag(["a", "b"], "a")).toEqual(["b"]);
  });

  it("matches any or all of the tags, and nothing without tags", () => {
    expect(matches("any", ["a", "b"], ["b"])).toBe(true);
    expect(matches("all", ["a", "b"], ["b"])).toBe(false);
    expect(matches("all", ["a", "b"], ["b", "a", "c"])).toBe(true);
    expect(matches("any", [], ["a"])).toBe(false);
  });

  it("selects offers as the edge does, never fallbacks, approved first then by priority", () => {
    const offers = [
      offer("low", ["sale"], { priority: 1 }),
      offer("draft", ["sale"], { status: "draft", priority: 99 }),
      offer("high", ["sale", "x"], { priority: 5 }),
      offer("fallback", ["sale"], { fallback: true }),
      offer("other", ["x"]),
    ];
    expect(selectedOffers(offers, "any", ["sale"]).map((o) => o.id)).toEqual(["high", "low", "draft"]);
    expect(selectedOffers(offers, "all", ["sale", "x"]).map((o) => o.id)).toEqual(["high"]);
  });

  it("suggests tags in use that are not chosen yet", () => {
    expect(tagSuggestions([offer("a", ["b", "a"]), offer("b", ["a", "c"])], ["a"])).toEqual(["b", "c"]);
  });

  it("sums up the selection", () => {
    expect(selectionSummary([])).toBe("These tags select no offer now.");
    expect(selectionSummary([offer("a", [])])).toBe("These tags select 1 offer now, approved.");
    expect(selectionSummary([offer("a", []), offer("b", [], { status: "draft" })])).toBe("These tags select 2 offers now, 1 of them approved: only approved offers are published.");
  });
});
