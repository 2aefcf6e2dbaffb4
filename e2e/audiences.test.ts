/**
 * Audiences in the console, in a real browser: build one with the visual builder, watch the live
 * estimate count a real profile, save and count it, read its JSON back, test it against a profile,
 * download its members, make an offer eligible to it only, and see the profile enter it.
 */
import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { adminClient } from "../db/seed";
import { launchBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const token = inject("adminToken");
const admin = adminClient(baseUrl, token);
const AUDIENCE = "product-viewers";
const RULE = { $event: { type: "product.view", within: "1d", is: { $gte: 2 } } };

let browser: Browser;
let page: Page;
const errors: string[] = [];
/** The device id of a visitor who viewed two products, so the audience has a real member. */
let viewer: string;

/** Sends events as a browser would; answers the device id the edge gave (or was given). */
async function collect(events: { type: string; data?: Record<string, unknown> }[], pcid?: string): Promise<string> {
  const res = await fetch(`${baseUrl}/v1/collect?datastream=demo`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...(pcid ? { pcid } : {}), events }),
  });
  expect(res.status).toBe(204);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("pcid="));
  return pcid ?? cookie!.slice("pcid=".length).split(";")[0];
}

async function profileByDevice(pcid: string) {
  const res = await admin("GET", `/sandboxes/prod/profiles/lookup?ns=pcid&value=${encodeURIComponent(pcid)}`);
  return res.ok ? ((await res.json()) as { profile: { eventCount: number; audiences: { audience: string; member: boolean }[] } }).profile : null;
}

beforeAll(async () => {
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${baseUrl}/admin/audiences`);
  await page.getByLabel("Admin token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Audiences", level: 1 }).waitFor();
});
afterAll(async () => {
  await browser?.close();
});

describe("audiences in the console", () => {
  it("builds an event audience visually, estimates it live, saves, counts and shows it", async () => {
    // A visitor views two products. Estimates, counts and exports read D1, which the events queue fills.
    viewer = await collect([
      { type: "product.view", data: { sku: "e2e-1" } },
      { type: "product.view", data: { sku: "e2e-2" } },
    ]);
    await expect
      .poll(async () => {
        const res = await admin("GET", `/sandboxes/prod/profiles?q=${viewer}`);
        const { items } = (await res.json()) as { items: { eventCount: number }[] };
        return items[0]?.eventCount ?? 0;
      }, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(2);

    await page.getByTestId("new-audience").click();
    await page.getByLabel("Name", { exact: true }).fill("Product viewers");
    await page.getByLabel("Audience id").fill(AUDIENCE);
    await page.getByTestId("rule-everyone").waitFor();

    await page.getByTestId("add-event").click();
    const event = page.getByTestId("condition-event");
    await event.getByTestId("event-type").fill("product.view");
    // A window longer than profiles keep: the server's message lands beside the event.
    await event.getByTestId("event-within").fill("100d");
    await expect.poll(() => event.getByTestId("rule-node-error").textContent(), { timeout: 10_000 }).toContain("90 days");
    expect(await page.getByTestId("audience-estimate").textContent()).toMatch(/^No estimate/);

    await event.getByTestId("event-within").fill("1d");
    await event.getByTestId("event-comparison").selectOption("gte");
    await event.getByTestId("condition-value").fill("2");
    const estimate = page.getByTestId("audience-estimate");
    await expect.poll(() => estimate.textContent(), { timeout: 10_000 }).toMatch(/^≈ [1-9][\d,]* profiles? \([1-9][\d,]* of [\d,]+ sampled\)/);
    expect(await event.getByTestId("rule-node-error").count()).toBe(0);

    await page.getByTestId("save-audience").click();
    await page.getByTestId("audience-saved").waitFor();
    const row = page.getByTestId(`audience-row-${AUDIENCE}`);
    await row.waitFor();
    expect(await row.getByTestId("audience-size").textContent()).toBe("—");

    await page.getByTestId("count-now").click();
    await page.getByTestId("count-status").waitFor();
    await expect.poll(() => row.getByTestId("audience-size").textContent()).toMatch(/^[1-9]/);
    await row.getByTestId("audience-trend").waitFor();

    const stored = (await (await admin("GET", `/sandboxes/prod/audiences/${AUDIENCE}`)).json()) as { audience: { rule: unknown } };
    expect(stored.audience.rule).toEqual(RULE);
    expect(errors).toEqual([]);
  });

  it("opens the audience again with its rule in the builder and as JSON, and tests profiles against it", async () => {
    await page.getByRole("link", { name: "Product viewers" }).click();
    await page.getByRole("heading", { name: "Edit audience" }).waitFor();
    const event = page.getByTestId("condition-event");
    expect(await event.getByTestId("event-type").inputValue()).toBe("product.view");
    expect(await event.getByTestId("event-within").inputValue()).toBe("1d");

    await page.getByTestId("toggle-json").click();
    expect(JSON.parse(await page.getByLabel("Rule as JSON").inputValue())).toEqual(RULE);

    const now = Date.now();
    const events = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ type: "product.view", timestamp: now - i * 60_000 })));
    await page.getByLabel("Events (JSON list)").fill(events(2));
    await page.getByTestId("test-run").click();
    const verdict = page.getByTestId("test-verdict");
    await expect.poll(() => verdict.getAttribute("data-match")).toBe("true");
    const clause = page.getByTestId("explanation-clause").first();
    expect(await clause.getAttribute("data-match")).toBe("true");
    expect(await clause.textContent()).toContain("measured 2");

    await page.getByLabel("Events (JSON list)").fill(events(1));
    await page.getByTestId("test-run").click();
    await expect.poll(() => verdict.getAttribute("data-match")).toBe("false");
    expect(await verdict.textContent()).toContain("Does not match");

    // A rule the builder cannot show keeps the JSON editor open, and says why.
    await page.getByLabel("Rule as JSON").fill(JSON.stringify({ "profile.tags": { $size: 2 } }));
    expect(await page.getByTestId("builder-unavailable").textContent()).toContain("$size");
    expect(await page.getByTestId("toggle-json").isDisabled()).toBe(true);
    await page.getByLabel("Rule as JSON").fill(JSON.stringify(RULE));
    await page.getByTestId("condition-event").waitFor();

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-members").click()]);
    expect(download.suggestedFilename()).toBe(`${AUDIENCE}-members.csv`);
    const csv = await readFile((await download.path())!, "utf8");
    expect(csv.split("\r\n")[0]).toBe("profileId,identities");
    expect(csv).toContain(`pcid:${viewer}`);
    expect(errors).toEqual([]);
  });

  it("makes an offer eligible to the audience's members only, which then keeps the audience from being deleted", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Offers" }).click();
    await page.getByTestId("new-offer").click();
    await page.getByLabel("Name", { exact: true }).fill("Viewers only");
    await page.getByLabel("Offer id").fill("viewers-only");
    await page.getByTestId("representation-hero").getByLabel("Content").fill("<h2>Still looking?</h2>");
    await page.getByLabel("Who can see it").selectOption("audience");
    await page.getByLabel("Audience", { exact: true }).selectOption(AUDIENCE);
    await page.getByTestId("save-offer").click();
    await page.getByTestId("offer-row-viewers-only").waitFor();
    const offer = (await (await admin("GET", "/sandboxes/prod/offers/viewers-only")).json()) as { offer: { eligibility: unknown } };
    expect(offer.offer.eligibility).toEqual({ audience: AUDIENCE });

    await page.getByRole("link", { name: "Viewers only" }).click();
    await page.getByTestId("offer-form").waitFor();
    expect(await page.getByLabel("Who can see it").inputValue()).toBe("audience");
    expect(await page.getByLabel("Audience", { exact: true }).inputValue()).toBe(AUDIENCE);

    await page.goto(`${baseUrl}/admin/audiences/${AUDIENCE}`);
    await page.getByTestId("delete-audience").click();
    await page.getByTestId("confirm-delete-audience").click();
    await expect.poll(() => page.getByTestId("delete-error").textContent()).toContain("offer viewers-only");
    expect((await admin("GET", `/sandboxes/prod/audiences/${AUDIENCE}`)).status).toBe(200);
    expect(errors).toEqual([]);
  });

  it("shows on the profile's page that it entered the published audience", async () => {
    await page.getByTestId("publish-button").click();
    await expect.poll(() => page.getByTestId("publish-status").textContent()).toMatch(/Published version \d+/);
    // The next event lets the profile's object judge the newly published audience.
    await collect([{ type: "product.view", data: { sku: "e2e-3" } }], viewer);
    await expect
      .poll(async () => (await profileByDevice(viewer))?.audiences.find((a) => a.audience === AUDIENCE)?.member, { timeout: 15_000 })
      .toBe(true);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Profiles" }).click();
    await page.getByLabel("Namespace").selectOption("pcid");
    await page.getByLabel("Identity value").fill(viewer);
    await page.getByRole("button", { name: "Look up" }).click();
    const membership = page.locator(`[data-testid="profile-audience"][data-audience="${AUDIENCE}"]`);
    await membership.waitFor();
    expect(await membership.getAttribute("data-member")).toBe("true");
    expect(await membership.textContent()).toContain("member");
    expect(errors).toEqual([]);
  });
});
