/**
 * The offer swaps into the demo hero without moving anything: cumulative layout shift, measured by
 * a PerformanceObserver from the first paint until well after the offer rendered, stays at zero.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "./browser";

const baseUrl = inject("baseUrl");

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Sums layout-shift entries (those not caused by input) from before the page's own scripts run. */
const MEASURE_CLS = () => {
  const w = window as unknown as { __cls: number; __shifts: unknown[] };
  w.__cls = 0;
  w.__shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean; sources?: { node?: Node }[] }[]) {
      if (entry.hadRecentInput) continue;
      w.__cls += entry.value;
      w.__shifts.push({ value: entry.value, nodes: (entry.sources || []).map((s) => (s.node as Element | undefined)?.outerHTML?.slice(0, 80)) });
    }
  }).observe({ type: "layout-shift", buffered: true });
};

describe("web SDK layout stability", () => {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    it(`renders the offer with no layout shift (${viewport.width}×${viewport.height})`, async () => {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.addInitScript(MEASURE_CLS);
      await page.goto(`${baseUrl}/demo`);

      const hero = page.locator('[data-parcours-placement="hero"]');
      await expect.poll(() => hero.locator("h2").count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await expect.poll(() => hero.evaluate((el) => getComputedStyle(el).visibility)).toBe("visible");
      await page.waitForTimeout(500); // shifts are reported after the frame that caused them

      const { cls, shifts } = await page.evaluate(() => {
        const w = window as unknown as { __cls: number; __shifts: unknown[] };
        return { cls: w.__cls, shifts: w.__shifts };
      });
      expect(cls, JSON.stringify(shifts)).toBeLessThan(0.01);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
