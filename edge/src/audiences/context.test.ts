import { describe, expect, it } from "vitest";
import { buildContext, readUserAgent } from "./context";

describe("the request context", () => {
  it("reads the page, its UTM parameters, the referrer, the place and the local time", () => {
    const ctx = buildContext({
      url: "https://shop.test/sale?utm_source=news&utm_campaign=spring",
      referrer: "https://search.test/?q=shoes",
      userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
      geo: { country: "FR", city: "Lyon", timezone: "Europe/Paris" },
      now: Date.UTC(2026, 11, 1, 22, 30), // Tuesday 23:30 in Paris
      timeZone: "UTC",
    });
    expect(ctx).toEqual({
      page: { url: "https://shop.test/sale?utm_source=news&utm_campaign=spring", host: "shop.test", path: "/sale", query: { utm_source: "news", utm_campaign: "spring" } },
      referrer: { url: "https://search.test/?q=shoes", host: "search.test" },
      utm: { source: "news", campaign: "spring" },
      device: { type: "mobile", browser: "safari", os: "ios" },
      geo: { country: "FR", city: "Lyon", timezone: "Europe/Paris" },
      time: { hour: 23, weekday: "tuesday", date: "2026-12-01", timezone: "Europe/Paris" },
    });
  });

  it("falls back to the sandbox's time zone and leaves out what it cannot read", () => {
    const ctx = buildContext({ url: "not a url", now: Date.UTC(2026, 11, 1, 8), geo: { timezone: "Mars/Olympus" }, timeZone: "America/New_York" });
    expect(ctx.page).toEqual({});
    expect(ctx.time).toEqual({ hour: 3, weekday: "tuesday", date: "2026-12-01", timezone: "America/New_York" });
  });

  it("tells desktops, tablets, phones and bots apart", () => {
    expect(readUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0")).toEqual({ type: "desktop", browser: "edge", os: "windows" });
    expect(readUserAgent("Mozilla/5.0 (Linux; Android 14; Pixel Tablet) AppleWebKit/537.36 Chrome/120.0 Safari/537.36").type).toBe("tablet");
    expect(readUserAgent("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0; rv:121.0) Gecko/20100101 Firefox/121.0")).toEqual({ type: "desktop", browser: "firefox", os: "macos" });
    expect(readUserAgent("Googlebot/2.1 (+http://www.google.com/bot.html)").type).toBe("bot");
  });
});
