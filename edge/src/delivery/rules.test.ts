import { describe, expect, it } from "vitest";
import { applyRules, quietUntil, type ChannelRule } from "./rules";

const at = (iso: string) => Date.parse(iso);

describe("quiet hours", () => {
  it("finds the end of a window spanning midnight, in the profile's zone", () => {
    const night = { from: "21:00", to: "08:00" };
    // 22:30 in Paris (UTC+1 in winter) is 21:30 UTC: quiet until 08:00 Paris the next morning.
    expect(quietUntil(night, at("2026-12-01T21:30:00Z"), "Europe/Paris")).toBe(at("2026-12-02T07:00:00Z"));
    // 06:00 Paris: quiet until 08:00 the same morning.
    expect(quietUntil(night, at("2026-12-02T05:00:00Z"), "Europe/Paris")).toBe(at("2026-12-02T07:00:00Z"));
    expect(quietUntil(night, at("2026-12-02T12:00:00Z"), "Europe/Paris")).toBeNull();
    expect(quietUntil({ from: "12:00", to: "14:00" }, at("2026-12-02T13:00:00Z"), "UTC")).toBe(at("2026-12-02T14:00:00Z"));
  });

  it("delays or drops, and caps frequency", async () => {
    const rules: ChannelRule[] = [
      { id: "q", kind: "quiet-hours", channel: "sms", config: { from: "21:00", to: "08:00", mode: "delay" } },
      { id: "f", kind: "frequency", channel: "email", config: { limit: 3, days: 7 } },
    ];
    const delayed = await applyRules(rules, "sms", at("2026-12-01T22:00:00Z"), "UTC", async () => 0);
    expect(delayed).toEqual({ kind: "retry", reason: "quiet hours 21:00–08:00 (UTC)", delaySeconds: 10 * 3600 });
    expect(await applyRules(rules, "sms", at("2026-12-01T12:00:00Z"), "UTC", async () => 0)).toBeNull();
    expect(await applyRules([{ ...rules[0], config: { ...rules[0].config, mode: "drop" } } as ChannelRule], "sms", at("2026-12-01T22:00:00Z"), "UTC", async () => 0)).toMatchObject({ kind: "blocked" });
    expect(await applyRules(rules, "email", 0, "UTC", async () => 2)).toBeNull();
    expect(await applyRules(rules, "email", 0, "UTC", async () => 3)).toEqual({ kind: "blocked", reason: "frequency: at most 3 email per 7 days (3 already)" });
  });
});
