import { describe, expect, it } from "vitest";
import type { CampaignCounts } from "../../lib/types";
import { countSegments, countsInWords, runStateClass, scheduleInWords } from "./model";

const counts = (c: Partial<CampaignCounts>): CampaignCounts => ({ targeted: 0, queued: 0, sent: 0, failed: 0, blocked: 0, opened: 0, clicked: 0, ...c });

describe("campaigns in words", () => {
  it("says when a campaign is sent", () => {
    expect(scheduleInWords("api", null)).toBe("When its API is called");
    expect(scheduleInWords("scheduled", null)).toBe("Only when sent by hand");
    expect(scheduleInWords("scheduled", { kind: "recurring", every: "day", at: "09:00" })).toBe("Every day at 09:00 UTC");
    expect(scheduleInWords("scheduled", { kind: "recurring", every: "hour", at: "00:15" })).toBe("Every hour at minute 15");
    expect(scheduleInWords("scheduled", { kind: "recurring", every: "week" })).toBe("Every Monday at 00:00 UTC");
    expect(scheduleInWords("scheduled", { kind: "recurring", every: "day", at: "09:00", until: Date.UTC(2031, 0, 1) })).toMatch(/^Every day at 09:00 UTC, until .*2031/);
    expect(scheduleInWords("scheduled", { kind: "once", at: Date.UTC(2030, 4, 1, 12) })).toMatch(/^Once, .*2030/);
  });

  it("draws sent, failed and blocked out of the targeted, leaving what waits empty", () => {
    expect(countSegments(counts({}))).toEqual([]);
    expect(countSegments(counts({ targeted: 4, sent: 2, blocked: 1 }))).toEqual([
      { kind: "sent", percent: 50 },
      { kind: "blocked", percent: 25 },
    ]);
    expect(countsInWords(counts({ targeted: 4, sent: 2, blocked: 1 }))).toBe("2 sent, 0 failed, 1 blocked, 1 waiting, of 4 targeted");
    expect(countsInWords(counts({}))).toBe("Nobody targeted yet");
  });

  it("gives each run state a badge class without spaces", () => {
    expect(runStateClass("reading audience")).toBe("badge badge-run-reading");
    expect(runStateClass("done")).toBe("badge badge-run-done");
  });
});
