import type { Browser } from "playwright-core";
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

type Offer = { id: string; status: string; fallback: boolean; representations: { content: string }[] };

describe("the demo store in a real browser", () => {
  it("renders the decided offer into the hero placement and the display is counted", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${baseUrl}/demo`);

    const hero = page.locator('[data-parcours-placement="hero"]');
    await expect.poll(async () => (await hero.locator("h2").count()) > 0, { timeout: 10_000 }).toBe(true);
    await expect.poll(() => hero.evaluate((el) => getComputedStyle(el).visibility)).toBe("visible");
    const headline = (await hero.locator("h2").first().textContent())!.trim();

    const { items } = (await (await admin("GET", "/sandboxes/prod/offers")).json()) as { items: Offer[] };
    const shown = items.find((o) => o.representations.some((r) => r.content.includes(headline)));
    expect(shown, `no offer has the headline "${headline}"`).toBeDefined();
    expect(shown!.status).toBe("approved");
    expect(shown!.fallback).toBe(false);

    const pcid = (await context.cookies()).find((c) => c.name === "pcid")?.value;
    expect(pcid).toMatch(/^[A-Za-z0-9_-]{22}$/);
    await expect
      .poll(async () => {
        const res = await admin("GET", `/sandboxes/prod/profiles/lookup?ns=pcid&value=${pcid}`);
        if (!res.ok) return null;
        const { profile } = (await res.json()) as { profile: { counters: Record<string, { displays: number }> } };
        return profile.counters[shown!.id]?.displays ?? 0;
      }, { timeout: 10_000 })
      .toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("serves the SDK with its source map, the hashed copy with its own", async () => {
    const sdk = await fetch(`${baseUrl}/sdk.js`);
    expect(sdk.headers.get("cache-control")).toContain("max-age=300");
    const map = /\/\/# sourceMappingURL=(\S+)/.exec(await sdk.text())?.[1];
    expect(map).toBeDefined();
    const mapped = await fetch(new URL(map!, `${baseUrl}/sdk.js`));
    expect(mapped.status).toBe(200);
    expect(((await mapped.json()) as { sources: string[] }).sources.length).toBeGreaterThan(0);
    const page = await (await fetch(`${baseUrl}/demo`)).text();
    const hashed = /\/sdk\/[\w.-]+\.js/.exec(page)?.[0] ?? "/sdk.js";
    const copy = await fetch(`${baseUrl}${hashed}`);
    const copyMap = /\/\/# sourceMappingURL=(\S+)/.exec(await copy.text())?.[1];
    expect((await fetch(new URL(copyMap!, `${baseUrl}${hashed}`))).status).toBe(200);
  });
});
