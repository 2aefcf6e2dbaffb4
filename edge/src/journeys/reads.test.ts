import { describe, expect, it } from "vitest";
import { lastSlot } from "./reads";

const at = (iso: string) => Date.parse(iso);
const read = (schedule: unknown) => schedule as never;

describe("read-audience schedules", () => {
  it("names the moment of a one-off run once it has come", () => {
    const once = read({ kind: "once", at: at("2026-12-01T09:00:00Z") });
    expect(lastSlot(once, at("2026-12-01T08:59:00Z"), 0)).toBeNull();
    expect(lastSlot(once, at("2026-12-01T09:00:00Z"), 0)).toBe(at("2026-12-01T09:00:00Z"));
  });

  it("names the latest hourly, daily and weekly slot, from the publish on", () => {
    const published = at("2026-12-01T00:00:00Z");
    expect(lastSlot(read({ kind: "recurring", every: "hour", at: "00:15" }), at("2026-12-01T10:14:00Z"), published)).toBe(at("2026-12-01T09:15:00Z"));
    expect(lastSlot(read({ kind: "recurring", every: "day", at: "09:00" }), at("2026-12-01T10:00:00Z"), published)).toBe(at("2026-12-01T09:00:00Z"));
    expect(lastSlot(read({ kind: "recurring", every: "day", at: "09:00" }), at("2026-12-01T08:00:00Z"), published)).toBeNull();
    // 1 December 2026 is a Tuesday: the weekly Monday 08:00 slot was 30 November, before the publish.
    expect(lastSlot(read({ kind: "recurring", every: "week", at: "08:00" }), at("2026-12-01T10:00:00Z"), published)).toBeNull();
    expect(lastSlot(read({ kind: "recurring", every: "week", at: "08:00" }), at("2026-12-08T10:00:00Z"), published)).toBe(at("2026-12-07T08:00:00Z"));
  });
});
