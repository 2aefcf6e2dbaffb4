import { describe, expect, it } from "vitest";
import { cappedBy, periodStart, type CapRule } from "./capping";

const at = (iso: string) => Date.parse(iso);

describe("capping periods", () => {
  it("starts a calendar day at midnight in UTC or in the rule's time zone", () => {
    expect(periodStart({ kind: "calendar", unit: "day" }, at("2026-12-01T23:59:59.999Z"))).toBe(at("2026-12-01T00:00:00Z"));
    expect(periodStart({ kind: "calendar", unit: "day" }, at("2026-12-02T00:00:00Z"))).toBe(at("2026-12-02T00:00:00Z"));
    // 23:30 UTC on 1 December is 00:30 on 2 December in Paris (UTC+1 in winter).
    expect(periodStart({ kind: "calendar", unit: "day", timeZone: "Europe/Paris" }, at("2026-12-01T23:30:00Z"))).toBe(at("2026-12-01T23:00:00Z"));
    expect(periodStart({ kind: "calendar", unit: "day" }, at("2026-12-01T22:59:00Z"), "Europe/Paris")).toBe(at("2026-11-30T23:00:00Z"));
    expect(periodStart({ kind: "calendar", unit: "day", timeZone: "America/New_York" }, at("2026-12-01T04:59:00Z"))).toBe(at("2026-11-30T05:00:00Z"));
  });

  it("handles days when the clocks change", () => {
    // Paris moves to summer time on 29 March 2026 at 02:00: that day's midnight is still UTC+1.
    expect(periodStart({ kind: "calendar", unit: "day", timeZone: "Europe/Paris" }, at("2026-03-29T12:00:00Z"))).toBe(at("2026-03-28T23:00:00Z"));
    expect(periodStart({ kind: "calendar", unit: "day", timeZone: "Europe/Paris" }, at("2026-03-30T12:00:00Z"))).toBe(at("2026-03-29T22:00:00Z"));
  });

  it("starts weeks on Monday and months on the 1st", () => {
    // 1 December 2026 is a Tuesday.
    expect(periodStart({ kind: "calendar", unit: "week" }, at("2026-12-01T10:00:00Z"))).toBe(at("2026-11-30T00:00:00Z"));
    expect(periodStart({ kind: "calendar", unit: "week" }, at("2026-11-30T00:00:00Z"))).toBe(at("2026-11-30T00:00:00Z"));
    expect(periodStart({ kind: "calendar", unit: "week" }, at("2026-11-29T23:59:59Z"))).toBe(at("2026-11-23T00:00:00Z"));
    expect(periodStart({ kind: "calendar", unit: "month" }, at("2026-12-31T23:59:59Z"))).toBe(at("2026-12-01T00:00:00Z"));
    expect(periodStart({ kind: "calendar", unit: "month", timeZone: "Asia/Tokyo" }, at("2026-11-30T15:00:00Z"))).toBe(at("2026-11-30T15:00:00Z"));
  });

  it("rolls a window back from now, and never resets a lifetime", () => {
    expect(periodStart({ kind: "rolling", hours: 24 }, at("2026-12-01T10:00:00Z"))).toBe(at("2026-11-30T10:00:00Z"));
    expect(periodStart({ kind: "lifetime" }, at("2026-12-01T10:00:00Z"))).toBe(-Infinity);
  });
});

describe("cappedBy", () => {
  const daily: CapRule = { counts: "display", scope: "profile", period: { kind: "calendar", unit: "day" }, limit: 2, perPlacement: false };
  const displays = [at("2026-11-30T23:00:00Z"), at("2026-12-01T08:00:00Z"), at("2026-12-01T09:00:00Z")];
  const count = (_: CapRule, since: number) => displays.filter((t) => t >= since).length;

  it("caps once the count since the period's start reaches the limit, and frees the offer when the period turns", () => {
    expect(cappedBy([daily], count, at("2026-12-01T10:00:00Z"))).toBe(daily);
    expect(cappedBy([daily], count, at("2026-12-02T00:00:00Z"))).toBeNull();
    expect(cappedBy([{ ...daily, limit: 3 }], count, at("2026-12-01T10:00:00Z"))).toBeNull();
  });
});
