/**
 * Offers on the demo page in a real browser: a click on an offer is counted, and a cap of two
 * displays per profile swaps in the next offer on the third load.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { adminClient } from "../db/seed";
import { launchBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const admin = adminClient(baseUrl, inject("adminToken"));
const OFFER = "e2e-two-displays";
const offer = {
  name: "Two displays per visitor",
  status: "approved",
  priority: 1000,
  tags: ["e2e"],
  representations: [{ placement: "hero", format: "html", content: "<h2>Members' weekend: 30% off tents</h2>", link: "/demo#tents" }],
  caps: [{ counts: "display", scope: "profile", period: { kind: "calendar", unit: "day" }, limit: 2 }],
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  const res = await admin("POST", "/sandboxes/prod/offers", { id: OFFER, ...offer });
  expect(res.status, await res.clone().text()).toBe(201);
  expect((await admin("POST", "/sandboxes/prod/publish")).status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  // Leave the demo as it was for the other tests: the offer is archived, not live.
  await admin("PUT", `/sandboxes/prod/offers/${OFFER}`, { ...offer, status: "archived" });
  await admin("POST", "/sandboxes/prod/publish");
});

type Counters = Record<string, { decisions: number; displays: number; clicks: number }>;

describe("offers on the demo page", () => {
  it("counts a click on the offer, and after two displays shows the next offer", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const hero = page.locator('[data-parcours-placement="hero"]');
    const headline = async () => {
      await expect.poll(async () => (await hero.locator("h2").count()) > 0, { timeout: 10_000 }).toBe(true);
      return (await hero.locator("h2").first().textContent())!.trim();
    };
    const counters = async (): Promise<Counters> => {
      const pcid = (await context.cookies()).find((c) => c.name === "pcid")?.value;
      const res = await admin("GET", `/sandboxes/prod/profiles/lookup?ns=pcid&value=${pcid}`);
      return res.ok ? ((await res.json()) as { profile: { counters: Counters } }).profile.counters : {};
    };

    // The publish is live at the edge within its pointer's freshness (a second): reload until it is.
    await page.goto(`${baseUrl}/demo`);
    await expect
      .poll(async () => {
        if ((await headline()).includes("Members' weekend")) return true;
        await page.reload();
        return false;
      }, { timeout: 10_000 })
      .toBe(true);
    await expect.poll(async () => (await counters())[OFFER]?.displays ?? 0, { timeout: 10_000 }).toBe(1);

    await hero.locator("a").first().click();
    await expect.poll(async () => (await counters())[OFFER]?.clicks ?? 0, { timeout: 10_000 }).toBe(1);

    await page.reload();
    expect(await headline()).toContain("Members' weekend");
    await expect.poll(async () => (await counters())[OFFER]?.displays ?? 0, { timeout: 10_000 }).toBe(2);

    await page.reload();
    const next = await headline();
    expect(next).not.toContain("Members' weekend");
    expect(next.length).toBeGreaterThan(0);
    expect((await counters())[OFFER].displays).toBe(2);

    // Reports see the click too, through the dataset.
    await expect
      .poll(async () => {
        const { items } = (await (await admin("GET", "/sandboxes/prod/offers/stats")).json()) as { items: { offerId: string; clicks: number; displays: number }[] };
        const row = items.find((i) => i.offerId === OFFER);
        return row ? [row.displays, row.clicks] : null;
      }, { timeout: 10_000 })
      .toEqual([2, 1]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
