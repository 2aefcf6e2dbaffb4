/**
 * A provider's test send and the delivery log in figures, in a real browser. In a sandbox of its
 * own (so its figures count only what this test sends), with the local `outbox` kind as the email
 * default: a bad address shows the API's message beside the field and sends nothing; a good one
 * shows what the provider answered, links to the message in the outbox, and the outbox's figures
 * count it.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { adminClient } from "../db/seed";
import { launchBrowser } from "./browser";
import { created } from "./seeding";

const baseUrl = inject("baseUrl");
const token = inject("adminToken");
const admin = adminClient(baseUrl, token);
const SB = "provider-e2e";
const PROVIDER = "mail-e2e";

let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  await created(await admin("POST", "/sandboxes", { id: SB, name: "Provider test e2e" }));
  await created(await admin("POST", `/sandboxes/${SB}/providers`, { id: PROVIDER, name: "Local mail", channel: "email", kind: "outbox", isDefault: true }));
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${baseUrl}/admin/providers`);
  await page.getByLabel("Admin token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Providers", level: 1 }).waitFor();
  await page.getByTestId("sandbox-select").selectOption(SB);
  await page.getByTestId(`provider-row-${PROVIDER}`).waitFor();
});
afterAll(async () => {
  await browser?.close();
});

describe("a provider's test send", () => {
  it("shows the API's message beside a bad address, and sends nothing", async () => {
    await page.getByRole("button", { name: "Send a test through Local mail" }).click();
    const form = page.getByTestId("provider-test-form");
    await form.getByLabel("To (email address)").fill("not an address");
    await form.getByTestId("send-provider-test").click();
    await expect.poll(() => page.getByTestId("provider-test-to-error").textContent()).toBe("Give an email address");
    expect(await form.getByLabel("To (email address)").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByTestId("provider-test-outcome").count()).toBe(0);
    const { items } = (await (await admin("GET", `/sandboxes/${SB}/deliveries`)).json()) as { items: unknown[] };
    expect(items).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("sends through the local outbox and shows what it answered", async () => {
    const form = page.getByTestId("provider-test-form");
    await form.getByLabel("To (email address)").fill("ada@example.com");
    await form.getByLabel("Subject (optional)").fill("Provider check");
    await form.getByTestId("send-provider-test").click();
    const outcome = page.getByTestId("provider-test-outcome");
    await outcome.waitFor();
    expect(await outcome.textContent()).toContain("Sent.");
    expect(await outcome.getByTestId("provider-test-detail").textContent()).toBe(`local outbox (${PROVIDER})`);
    expect(await page.getByTestId("provider-test-to-error").count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("links to the message in the outbox, whose figures count it", async () => {
    await page.getByTestId("provider-test-link").click();
    await page.getByRole("heading", { name: "Outbox", level: 1 }).waitFor();
    expect(page.url()).toContain("open=test-");
    const message = page.getByTestId("delivery-message");
    await message.waitFor();
    expect(await message.getByTestId("part-subject").textContent()).toContain("Provider check");
    expect(await message.getByTestId("part-to").textContent()).toContain("ada@example.com");
    const row = page.locator('tr[data-testid^="delivery-row-test-"]');
    expect(await row.count()).toBe(1);
    expect(await row.getByTestId("delivery-status").textContent()).toBe("sent");
    expect(await row.textContent()).toContain(`test of provider ${PROVIDER}`);
    expect(await row.textContent()).toContain("local outbox");

    // The sandbox holds only this message: the figures say so, and today's bar is its only one.
    const figures = page.getByTestId("delivery-figures");
    await expect.poll(() => figures.getByTestId("figure-messages").locator("dd").textContent()).toBe("1");
    expect(await figures.getByTestId("figure-sent").locator("dd").textContent()).toBe("1");
    expect(await figures.getByTestId("figure-failed").locator("dd").textContent()).toBe("0");
    const today = new Date().toISOString().slice(0, 10);
    const bar = figures.locator(`[data-testid=figures-chart] g[data-day="${today}"]`);
    expect(await bar.getAttribute("data-total")).toBe("1");
    expect(await bar.locator("rect.figures-sent").count()).toBe(1);
    expect(await figures.getByTestId("figures-chart").getAttribute("aria-labelledby")).toBeTruthy();
    expect(await figures.locator("[data-testid=figures-chart] > title").textContent()).toContain("1 in all, 1 sent, 0 failed, 0 blocked, 0 queued");

    // Another period reads them again: 7 days (and one partial day) of bars.
    await figures.getByLabel("Period").selectOption("7");
    await expect.poll(() => figures.locator("[data-testid=figures-chart] g[data-day]").count()).toBe(8);
    expect(await figures.getByTestId("figure-messages").locator("dd").textContent()).toBe("1");
    expect(errors).toEqual([]);
  });
});
