import { describe, expect, it } from "vitest";
import { channelCounts, dailyFigures, dayInWords, stackBars } from "./delivery-figures";

const at = (iso: string) => Date.parse(iso);
const row = (day: string, status: string, n: number, channel = "email", opened = 0, clicked = 0) => ({ day, channel, status, n, opened, clicked });

describe("delivery figures per day", () => {
  it("fills every day of the period, the partial first one included, oldest first", () => {
    const days = dailyFigures({ since: at("2026-05-01T15:00:00Z"), days: 3, rows: [] });
    expect(days.map((d) => d.day)).toEqual(["2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04"]);
    expect(days[0]).toEqual({ day: "2026-05-01", total: 0, opened: 0, clicked: 0, sent: 0, failed: 0, blocked: 0, queued: 0 });
    // A period starting at midnight ends at midnight too: the last day has just begun.
    expect(dailyFigures({ since: at("2026-05-01T00:00:00Z"), days: 1, rows: [] }).map((d) => d.day)).toEqual(["2026-05-01", "2026-05-02"]);
  });

  it("adds up the channels of a day, keeps opens and clicks, and leaves out what it does not know", () => {
    const rows = [row("2026-05-02", "sent", 3, "email", 2, 1), row("2026-05-02", "sent", 1, "sms"), row("2026-05-02", "failed", 2), row("2026-05-03", "queued", 4), row("2026-05-03", "bounced", 9), row("2026-04-01", "sent", 7)];
    const days = dailyFigures({ since: at("2026-05-01T15:00:00Z"), days: 2, rows });
    expect(days[1]).toEqual({ day: "2026-05-02", total: 6, opened: 2, clicked: 1, sent: 4, failed: 2, blocked: 0, queued: 0 });
    expect(days[2]).toMatchObject({ total: 4, queued: 4 });
    expect(days.reduce((n, d) => n + d.total, 0)).toBe(10);
  });

  it("counts messages per channel, most first", () => {
    expect(channelCounts([row("d", "sent", 1, "sms"), row("d", "sent", 2), row("e", "failed", 1, "sms"), row("d", "sent", 2, "push")])).toEqual([
      { channel: "email", n: 2 },
      { channel: "push", n: 2 },
      { channel: "sms", n: 2 },
    ]);
  });
});

describe("stacked bars", () => {
  const days = dailyFigures({ since: at("2026-05-01T15:00:00Z"), days: 1, rows: [row("2026-05-01", "sent", 2), row("2026-05-01", "queued", 2), row("2026-05-02", "failed", 1), row("2026-05-02", "blocked", 1)] });

  it("stacks sent, failed, blocked and queued upwards, the busiest day as tall as the box", () => {
    const { max, bars } = stackBars(days, { width: 20, height: 40, gap: 2 });
    expect(max).toBe(4);
    expect(bars[0]).toEqual({ day: "2026-05-01", x: 1, width: 8, total: 4, segments: [{ status: "sent", y: 20, height: 20 }, { status: "queued", y: 0, height: 20 }] });
    expect(bars[1]).toEqual({ day: "2026-05-02", x: 11, width: 8, total: 2, segments: [{ status: "failed", y: 30, height: 10 }, { status: "blocked", y: 20, height: 10 }] });
  });

  it("draws a quiet period as empty bars, and nothing as nothing", () => {
    const quiet = dailyFigures({ since: at("2026-05-01T15:00:00Z"), days: 1, rows: [] });
    expect(stackBars(quiet, { width: 10, height: 10 }).bars.map((b) => b.segments)).toEqual([[], []]);
    expect(stackBars([], { width: 10, height: 10 })).toEqual({ max: 0, bars: [] });
  });

  it("says each day in words", () => {
    expect(dayInWords(days[0], "May 1")).toBe("May 1: 4 messages, 2 sent, 2 queued");
    expect(dayInWords({ ...days[0], total: 1, sent: 1, queued: 0 })).toBe("2026-05-01: 1 message, 1 sent");
    expect(dayInWords({ ...days[0], total: 0 })).toBe("2026-05-01: no messages");
  });
});
