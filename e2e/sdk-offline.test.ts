/**
 * Events sent while the browser is offline wait in localStorage and reach the edge once the
 * network is back: the profile the admin API looks up by the device id then holds them.
 */
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

type Profile = { events: { type: string; data: Record<string, unknown> }[] };

async function profileEvents(pcid: string, type: string) {
  const res = await admin("GET", `/sandboxes/prod/profiles/lookup?ns=pcid&value=${pcid}`);
  if (!res.ok) return [];
  const { profile } = (await res.json()) as { profile: Profile };
  return profile.events.filter((e) => e.type === type);
}

describe("web SDK offline", () => {
  it("delivers events sent offline after the network returns", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${baseUrl}/demo`);
    const pcid = await page.waitForFunction(() => localStorage.getItem("parcours.pcid")).then((h) => h.jsonValue() as Promise<string>);

    await context.setOffline(true);
    await page.evaluate(async () => {
      const parcours = (window as unknown as { parcours: (...a: unknown[]) => Promise<unknown> }).parcours;
      for (let n = 1; n <= 3; n++) await parcours("sendEvent", "wishlist.add", { data: { sku: "TR-2", n } });
    });
    await page.waitForTimeout(1500); // a failed attempt and its first retry
    const queued = await page.evaluate(() => JSON.parse(localStorage.getItem("parcours.queue") || "[]").map((e: { type: string }) => e.type));
    expect(queued.filter((t: string) => t === "wishlist.add")).toHaveLength(3);
    expect(await profileEvents(pcid, "wishlist.add")).toEqual([]);

    await context.setOffline(false);
    await expect.poll(async () => (await profileEvents(pcid, "wishlist.add")).map((e) => e.data.n).sort(), { timeout: 15_000 }).toEqual([1, 2, 3]);
    await expect.poll(() => page.evaluate(() => localStorage.getItem("parcours.queue"))).toBe("[]");
    expect(errors).toEqual([]);
    await context.close();
  });
});
