import { describe, expect, it } from "vitest";
import { groupByDay, typeCounts } from "./timeline";

const at = (iso: string) => Date.parse(iso);
const ev = (id: string, iso: string | null, type = "page.view") => ({ id, type, at: iso === null ? null : at(iso) });
const NOW = at("2026-11-29T15:00:00Z");

describe("grouping the events timeline by day", () => {
  it("puts the newest day first and the newest event first within it", () => {
    const groups = groupByDay([ev("a", "2026-11-27T09:00:00Z"), ev("b", "2026-11-29T08:00:00Z"), ev("c", "2026-11-29T14:00:00Z"), ev("d", "2026-11-27T20:00:00Z")], {
      timeZone: "UTC",
      locale: "en-GB",
      now: NOW,
    });
    expect(groups.map((g) => [g.key, g.events.map((e) => e.id)])).toEqual([
      ["2026-11-29", ["c", "b"]],
      ["2026-11-27", ["d", "a"]],
    ]);
  });

  it("names today and yesterday, and other days by their date", () => {
    const groups = groupByDay([ev("a", "2026-11-29T01:00:00Z"), ev("b", "2026-11-28T23:00:00Z"), ev("c", "2026-11-20T12:00:00Z")], {
      timeZone: "UTC",
      locale: "en-GB",
      now: NOW,
    });
    expect(groups.map((g) => g.label).slice(0, 2)).toEqual(["Today", "Yesterday"]);
    // ICU versions differ on the comma after the weekday.
    expect(groups[2].label).toMatch(/^Friday,? 20 November 2026$/);
  });

  it("cuts days at midnight in the time zone asked for", () => {
    // 23:30 UTC on the 28th is already the 29th in Paris.
    const events = [ev("late", "2026-11-28T23:30:00Z"), ev("early", "2026-11-28T22:30:00Z")];
    expect(groupByDay(events, { timeZone: "UTC", now: NOW }).map((g) => g.key)).toEqual(["2026-11-28"]);
    expect(groupByDay(events, { timeZone: "Europe/Paris", now: NOW }).map((g) => g.key)).toEqual(["2026-11-29", "2026-11-28"]);
  });

  it("knows yesterday across a month and a year", () => {
    const newYear = at("2027-01-01T10:00:00Z");
    const groups = groupByDay([ev("a", "2026-12-31T10:00:00Z")], { timeZone: "UTC", now: newYear });
    expect(groups[0].label).toBe("Yesterday");
  });

  it("keeps events without a time in a last group of their own", () => {
    const groups = groupByDay([ev("x", null), ev("a", "2026-11-29T10:00:00Z")], { timeZone: "UTC", now: NOW });
    expect(groups.map((g) => [g.label, g.events.map((e) => e.id)])).toEqual([
      ["Today", ["a"]],
      ["Unknown date", ["x"]],
    ]);
  });

  it("names a day past the year 9999 without failing", () => {
    const groups = groupByDay([{ id: "far", at: 8.64e15 }], { timeZone: "UTC", now: NOW });
    expect(groups).toEqual([{ key: "275760-09-13", label: "275760-09-13", events: [{ id: "far", at: 8.64e15 }] }]);
  });

  it("gives nothing for no events", () => {
    expect(groupByDay([])).toEqual([]);
  });
});

describe("event types", () => {
  it("counts each type, most frequent first, then by name", () => {
    const events = [ev("1", null, "b"), ev("2", null, "a"), ev("3", null, "c"), ev("4", null, "c")];
    expect(typeCounts(events)).toEqual([
      { type: "c", n: 2 },
      { type: "a", n: 1 },
      { type: "b", n: 1 },
    ]);
  });
});
