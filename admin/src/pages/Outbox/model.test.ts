import { describe, expect, it } from "vitest";
import type { Delivery } from "../../lib/types";
import { paths } from "../../lib/paths";
import { NO_FILTERS, apiQuery, displayParts, filtersFromQuery, filtersToQuery, mergeNewest, nextBefore, outboxHref, sourceOf, summaryOf, withoutOpenPixel } from "./model";

const row = (id: string, createdAt: number, extra: Partial<Delivery> = {}): Delivery => ({
  id, createdAt, updatedAt: createdAt, profileId: "p1", channel: "email", source: "test:welcome", status: "sent", payload: {}, detail: null, attempts: 1, providerId: "outbox", openedAt: null, clickedAt: null, ...extra,
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
  it("links a source to its journey, campaign or template page", () => {
    const of = (source: string, payload: Record<string, unknown> = {}) => sourceOf(row("a", 1, { source, payload }));
    expect(of("journey:cart:3:remind").href).toBe(`${paths.base}/journeys/cart`);
    // A journey's test run and a campaign's test send still lead to where they came from.
    expect(of("journey:cart:3:remind", { test: true })).toMatchObject({ kind: "test", label: "test run of journey cart v3 · remind", href: `${paths.base}/journeys/cart` });
    expect(of("campaign:spring-sale:m1712-ab12")).toEqual({ kind: "campaign", label: "campaign spring-sale", id: "spring-sale", href: `${paths.base}/campaigns/spring-sale` });
    expect(of("campaign:spring-sale:test", { test: true })).toMatchObject({ kind: "test", label: "test of campaign spring-sale", href: `${paths.base}/campaigns/spring-sale` });
    expect(of("test:welcome").href).toBe(`${paths.base}/templates/welcome`);
    expect(of("test:provider:postmark")).toEqual({ kind: "test", label: "test of provider postmark", id: "postmark", href: `${paths.base}/providers` });
    // Ids are encoded into the path; a source with no id, or of an unknown kind, links nowhere.
    expect(of("campaign:a b/c:r1").href).toBe(`${paths.base}/campaigns/a%20b%2Fc`);
    expect(of("campaign:")).toEqual({ kind: "other", label: "campaign:", id: null, href: null });
    expect(of("import:batch-7")).toEqual({ kind: "other", label: "import:batch-7", id: null, href: null });
  });
  it("links to one message in the outbox, with the filters kept", () => {
    expect(outboxHref(NO_FILTERS)).toBe(`${paths.base}/outbox`);
    expect(outboxHref({ ...NO_FILTERS, profileId: "p 1" }, "c:spring:m1:p 1")).toBe(`${paths.base}/outbox?profile=p+1&open=c%3Aspring%3Am1%3Ap%201`);
    expect(outboxHref({ channel: "email", status: "", profileId: "" }, "d1")).toBe(`${paths.base}/outbox?channel=email&open=d1`);
    const query = Object.fromEntries(new URL(outboxHref({ ...NO_FILTERS, profileId: "p1" }, "c:x:y:p1"), "http://console.test").searchParams);
    expect(query).toEqual({ profile: "p1", open: "c:x:y:p1" });
  });
  it("shows a rendered email's parts", () => {
    const parts = displayParts(row("a", 1, { payload: { subject: "Hi", html: "<p>x</p>", text: "x", to: "a@b.c" } }));
    expect(parts.map((p) => [p.name, p.kind])).toEqual([["to", "line"], ["subject", "line"], ["html", "html"], ["text", "text"]]);
  });
  it("leaves the open pixel out of an email's HTML, so reading it in the console is not an open", () => {
    const html = '<p>Hi <img src="https://shop.example/logo.gif" alt="logo"></p><img src="https://edge.example/t/o/abc.DEF_1-x.gif" width="1" height="1" alt="" style="display:block" />';
    const parts = displayParts(row("a", 1, { payload: { subject: "Hi", html } }));
    expect(parts.find((p) => p.name === "html")?.value).toBe('<p>Hi <img src="https://shop.example/logo.gif" alt="logo"></p>');
    expect(withoutOpenPixel('<img src="/t/o/x.gif"><img src="https://edge.example/t/c/x">')).toBe('<img src="https://edge.example/t/c/x">');
  });
  it("shows a journey's message with its call to action and variables", () => {
    const d = row("a", 1, { channel: "push", payload: { title: "Back", body: "In stock", template: null, cta: { label: "See", url: "https://x" }, vars: { sku: "t1" } } });
    expect(displayParts(d).map((p) => p.name)).toEqual(["title", "body", "ctaLabel", "ctaUrl", "vars"]);
    expect(summaryOf(d)).toBe("Back");
    expect(displayParts(row("a", 1, { channel: "sms", payload: { body: "Hey" } }))[0].label).toBe("Message");
  });
});
