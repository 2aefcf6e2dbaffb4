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

/** Looks a profile up with the console's form; answers the profile id and the identities table's text. */
async function lookUpInConsole(page: Page, ns: string, value: string): Promise<{ id: string | null; identities: string }> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Profiles" }).click();
  await page.getByLabel("Namespace").selectOption(ns);
  await page.getByLabel("Identity value").fill(value);
  await page.getByRole("button", { name: "Look up" }).click();
  const identities = page.getByTestId("profile-identities");
  await identities.waitFor();
  return {
    id: await page.getByTestId("profile-result").locator("h2 code").textContent(),
    identities: ((await identities.textContent()) ?? "").replace(/\s+/g, " "),
  };
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

    // The console finds the same profile by email and by device, listing both identities.
    const consolePage = await context.newPage();
    consolePage.on("pageerror", (e) => errors.push(e.message));
    await consolePage.goto(`${baseUrl}/admin`);
    await consolePage.getByLabel("Admin token").fill(token);
    await consolePage.getByRole("button", { name: "Sign in" }).click();
    await consolePage.getByTestId("offers-table").waitFor();
    for (const [ns, value] of [["email", EMAIL], ["pcid", pcid!]]) {
      const found = await lookUpInConsole(consolePage, ns, value);
      expect(found.id, `looked up by ${ns}`).toBe(byEmail.id);
      expect(found.identities).toContain(EMAIL);
      expect(found.identities).toContain(pcid);
    }

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
