/**
 * A slow edge never blanks the page for long: with /v1/interact held back well past the SDK's
 * 1 s timeout, the hero shows its default content after about a second, before the answer, and
 * the offer still replaces it once the answer comes.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const DELAY_MS = 4000;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Notes (in page time) when the hiding class left <html>. */
const WATCH_CURTAIN = () => {
  const w = window as unknown as { __lifted?: number };
  new MutationObserver(() => {
    const html = document.documentElement;
    if (w.__lifted === undefined && html && !html.classList.contains("parcours-hiding")) w.__lifted = performance.now();
  }).observe(document, { attributes: true, attributeFilter: ["class"], subtree: true }); // <html> may not exist yet
};

describe("web SDK with a slow edge", () => {
  it("reveals the default content after the timeout, before the answer, then renders the late offer", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    let answered: number | undefined;
    await page.route("**/v1/interact*", async (route) => {
      await new Promise((r) => setTimeout(r, DELAY_MS));
      answered = Date.now();
      await route.continue();
    });
    await page.addInitScript(WATCH_CURTAIN);
    await page.goto(`${baseUrl}/demo`, { waitUntil: "domcontentloaded" });

    const hero = page.locator('[data-parcours-placement="hero"]');
    await page.waitForFunction(() => !document.documentElement.classList.contains("parcours-hiding"), null, { timeout: 3000 });
    expect(answered, "the curtain lifted only once the edge answered").toBeUndefined();
    expect(await hero.evaluate((el) => getComputedStyle(el).visibility)).toBe("visible");
    expect(await hero.locator("h1").textContent()).toBe("Gear for every trail");

    const { lifted, sdkRan } = await page.evaluate(() => {
      // The async script runs as soon as it has arrived.
      const sdk = performance.getEntriesByName(new URL("/sdk.js", location.href).href)[0] as PerformanceResourceTiming;
      return { lifted: (window as unknown as { __lifted: number }).__lifted, sdkRan: sdk.responseEnd };
    });
    // Hidden for the SDK's timeout (1 s), counted from when it loaded, and not much longer.
    expect(lifted - sdkRan).toBeGreaterThan(900);
    expect(lifted - sdkRan).toBeLessThan(1500);

    await expect.poll(() => hero.locator("h2").count(), { timeout: DELAY_MS + 5000 }).toBeGreaterThan(0);
    expect(answered).toBeDefined();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("hides nothing when the page has no placements", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route("**/v1/interact*", async (route) => {
      await new Promise((r) => setTimeout(r, DELAY_MS));
      await route.continue();
    });
    // The demo page without its hero: the same snippet and SDK, nothing to personalise.
    await page.route("**/demo", async (route) => {
      const res = await route.fetch();
      const html = (await res.text()).replace(/data-parcours-placement="hero"/, "");
      await route.fulfill({ response: res, body: html });
    });
    await page.goto(`${baseUrl}/demo`, { waitUntil: "domcontentloaded" });
    await page.waitForFunction(() => (window as unknown as { parcours?: { loaded?: boolean } }).parcours?.loaded === true);
    expect(await page.evaluate(() => document.documentElement.classList.contains("parcours-hiding"))).toBe(false);
    await context.close();
  });
});
