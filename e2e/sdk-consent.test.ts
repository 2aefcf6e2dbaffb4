/**
 * Consent out in a real browser: the consent.update saying so is the last request to the data
 * plane; clicks, events, route changes and reloads after it send nothing, and the edge's profile
 * records the choice.
 */
import type { Browser, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { adminClient } from "../db/seed";
import { launchBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const admin = adminClient(baseUrl, inject("adminToken"));

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

type Parcours = (...args: unknown[]) => Promise<unknown>;
const eventTypes = (r: Request) => {
  try {
    return (JSON.parse(r.postData() || "{}").events || []).map((e: { type: string }) => e.type) as string[];
  } catch {
    return [];
  }
};

describe("web SDK consent", () => {
  it('sends nothing to /v1/ after setConsent("out") and its consent.update, on this page or the next', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const dataPlane: Request[] = [];
    page.on("request", (r) => void (new URL(r.url()).pathname.startsWith("/v1/") && dataPlane.push(r)));

    await page.goto(`${baseUrl}/demo`);
    const hero = page.locator('[data-parcours-placement="hero"]');
    await expect.poll(() => hero.locator("h2").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // The display notification goes out within the batching delay.
    await expect.poll(() => dataPlane.some((r) => eventTypes(r).includes("proposition.display"))).toBe(true);
    const pcid = await page.evaluate(() => localStorage.getItem("parcours.pcid"));

    await page.evaluate(() => (window as unknown as { parcours: Parcours }).parcours("setConsent", "out"));
    const update = dataPlane.findIndex((r) => eventTypes(r).includes("consent.update"));
    expect(update).toBeGreaterThanOrEqual(0);
    expect(JSON.parse(dataPlane[update].postData()!).events[0].data).toEqual({ collect: "out" });
    const before = dataPlane.length;

    // Everything that would normally talk to the edge:
    await page.evaluate(async () => {
      const parcours = (window as unknown as { parcours: Parcours }).parcours;
      await parcours("sendEvent", "cart.add", { data: { sku: "TR-2" } });
      await parcours("sendEvent", "search", { data: { q: "jacket" }, placements: ["hero"] });
      history.pushState(null, "", "/demo?view=cart");
    });
    await hero.locator("h2").first().click(); // within the offer (its link, when it has one, stays in the page)
    await page.evaluate(() => document.querySelector<HTMLElement>('[data-parcours-placement="hero"] a')?.click());
    await page.waitForTimeout(1000);
    expect(dataPlane.slice(before).map((r) => r.url())).toEqual([]);
    expect(await page.evaluate(() => localStorage.getItem("parcours.queue"))).toBe("[]");

    await page.goto(`${baseUrl}/demo`); // the choice persists: not even a page view
    await page.waitForFunction(() => (window as unknown as { parcours?: { loaded?: boolean } }).parcours?.loaded === true);
    await page.waitForTimeout(1000);
    expect(dataPlane.slice(before).map((r) => r.url())).toEqual([]);
    expect(await hero.locator("h1").textContent()).toBe("Gear for every trail"); // the default content, shown

    const res = await admin("GET", `/sandboxes/prod/profiles/lookup?ns=pcid&value=${pcid}`);
    const { profile } = (await res.json()) as { profile: { consent: Record<string, unknown> } };
    expect(profile.consent).toMatchObject({ collect: "out" });
    expect(errors).toEqual([]);
    await context.close();
  });
});
