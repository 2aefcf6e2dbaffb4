import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const token = inject("adminToken");

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("the console in a real browser", () => {
  it("creates and publishes an offer that the very next demo page load shows", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));

    await page.goto(`${baseUrl}/admin`);
    await page.getByLabel("Admin token").fill("not-the-token");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("sign-in-error").waitFor();

    await page.getByLabel("Admin token").fill(token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("offers-table").waitFor();
    expect(await page.getByTestId("offer-row-spring-sale").count()).toBe(1);

    await page.getByRole("link", { name: "New offer" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Midnight madness");
    await page.getByLabel("Offer id").fill("midnight-madness");
    await page.getByLabel("Status").selectOption("approved");
    await page.getByLabel("Priority").fill("500");
    const rep = page.getByTestId("representation-hero");
    await rep.getByLabel("Content").fill("<h2>Midnight madness: 40% off</h2>");
    await page.getByTestId("save-offer").click();
    await page.getByTestId("saved-status").waitFor();
    await page.getByTestId("offer-row-midnight-madness").waitFor();

    await page.getByTestId("publish-button").click();
    await expect.poll(() => page.getByTestId("publish-status").textContent()).toMatch(/Published version \d+/);

    // The very first load after publishing, with no retry, must already get the new offer.
    const demo = await context.newPage();
    await demo.goto(`${baseUrl}/demo`);
    const hero = demo.locator('[data-parcours-placement="hero"] h2');
    await expect.poll(() => hero.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect((await hero.first().textContent())?.trim()).toBe("Midnight madness: 40% off");
    expect(errors).toEqual([]);
    await context.close();
  });
});
