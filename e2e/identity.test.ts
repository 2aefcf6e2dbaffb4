/**
 * Log in and log out on the demo store in a real browser: the store's backend signs the email,
 * the SDK presents it, and the console finds one profile holding the device and the email.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { adminClient } from "../db/seed";
import { launchBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const token = inject("adminToken");
const admin = adminClient(baseUrl, token);
const EMAIL = "ada.e2e@example.com";

type Profile = { id: string; known: boolean; identities: { namespace: string; value: string; authenticated: boolean }[] };

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function lookup(ns: string, value: string): Promise<Profile | null> {
  const res = await admin("GET", `/sandboxes/prod/profiles/lookup?ns=${ns}&value=${encodeURIComponent(value)}`);
  return res.ok ? ((await res.json()) as { profile: Profile }).profile : null;
}

/** What the console's profile view lists: `namespace value` per identity, sorted. */
async function listedIdentities(page: Page): Promise<string[]> {
  const items = page.getByTestId("profile-identities").locator("li");
  await items.first().waitFor();
  return (await items.allTextContents()).map((t) => t.replace(/\s+/g, " ").trim()).sort();
}

describe("signing in on the demo store", () => {
  it("joins the anonymous device to the known profile, which the console finds by email and by device", async () => {
    const context = await browser.newContext();
    const store = await context.newPage();
    const errors: string[] = [];
    store.on("pageerror", (e) => errors.push(e.message));
    const pcidCookie = async () => (await context.cookies()).find((c) => c.name === "pcid")?.value;

    await store.goto(`${baseUrl}/demo`);
    const hero = store.locator('[data-parcours-placement="hero"] h2');
    await expect.poll(() => hero.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const pcid = await pcidCookie();
    expect(pcid).toMatch(/^[A-Za-z0-9_-]{22}$/);

    await store.getByLabel("Email address").fill(" Ada.E2E@Example.com"); // the store's backend normalises it
    await store.getByTestId("demo-login-submit").click();
    const status = store.getByTestId("demo-login-status");
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe(`Signed in as ${EMAIL}`);
    expect(await pcidCookie()).toBe(pcid);

    // The admin API: one known profile with the device and the signed email.
    const byEmail = (await lookup("email", EMAIL))!;
    expect(byEmail).not.toBeNull();
    expect(byEmail.known).toBe(true);
    expect(byEmail.identities.map((i) => `${i.namespace}:${i.value}:${i.authenticated}`).sort()).toEqual(
      [`email:${EMAIL}:true`, `pcid:${pcid}:false`].sort(),
    );

    // The console shows the same profile whether it is looked up by device or by email.
    const consolePage = await context.newPage();
    consolePage.on("pageerror", (e) => errors.push(e.message));
    await consolePage.goto(`${baseUrl}/admin`);
    await consolePage.getByLabel("Admin token").fill(token);
    await consolePage.getByRole("button", { name: "Sign in" }).click();
    await consolePage.getByTestId("offers-table").waitFor();
    await consolePage.getByRole("link", { name: "Profiles" }).click();
    await consolePage.getByLabel("Namespace").selectOption("pcid");
    await consolePage.getByLabel("Identity value").fill(pcid!);
    await consolePage.getByRole("button", { name: "Look up" }).click();
    const expected = [`email ${EMAIL}`, `pcid ${pcid}`].sort();
    expect(await listedIdentities(consolePage)).toEqual(expected);
    expect(await consolePage.getByTestId("profile-result").locator("h2 code").textContent()).toBe(byEmail.id);

    // The namespace select offers only pcid so far: by email, use the page's shareable link.
    await consolePage.goto(`${baseUrl}/admin/profiles?${new URLSearchParams({ ns: "email", value: EMAIL })}`);
    expect(await listedIdentities(consolePage)).toEqual(expected);
    expect(await consolePage.getByTestId("profile-result").locator("h2 code").textContent()).toBe(byEmail.id);

    expect(errors).toEqual([]);
    await context.close();
  });

  it("signs out to a fresh anonymous device that the known profile does not own", async () => {
    const context = await browser.newContext();
    const store = await context.newPage();
    const errors: string[] = [];
    store.on("pageerror", (e) => errors.push(e.message));
    const pcidCookie = async () => (await context.cookies()).find((c) => c.name === "pcid")?.value;
    const email = "grace.e2e@example.com";

    await store.goto(`${baseUrl}/demo`);
    await expect.poll(pcidCookie, { timeout: 10_000 }).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const before = (await pcidCookie())!;
    await store.getByLabel("Email address").fill(email);
    await store.getByTestId("demo-login-submit").click();
    await expect.poll(() => store.getByTestId("demo-login-status").textContent(), { timeout: 10_000 }).toBe(`Signed in as ${email}`);

    await store.getByRole("button", { name: "Sign out" }).click();
    await expect.poll(pcidCookie).toBeUndefined();
    expect(await store.evaluate(() => localStorage.getItem("parcours.pcid"))).toBeNull();
    await store.getByTestId("demo-login-email").waitFor();
    expect(await store.getByTestId("demo-login-status").textContent()).toBe("");

    await store.reload();
    await expect.poll(pcidCookie, { timeout: 10_000 }).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const after = (await pcidCookie())!;
    expect(after).not.toBe(before);
    const known = (await lookup("email", email))!;
    expect(known.identities.map((i) => i.value)).toContain(before);
    expect(known.identities.map((i) => i.value)).not.toContain(after);
    await expect.poll(async () => (await lookup("pcid", after))?.known, { timeout: 10_000 }).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });
});
