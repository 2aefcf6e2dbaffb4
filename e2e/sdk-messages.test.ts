/**
 * In-app messages end to end: a message queued for the visitor's profile through the admin API
 * comes with the next interact answer; the modal traps focus, closes on Escape and gives focus
 * back; its display and dismissal reach the profile, so it is not handed over again. A banner's
 * call to action reports a click.
 */
import type { Browser, Page } from "playwright-core";
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

type Profile = { id: string; events: { type: string; data: { tokens?: string[] } }[] };

async function profileOf(pcid: string): Promise<Profile | null> {
  const res = await admin("GET", `/sandboxes/prod/profiles/lookup?ns=pcid&value=${pcid}`);
  return res.ok ? ((await res.json()) as { profile: Profile }).profile : null;
}

/** Opens the demo store and queues a message for this visitor's profile; returns its tracking token. */
async function visitorWithMessage(page: Page, message: Record<string, unknown>) {
  await page.goto(`${baseUrl}/demo`);
  const pcid = await page.waitForFunction(() => localStorage.getItem("parcours.pcid")).then((h) => h.jsonValue() as Promise<string>);
  await expect.poll(() => profileOf(pcid).then((p) => !!p), { timeout: 10_000 }).toBe(true);
  const profile = (await profileOf(pcid))!;
  const res = await admin("POST", `/sandboxes/prod/profiles/${encodeURIComponent(profile.id)}/messages`, message);
  expect(res.status).toBe(201);
  const { message: queued } = (await res.json()) as { message: { trackingToken: string } };
  return { pcid, token: queued.trackingToken };
}

/** Any interact delivers waiting messages; this one asks for the hero, like a page view would. */
const interact = (page: Page) =>
  page.evaluate(() => (window as unknown as { parcours: (...a: unknown[]) => Promise<unknown> }).parcours("sendEvent", "e2e.ping", { placements: ["hero"] }));

const notified = async (pcid: string, token: string) =>
  ((await profileOf(pcid))?.events ?? []).filter((e) => e.type.startsWith("message.") && e.data.tokens?.includes(token)).map((e) => e.type).sort();

const activeInDialog = (page: Page) => page.evaluate(() => !!document.activeElement?.closest('[role="dialog"]'));

describe("web SDK in-app messages", () => {
  it("shows a modal that keeps focus, closes on Escape, and is not handed over again once seen", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const { pcid, token } = await visitorWithMessage(page, {
      kind: "modal",
      title: "Back in stock",
      body: "Your <b>trail runners</b> are back.",
      cta: { label: "See them", url: "/demo#shop" },
    });

    const email = page.getByTestId("demo-login-email");
    await email.focus();
    await interact(page);
    const dialog = page.getByRole("dialog", { name: "Back in stock" });
    await dialog.waitFor();
    expect(await dialog.getAttribute("aria-modal")).toBe("true");
    expect(await dialog.locator("p").textContent()).toBe("Your <b>trail runners</b> are back.");
    expect(await dialog.locator("b").count()).toBe(0);
    expect(await activeInDialog(page)).toBe(true);

    for (const key of ["Tab", "Tab", "Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab"]) {
      await page.keyboard.press(key);
      expect(await activeInDialog(page), `focus left the dialog after ${key}`).toBe(true);
    }

    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("demo-login-email");
    await expect.poll(() => notified(pcid, token), { timeout: 10_000 }).toEqual(["message.dismiss", "message.display"]);

    await page.reload();
    await expect.poll(() => page.evaluate(() => (window as unknown as { parcours?: { loaded?: boolean } }).parcours?.loaded)).toBe(true);
    await interact(page);
    await page.waitForTimeout(300);
    expect(await page.getByRole("dialog").count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows a banner whose call to action reports a click", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const { pcid, token } = await visitorWithMessage(page, { kind: "banner", body: "Free repairs all month.", cta: { label: "Book one", url: "/demo#shop" } });
    await interact(page);
    const banner = page.getByRole("region", { name: "Free repairs all month." });
    await banner.waitFor();
    await banner.getByRole("link", { name: "Book one" }).click();
    await banner.waitFor({ state: "detached" });
    await expect.poll(() => notified(pcid, token), { timeout: 10_000 }).toEqual(["message.click", "message.display"]);
    await context.close();
  });
});
