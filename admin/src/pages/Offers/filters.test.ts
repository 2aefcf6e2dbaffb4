import { describe, expect, it } from "vitest";
import type { Offer } from "../../lib/types";
import { applyFilters, describeFilters, filtersQuery, hasFilters, NO_FILTERS, readFilters, tagChoices } from "./filters";

const offer = (id: string, patch: Partial<Offer>): Offer => ({
  id, name: id, status: "approved", priority: 0, fallback: false, startAt: null, endAt: null, tags: [],
  representations: [{ placement: "hero", format: "html", content: "x" }], eligibility: null, caps: [], attributes: {}, createdAt: 1, updatedAt: 1, ...patch,
});

const offers = [
  offer("spring", { tags: ["seasonal", "garden"] }),
  offer("draft", { status: "draft", tags: ["seasonal"] }),
  offer("banner", { tags: ["shipping"], representations: [{ placement: "footer", format: "text", content: "x" }] }),
];

describe("the offers list's filters", () => {
  it("reads them from the query, ignoring an unknown status", () => {
    expect(readFilters({ status: "approved", tag: " seasonal ", placement: "hero" })).toEqual({ status: "approved", tag: "seasonal", placement: "hero" });
    expect(readFilters({ status: "live" })).toEqual(NO_FILTERS);
    expect(readFilters({})).toEqual(NO_FILTERS);
  });

  it("writes only the set filters, so a view can be linked and read back", () => {
    expect(filtersQuery(NO_FILTERS)).toBe("");
    expect(filtersQuery({ status: "", tag: "back to school", placement: "" })).toBe("?tag=back+to+school");
    const f = { status: "archived" as const, tag: "a&b", placement: "hero" };
    expect(readFilters(Object.fromEntries(new URLSearchParams(filtersQuery(f))))).toEqual(f);
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, tag: "x" })).toBe(true);
  });

  it("keeps the offers matching every filter", () => {
    const ids = (f: Partial<typeof NO_FILTERS>) => applyFilters(offers, { ...NO_FILTERS, ...f }).map((o) => o.id);
    expect(ids({})).toEqual(["spring", "draft", "banner"]);
    expect(ids({ status: "approved" })).toEqual(["spring", "banner"]);
    expect(ids({ tag: "seasonal" })).toEqual(["spring", "draft"]);
    expect(ids({ tag: "seasonal", status: "draft" })).toEqual(["draft"]);
    expect(ids({ placement: "footer" })).toEqual(["banner"]);
    expect(ids({ placement: "nowhere" })).toEqual([]);
  });

  it("offers every tag in use, and keeps the one filtered on", () => {
    expect(tagChoices(offers)).toEqual(["garden", "seasonal", "shipping"]);
    expect(tagChoices(offers, "gone")).toEqual(["garden", "gone", "seasonal", "shipping"]);
  });

  it("describes the filtered view", () => {
    expect(describeFilters({ status: "approved", tag: "seasonal", placement: "hero" })).toBe("approved offers tagged seasonal with content for hero");
    expect(describeFilters(NO_FILTERS)).toBe("offers");
  });
});
