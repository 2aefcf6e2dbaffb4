/**
 * Email tracking in a real browser, for a campaign's email kept in the local outbox: in a sandbox
 * of its own, send a scheduled campaign to two visitors, read one's email in the console's outbox,
 * follow its tracked link to the shop (the click counts on the run and the message), open its
 * unsubscribe link (the page asks first and runs no script; the button unsubscribes), and send
 * again: that person's message is blocked by consent. The profile's page lists both messages.
 *
 * Nothing leaves 127.0.0.1: the shop's page is answered in the browser (see `keepOffline`).
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { adminClient } from "../db/seed";
import { launchBrowser } from "./browser";
import { created, untilIndexed, visitor } from "./seeding";

const baseUrl = inject("baseUrl");
const token = inject("adminToken");
const admin = adminClient(baseUrl, token);
const SB = "tracking-e2e";
const TEMPLATE = "tracking-news";
const AUDIENCE = "tracking-readers";
const CAMPAIGN = "tracking-news";
const MARK = "tracking-e2e-reader";
const DESTINATION = "https://shop.example/new";
const SHOP_PAGE = "<!doctype html><title>New at the shop</title><h1>What is new</h1>";

type Run = { id: string; state: string; counts: { targeted: number; sent: number; failed: number; blocked: number; queued: number; opened: number; clicked: number } };
type Delivery = { id: string; profileId: string; source: string; status: string; detail: string | null; clickedAt: number | null; payload: { html?: string; headers?: Record<string, string> } };
type Profile = { id: string; consent: Record<string, unknown>; events: { type: string }[] };

let browser: Browser;
let context: BrowserContext;
let page: Page;
const errors: string[] = [];
/** Every URL the browser asked for, and those of them the test answered itself. */
const requested: string[] = [];
const answered: string[] = [];
let ada: string;
let bea: string;
let firstRun: string;
let email: Delivery;

const get = async <T>(path: string): Promise<T> => {
  const res = await admin("GET", path);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as T;
};
const runOf = async (run: string) => (await get<{ run: Run }>(`/sandboxes/${SB}/campaigns/${CAMPAIGN}/runs/${run}`)).run;
const deliveryOf = async (id: string) => (await get<{ delivery: Delivery }>(`/sandboxes/${SB}/deliveries/${encodeURIComponent(id)}`)).delivery;
const profileOf = async (id: string) => (await get<{ profile: Profile }>(`/sandboxes/${SB}/profiles/lookup?ns=pcid&value=${encodeURIComponent(id)}`)).profile;
const deliveryId = (run: string, profileId: string) => `c:${CAMPAIGN}:${run}:${profileId}`;

/**
 * Tracked links point at the Worker's PUBLIC_URL (wrangler.toml: http://127.0.0.1:8787), but the
 * tests' Worker listens on a free port: the same link on the test server's origin.
 */
function onTestServer(link: string): string {
  const url = new URL(link);
  expect(url.origin).toBe("http://127.0.0.1:8787");
  return `${baseUrl}${url.pathname}${url.search}`;
}

/**
 * Answers the shop's pages in the browser itself, and refuses anything for PUBLIC_URL's own port
 * (some other Worker may be listening there). Playwright's `page.route` does not see the hops of a
 * redirect the browser follows, so with it the edge's 302 would send the browser to the network
 * for shop.example; Chromium's Fetch domain pauses every request, hops included, before it leaves.
 */
async function keepOffline(on: Page) {
  const cdp = await on.context().newCDPSession(on);
  cdp.on("Fetch.requestPaused", (e) => {
    if (!e.request.url.startsWith("https://shop.example/")) return void cdp.send("Fetch.failRequest", { requestId: e.requestId, errorReason: "BlockedByClient" });
    answered.push(e.request.url);
    void cdp.send("Fetch.fulfillRequest", { requestId: e.requestId, responseCode: 200, responseHeaders: [{ name: "content-type", value: "text/html; charset=utf-8" }], body: Buffer.from(SHOP_PAGE).toString("base64") });
  });
  const patterns = [{ urlPattern: "https://shop.example/*" }, ...(new URL(baseUrl).port === "8787" ? [] : [{ urlPattern: "http://127.0.0.1:8787/*" }])];
  await cdp.send("Fetch.enable", { patterns });
}

/** Sends the campaign now and waits until its run is done; answers the run. */
async function sendAndSettle(): Promise<Run> {
  const res = await admin("POST", `/sandboxes/${SB}/campaigns/${CAMPAIGN}/send`);
  expect(res.status, await res.clone().text()).toBe(202);
  const { run } = (await res.json()) as { run: Run };
  await expect.poll(async () => (await runOf(run.id)).state, { timeout: 30_000 }).toBe("done");
  return runOf(run.id);
}

/** A sandbox with a datastream, an email template with a link, an audience of two visitors, and an active campaign. */
async function seed() {
  await created(await admin("POST", "/sandboxes", { id: SB, name: "Tracking e2e" }));
  await created(await admin("POST", `/sandboxes/${SB}/datastreams`, { id: SB, name: "Tracking e2e site", allowedOrigins: [] }));
  await created(
    await admin("POST", `/sandboxes/${SB}/templates`, {
      id: TEMPLATE,
      name: "What is new",
      channel: "email",
      content: { subject: "New for {{ profile.firstName }}", html: `<p>Hello {{ profile.firstName }}</p><p><a href="${DESTINATION}">See what is new</a></p>` },
    }),
  );
  await created(await admin("POST", `/sandboxes/${SB}/audiences`, { id: AUDIENCE, name: "Tracking readers", rule: { "profile.segment": MARK } }));
  await created(await admin("POST", `/sandboxes/${SB}/publish`));
  ada = await visitor(baseUrl, SB, { segment: MARK, firstName: "Ada", email: "ada@tracking.example" });
  bea = await visitor(baseUrl, SB, { segment: MARK, firstName: "Bea", email: "bea@tracking.example" });
  // Campaign runs read the D1 profile index, which the events queue fills.
  await untilIndexed(admin, SB, MARK, 2);
  await created(await admin("POST", `/sandboxes/${SB}/campaigns`, { id: CAMPAIGN, name: "What is new", kind: "scheduled", channel: "email", template: TEMPLATE, audience: AUDIENCE }));
  const activated = await admin("POST", `/sandboxes/${SB}/campaigns/${CAMPAIGN}/activate`);
  expect(activated.status, await activated.clone().text()).toBe(200);
}

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  context.on("request", (r) => void requested.push(r.url()));
  page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("dialog", (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await keepOffline(page);
  await page.goto(`${baseUrl}/admin/outbox`);
  await page.getByLabel("Admin token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Outbox", level: 1 }).waitFor();
});
afterAll(async () => {
  await browser?.close();
});

describe("email tracking", () => {
  it("sends the campaign to the local outbox, where its email shows with a tracked link", async () => {
    await seed();
    await page.reload();
    await page.getByTestId("sandbox-select").selectOption(SB);
    const run = await sendAndSettle();
    firstRun = run.id;
    expect(run.counts).toMatchObject({ targeted: 2, sent: 2, failed: 0, blocked: 0, clicked: 0 });

    const row = page.getByTestId(`delivery-row-${deliveryId(firstRun, ada)}`);
    await row.waitFor();
    expect(await row.getByTestId("delivery-status").textContent()).toBe("sent");
    expect(await row.textContent()).toContain("local outbox");
    await row.getByTestId("delivery-open").click();
    const message = page.getByTestId("delivery-message");
    await message.waitFor();
    expect(await message.getByTestId("part-subject").textContent()).toContain("New for Ada");
    const frameEl = message.getByTestId("message-frame");
    expect(await frameEl.getAttribute("sandbox")).toBe("");
    const frame = (await (await frameEl.elementHandle())!.contentFrame())!;
    const link = frame.getByRole("link", { name: "See what is new" });
    await link.waitFor();
    const href = (await link.getAttribute("href"))!;
    // The link goes through the edge's click tracking, never straight to the shop.
    expect(href).toMatch(/^http:\/\/127\.0\.0\.1:8787\/t\/c\/[A-Za-z0-9_.-]+$/);
    // Reading it in the console loads no open pixel: that would count as the person opening it.
    expect(await frame.locator("img").count()).toBe(0);
    expect(requested.filter((u) => u.includes("/t/o/"))).toEqual([]);

    email = await deliveryOf(deliveryId(firstRun, ada));
    expect(email.payload.html).toContain(href);
    expect(email.clickedAt).toBeNull();
    expect(errors).toEqual([]);
  });

  it("follows the tracked link to the shop, and the click counts on the run and the message", async () => {
    const href = email.payload.html!.match(/href="(http:\/\/127\.0\.0\.1:8787\/t\/c\/[^"]+)"/)![1];
    const tracked = onTestServer(href);
    // The browser follows the edge's own 302 (answered by `keepOffline` at the shop).
    await page.goto(tracked);
    expect(page.url()).toBe(DESTINATION);
    expect(await page.locator("h1").textContent()).toBe("What is new");
    expect(answered[0]).toBe(DESTINATION);
    expect(requested.filter((u) => !u.startsWith(`${baseUrl}/`) && !answered.includes(u))).toEqual([]);

    // Recorded just after the answer.
    await expect.poll(async () => (await runOf(firstRun)).counts.clicked, { timeout: 10_000 }).toBe(1);
    expect((await deliveryOf(deliveryId(firstRun, ada))).clickedAt).toEqual(expect.any(Number));
    expect((await deliveryOf(deliveryId(firstRun, bea))).clickedAt).toBeNull();
    await expect.poll(async () => (await profileOf(ada)).events.some((e) => e.type === "message.click"), { timeout: 10_000 }).toBe(true);
    expect(errors).toEqual([]);
  });

  it("asks before unsubscribing, runs no script, and unsubscribes with the button", async () => {
    const header = email.payload.headers?.["List-Unsubscribe"] ?? "";
    const link = header.match(/^<(.+)>$/)?.[1] ?? "";
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:8787\/t\/u\/[A-Za-z0-9_.-]+$/);
    // The same link stands in the email itself.
    expect(email.payload.html).toContain(link);

    const res = (await page.goto(onTestServer(link)))!;
    expect(res.status()).toBe(200);
    const csp = (res.headers()["content-security-policy"] ?? "").split(";").map((d) => d.trim());
    expect(csp).toContain("default-src 'none'");
    expect(csp.some((d) => d.startsWith("script-src"))).toBe(false);
    // And the browser holds to it: a script put into the page does not run.
    await page.addScriptTag({ content: "document.title = 'a script ran'" }).catch(() => null);
    expect(await page.title()).toBe("Unsubscribe");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Unsubscribe");

    // Opening the link changes nothing (mail scanners open links).
    const before = await profileOf(ada);
    expect(before.consent.email).toBeUndefined();
    expect(before.events.some((e) => e.type === "message.unsubscribe")).toBe(false);

    await page.getByRole("button", { name: "Unsubscribe" }).click();
    await page.getByRole("heading", { name: "You are unsubscribed" }).waitFor();
    // Recorded before the confirmation is answered.
    const after = await profileOf(ada);
    expect(after.consent.email).toBe("out");
    expect(after.events.some((e) => e.type === "message.unsubscribe")).toBe(true);
    expect((await profileOf(bea)).consent.email).toBeUndefined();
  });

  it("blocks that person's message in the next send, by their consent", async () => {
    // The run reads each person's consent from the D1 profile index, which follows the events
    // queue within a second or so: wait until the index shows the unsubscribe before sending.
    await expect
      .poll(async () => {
        const res = await admin("POST", `/sandboxes/${SB}/audiences/estimate`, { rule: { "profile.segment": MARK, "consent.email": "out" } });
        return ((await res.json()) as { matched: number }).matched;
      }, { timeout: 20_000 })
      .toBe(1);

    const run = await sendAndSettle();
    expect(run.id).not.toBe(firstRun);
    expect(run.counts).toMatchObject({ targeted: 2, sent: 1, failed: 0, blocked: 1 });
    expect(await deliveryOf(deliveryId(run.id, ada))).toMatchObject({ status: "blocked", detail: "consent: email is out" });
    expect((await deliveryOf(deliveryId(run.id, bea))).status).toBe("sent");
  });

  it("lists the messages on the profile's page, each opening in the outbox", async () => {
    const { items } = await get<{ items: Delivery[] }>(`/sandboxes/${SB}/deliveries?profileId=${encodeURIComponent(ada)}&limit=50`);
    expect(items.map((d) => d.status)).toEqual(["blocked", "sent"]);
    const [blocked, sent] = items;

    await page.goto(`${baseUrl}/admin/profiles?ns=pcid&value=${encodeURIComponent(ada)}`);
    // A reload starts on the default sandbox.
    await page.getByTestId("sandbox-select").selectOption(SB);
    const table = page.getByTestId("profile-messages");
    await table.waitFor();
    expect(await table.locator("tbody tr").count()).toBe(2);
    const blockedRow = page.getByTestId(`profile-message-${blocked.id}`);
    expect(await blockedRow.getByTestId("delivery-status").textContent()).toBe("blocked");
    expect(await blockedRow.getByTestId("profile-message-detail").textContent()).toBe("consent: email is out");
    expect(await blockedRow.getByTestId("profile-message-clicked").textContent()).toBe("—");
    const sentRow = page.getByTestId(`profile-message-${sent.id}`);
    expect(await sentRow.getByTestId("delivery-status").textContent()).toBe("sent");
    expect(await sentRow.getByTestId("profile-message-clicked").textContent()).not.toBe("—");
    const source = sentRow.getByTestId("delivery-source-link");
    expect(await source.textContent()).toBe(`campaign ${CAMPAIGN}`);
    expect(await source.getAttribute("href")).toBe(`/admin/campaigns/${CAMPAIGN}`);

    await sentRow.getByTestId("profile-message-open").click();
    await page.getByRole("heading", { name: "Outbox", level: 1 }).waitFor();
    const message = page.getByTestId("delivery-message");
    await message.waitFor();
    expect(await message.textContent()).toContain(sent.id);
    expect(await message.getByTestId("part-subject").textContent()).toContain("New for Ada");
    expect(new URL(page.url()).searchParams.get("profile")).toBe(ada);

    // A linked message that no row shown holds (here filtered out) is fetched on its own.
    await page.goto(`${baseUrl}/admin/outbox?status=failed&open=${encodeURIComponent(sent.id)}`);
    await page.getByTestId("sandbox-select").selectOption(SB);
    const linked = page.getByTestId("outbox-linked");
    await linked.waitFor();
    expect(await linked.getByTestId("delivery-status").textContent()).toBe("sent");
    expect(await linked.getByTestId("part-subject").textContent()).toContain("New for Ada");
    expect(await page.getByTestId("outbox-empty").textContent()).toBe("No message matches these filters.");
    expect(errors).toEqual([]);
  });
});
