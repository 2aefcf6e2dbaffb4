/**
 * Campaigns in the console, in a real browser: with a template and a published audience of three
 * visitors made through the API, create a scheduled campaign in the editor, see activating
 * refused with the problem beside its field (a template of another channel), activate it, press
 * Send now, follow the run until it is done with one message sent per member, and find the
 * counts in the list.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { adminClient } from "../db/seed";
import { launchBrowser } from "./browser";
import { created, untilIndexed, visitor } from "./seeding";

const baseUrl = inject("baseUrl");
const token = inject("adminToken");
const admin = adminClient(baseUrl, token);
const CAMPAIGN = "spring-e2e";
const AUDIENCE = "campaign-e2e";
const MARK = "campaign-e2e-member";
const MEMBERS = 3;

let browser: Browser;
let page: Page;
const errors: string[] = [];
const members: string[] = [];

/** A new visitor with the audience's attribute, set through the data plane; answers its device id. */
const member = (i: number) => visitor(baseUrl, "demo", { segment: MARK, firstName: `Member${i}`, email: `member${i}@example.com` });

/** A template per channel, and a published audience of three visitors in the D1 profile index. */
async function seedAudience() {
  await created(await admin("POST", "/sandboxes/prod/templates", { id: "campaign-e2e-news", name: "Spring news", channel: "email", content: { subject: "Spring for {{ profile.firstName }}", html: "<p>Hello {{ profile.firstName }}</p>" } }));
  await created(await admin("POST", "/sandboxes/prod/templates", { id: "campaign-e2e-sms", name: "Spring SMS", channel: "sms", content: { body: "Spring is here" } }));
  await created(await admin("POST", "/sandboxes/prod/audiences", { id: AUDIENCE, name: "Campaign e2e members", rule: { "profile.segment": MARK } }));
  await created(await admin("POST", "/sandboxes/prod/publish"));
  for (let i = 0; i < MEMBERS; i++) members.push(await member(i));
  // Campaign runs read the D1 profile index, which the events queue fills.
  await untilIndexed(admin, "prod", MARK, MEMBERS);
}

beforeAll(async () => {
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${baseUrl}/admin/`);
  await page.getByLabel("Admin token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Main" }).getByText("Channels").click();
  await page.getByTestId("nav-channels").getByRole("link", { name: "Campaigns" }).click();
  await page.getByRole("heading", { name: "Campaigns", level: 1 }).waitFor();
});
afterAll(async () => {
  await browser?.close();
});

describe("campaigns in the console", () => {
  it("creates a scheduled campaign, shows why activating is refused beside the field, then activates it", async () => {
    await seedAudience();
    await page.getByTestId("new-campaign").click();
    await page.getByRole("heading", { name: "New campaign" }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Spring e2e");
    await page.getByLabel("Campaign id").fill(CAMPAIGN);
    await page.getByLabel("Template").selectOption("campaign-e2e-news");
    await page.getByLabel("Audience").selectOption(AUDIENCE);
    // Only email templates are offered for email.
    expect(await page.getByLabel("Template").locator("option", { hasText: "Spring SMS" }).count()).toBe(0);

    // Switch the channel: the email template stays chosen, marked, and activating is refused.
    await page.getByLabel("Channel").selectOption("sms");
    expect(await page.getByLabel("Template").locator("option:checked").textContent()).toBe("Spring news (for email)");
    await page.getByTestId("activate-campaign").click();
    await expect.poll(() => page.getByTestId("campaign-template-error").textContent()).toBe('Template "campaign-e2e-news" is for email, not sms');
    expect(await page.getByTestId("form-errors").textContent()).toContain("Template: Template \"campaign-e2e-news\" is for email, not sms");
    expect(page.url()).toContain(`/admin/campaigns/${CAMPAIGN}`);
    expect(await page.getByTestId("campaign-status").textContent()).toBe("draft");

    await page.getByLabel("Channel").selectOption("email");
    await page.getByTestId("activate-campaign").click();
    await expect.poll(() => page.getByTestId("campaign-status").textContent()).toBe("active");
    expect(await page.getByTestId("campaign-template-error").count()).toBe(0);
    // Active: the form is locked until it is paused.
    await page.getByTestId("campaign-locked").waitFor();
    expect(await page.getByLabel("Name", { exact: true }).isDisabled()).toBe(true);

    const stored = (await (await admin("GET", `/sandboxes/prod/campaigns/${CAMPAIGN}`)).json()) as { campaign: Record<string, unknown> };
    expect(stored.campaign).toMatchObject({ kind: "scheduled", channel: "email", template: "campaign-e2e-news", audience: AUDIENCE, schedule: null, status: "active" });
    expect(errors).toEqual([]);
  });

  it("sends it now and follows the run until every member's message is sent", async () => {
    await page.getByTestId("send-campaign").click();
    await page.getByTestId("campaign-outcome").waitFor();
    const row = page.locator('[data-testid^="run-row-"]').first();
    await row.waitFor();
    await expect.poll(() => row.getByTestId("run-state").textContent(), { timeout: 30_000 }).toBe("done");
    expect(await row.getByTestId("run-targeted").textContent()).toBe(String(MEMBERS));
    expect(await row.getByTestId("run-sent").textContent()).toBe(String(MEMBERS));
    expect(await row.getByTestId("run-failed").textContent()).toBe("0");
    expect(await page.getByTestId("runs-status").textContent()).toBe("Every run has finished.");
    const progress = row.getByTestId("run-progress");
    expect(await progress.getAttribute("value")).toBe(String(MEMBERS));
    expect(await progress.getAttribute("aria-label")).toBe(`Messages settled: ${MEMBERS} of ${MEMBERS}`);

    // Each member got one message, in the delivery log.
    const { items } = (await (await admin("GET", "/sandboxes/prod/deliveries?limit=100")).json()) as { items: { profileId: string; source: string; status: string }[] };
    const ours = items.filter((d) => d.source.startsWith(`campaign:${CAMPAIGN}:`));
    expect(ours.map((d) => d.profileId).sort()).toEqual([...members].sort());
    expect(ours.every((d) => d.status === "sent")).toBe(true);
    expect(errors).toEqual([]);
  });

  it("pauses it, which allows editing again, and lists it with its counts", async () => {
    await page.getByTestId("pause-campaign").click();
    await expect.poll(() => page.getByTestId("campaign-status").textContent()).toBe("paused");
    expect(await page.getByLabel("Name", { exact: true }).isDisabled()).toBe(false);
    expect(await page.getByTestId("send-campaign").isDisabled()).toBe(true);

    await page.getByRole("link", { name: "All campaigns" }).click();
    const row = page.getByTestId(`campaign-row-${CAMPAIGN}`);
    await row.waitFor();
    expect(await row.getByTestId("campaign-status").textContent()).toBe("paused");
    expect(await row.getByTestId("campaign-last-run").textContent()).toBe("done");
    expect(await row.getByTestId("campaign-sent").textContent()).toBe(String(MEMBERS));
    expect(await row.getByRole("img").getAttribute("aria-label")).toBe(`${MEMBERS} sent, 0 failed, 0 blocked, 0 waiting, of ${MEMBERS} targeted`);
    expect(await row.textContent()).toContain("Only when sent by hand");
    expect(errors).toEqual([]);
  });
});
