import { describe, expect, it } from "vitest";
import type { Delivery } from "../../lib/types";
import { apiQuery, displayParts, filtersFromQuery, filtersToQuery, mergeNewest, nextBefore, sourceOf, summaryOf } from "./model";

const row = (id: string, createdAt: number, extra: Partial<Delivery> = {}): Delivery => ({
  id, createdAt, updatedAt: createdAt, profileId: "p1", channel: "email", source: "test:welcome", status: "sent", payload: {}, detail: null, attempts: 1, providerId: "outbox", ...extra,
});

describe("outbox filters", () => {
  it("round-trips through the page's query string", () => {
    const f = { channel: "sms", status: "failed", profileId: "abc" };
    const q = Object.fromEntries(new URLSearchParams(filtersToQuery(f).slice(1)));
    expect(filtersFromQuery(q)).toEqual(f);
    expect(filtersToQuery({ channel: "", status: "", profileId: " " })).toBe("");
  });
  it("drops values the API does not know", () => {
    expect(filtersFromQuery({ channel: "fax", status: "lost", profile: " p " })).toEqual({ channel: "", status: "", profileId: "p" });
  });
  it("makes the API query, with paging", () => {
    expect(apiQuery({ channel: "email", status: "", profileId: "" })).toEqual({ channel: "email", limit: "50" });
    expect(apiQuery({ channel: "", status: "sent", profileId: "x" }, 123)).toEqual({ status: "sent", profileId: "x", before: "123", limit: "50" });
  });
  it("pages only after a full page, and merges a refresh", () => {
    expect(nextBefore([row("a", 3), row("b", 2)], 2)).toBe(2);
    expect(nextBefore([row("a", 3)], 2)).toBeNull();
    const shown = [row("b", 2, { status: "queued" }), row("c", 1)];
    const merged = mergeNewest(shown, [row("a", 3), row("b", 2)]);
    expect(merged.map((d) => [d.id, d.status])).toEqual([["a", "sent"], ["b", "sent"], ["c", "sent"]]);
  });
});

describe("delivery display", () => {
  it("names the source", () => {
    expect(sourceOf(row("a", 1))).toMatchObject({ kind: "test", label: "test send of welcome" });
    expect(sourceOf(row("a", 1, { source: "journey:cart:3:remind" }))).toMatchObject({ kind: "journey", label: "journey cart v3 · remind" });
    expect(sourceOf(row("a", 1, { source: "journey:cart:3:remind", payload: { test: true } })).kind).toBe("test");
    expect(sourceOf(row("a", 1, { source: "campaign:spring" })).kind).toBe("campaign");
  });
  it("shows a rendered email's parts", () => {
    const parts = displayParts(row("a", 1, { payload: { subject: "Hi", html: "<p>x</p>", text: "x", to: "a@b.c" } }));
    expect(parts.map((p) => [p.name, p.kind])).toEqual([["to", "line"], ["subject", "line"], ["html", "html"], ["text", "text"]]);
  });
  it("shows a journey's message with its call to action and variables", () => {
    const d = row("a", 1, { channel: "push", payload: { title: "Back", body: "In stock", template: null, cta: { label: "See", url: "https://x" }, vars: { sku: "t1" } } });
    expect(displayParts(d).map((p) => p.name)).toEqual(["title", "body", "ctaLabel", "ctaUrl", "vars"]);
    expect(summaryOf(d)).toBe("Back");
    expect(displayParts(row("a", 1, { channel: "sms", payload: { body: "Hey" } }))[0].label).toBe("Message");
  });
});
