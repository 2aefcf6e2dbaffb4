/**
 * Decisioning in the console, in a real browser: build a collection from tags, a decision whose
 * criteria draw from it (a formula error lands beside its field, criteria move with the keyboard),
 * simulate it for a real visitor (a chosen row, an ineligible one with its reason, then a what-if
 * that changes the outcome), see the collection refuse deletion while in use, and cap an offer in
 * its editor, with its preview filled from a sample profile.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { adminClient } from "../db/seed";
import { launchBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const token = inject("adminToken");
const admin = adminClient(baseUrl, token);
const COLLECTION = "seasonal-picks";
const DECISION = "home-hero";
/** Seasonal like the demo's spring sale, higher in priority, but only for gold members. */
const GOLD = "gold-spring";

let browser: Browser;
let page: Page;
const errors: string[] = [];
/** The device id of a visitor the edge has seen. */
let visitor: string;

beforeAll(async () => {
  const created = await admin("POST", "/sandboxes/prod/offers", {
    id: GOLD, name: "Gold spring", status: "approved", priority: 30, tags: ["seasonal"],
    eligibility: { rule: { "profile.tier": "gold" } },
    representations: [{ placement: "hero", format: "html", content: '<h2>Hello {{ profile.firstName | default: "there" }}, gold member</h2>' }],
  });
  expect(created.status).toBe(201);

  const res = await fetch(`${baseUrl}/v1/collect?datastream=demo`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ events: [{ type: "page.view" }] }) });
  expect(res.status).toBe(204);
  visitor = res.headers.getSetCookie().find((c) => c.startsWith("pcid="))!.slice("pcid=".length).split(";")[0];

  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${baseUrl}/admin/collections`);
  await page.getByLabel("Admin token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Collections", level: 1 }).waitFor();
});
afterAll(async () => {
  await browser?.close();
});

describe("decisioning in the console", () => {
  it("creates a collection from tags and shows the offers they select", async () => {
    await page.getByTestId("new-collection").click();
    await page.getByLabel("Name", { exact: true }).fill("Seasonal picks");
    await page.getByLabel("Collection id").fill(COLLECTION);
    const tags = page.getByTestId("collection-tags");
    await tags.fill("seasonal");
    await tags.press("Enter");
    await tags.fill("shipping,");
    expect(await page.getByTestId("tag-chip").allTextContents()).toEqual(["seasonal×", "shipping×"]);
    await page.getByRole("button", { name: "Remove tag shipping" }).click();
    await page.getByTestId(`selected-offer-${GOLD}`).waitFor();
    await page.getByTestId("selected-offer-spring-sale").waitFor();
    expect(await page.getByTestId("selected-offer-free-shipping").count()).toBe(0);
    expect(await page.getByTestId("collection-summary").textContent()).toBe("These tags select 2 offers now, all approved.");

    await page.getByTestId("save-collection").click();
    const row = page.getByTestId(`collection-row-${COLLECTION}`);
    await row.waitFor();
    expect(await row.getByTestId("collection-size").textContent()).toBe("2");
    expect(errors).toEqual([]);
  });

  it("creates a decision with ordered criteria, showing the server's formula error beside its field", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Decisions" }).click();
    await page.getByTestId("new-decision").click();
    await page.getByLabel("Name", { exact: true }).fill("Home hero");
    await page.getByLabel("Decision id").fill(DECISION);
    const entry = page.getByTestId("entry-hero");
    await entry.getByTestId("entry-fallback").selectOption("welcome");

    const first = entry.getByTestId("criterion-0");
    await first.getByTestId("criterion-collection").selectOption(COLLECTION);
    await entry.getByTestId("add-criterion").click();
    const second = entry.getByTestId("criterion-1");
    await second.getByTestId("criterion-collection").selectOption(COLLECTION);
    await second.getByTestId("criterion-ranking").selectOption("formula");
    await second.getByTestId("criterion-formula").fill("offer.priority *");

    await page.getByTestId("save-decision").click();
    const formulaError = second.locator(".field-error");
    await expect.poll(() => formulaError.textContent()).toMatch(/at character \d+/);
    expect(await page.getByTestId("form-errors").textContent()).toContain("Placement hero, criterion 2: Formula");

    await second.getByTestId("criterion-formula").fill("offer.priority * 2");
    // Move the formula criterion first with the keyboard; focus stays on it.
    await second.getByTestId("criterion-up").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => entry.getByTestId("criterion-0").getByTestId("criterion-ranking").inputValue()).toBe("formula");
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("criterion-down");

    await page.getByTestId("save-decision").click();
    await page.getByTestId("decision-saved").waitFor();
    expect(page.url()).toContain(`/admin/decisions/${DECISION}`);
    const stored = (await (await admin("GET", `/sandboxes/prod/decisions/${DECISION}`)).json()) as { decision: { placements: unknown } };
    expect(stored.decision.placements).toEqual([
      {
        placement: "hero", items: 1, fallback: "welcome",
        criteria: [
          { collection: COLLECTION, eligibility: null, ranking: { kind: "formula", formula: "offer.priority * 2" } },
          { collection: COLLECTION, eligibility: null, ranking: { kind: "priority" } },
        ],
      },
    ]);
    expect(errors).toEqual([]);
  });

  it("simulates the decision for a visitor: the chosen offer, and why another is not eligible", async () => {
    await expect.poll(async () => (await admin("GET", `/sandboxes/prod/profiles/lookup?ns=pcid&value=${visitor}`)).status, { timeout: 15_000 }).toBe(200);
    const sim = page.getByTestId("simulator");
    await sim.getByLabel("Who").selectOption("identity");
    await sim.getByLabel("Namespace").selectOption("pcid");
    await sim.getByLabel("Identity value").fill(visitor);
    await page.getByTestId("simulate").click();

    const hero = page.getByTestId("sim-placement-hero");
    await hero.getByTestId("sim-table").first().waitFor();
    expect(await hero.getByTestId("sim-outcome").textContent()).toBe("Shows Spring sale.");
    expect(await page.getByTestId("sim-profile").textContent()).toMatch(/^profile /);
    const chosen = hero.locator('[data-testid="sim-row-spring-sale"][data-chosen="true"]');
    expect(await chosen.count()).toBe(1);
    expect(await chosen.getAttribute("class")).toContain("sim-chosen");
    expect(await chosen.getByTestId("sim-chosen").textContent()).toBe("✓ Chosen");
    const gold = hero.locator(`[data-testid="sim-row-${GOLD}"][data-eligible="false"]`).first();
    expect(await gold.getByTestId("sim-reason").textContent()).toBe("Does not match the offer's eligibility rule");

    // What if the visitor were gold? The higher-priority offer wins.
    await sim.getByLabel("What-if attributes (JSON)").fill('{ "tier": "gold" }');
    await page.getByTestId("simulate").click();
    await expect.poll(() => hero.getByTestId("sim-outcome").textContent()).toBe("Shows Gold spring.");
    expect(errors).toEqual([]);
  });

  it("refuses to delete the collection while the decision uses it", async () => {
    await page.goto(`${baseUrl}/admin/collections/${COLLECTION}`);
    await page.getByTestId("delete-collection").click();
    await page.getByTestId("confirm-delete-collection").click();
    const notice = page.getByTestId("collection-delete-error");
    await expect.poll(() => notice.textContent()).toContain(DECISION);
    expect(await notice.textContent()).toContain("Still in use");
    expect((await admin("GET", `/sandboxes/prod/collections/${COLLECTION}`)).status).toBe(200);
  });

  it("caps an offer in its editor, previewing its content with a sample profile, and the API returns the cap", async () => {
    await page.goto(`${baseUrl}/admin/?tag=seasonal&status=approved`);
    await page.getByTestId(`offer-row-${GOLD}`).waitFor();
    expect(await page.getByTestId("offer-row-free-shipping").count()).toBe(0);
    expect(await page.getByTestId(`offer-row-${GOLD}`).getByTestId("offer-ctr").textContent()).toBe("—");
    await page.getByRole("link", { name: "Gold spring" }).click();
    await page.getByTestId("offer-form").waitFor();

    const frame = page.getByTestId("representation-hero").getByTestId("preview-frame");
    expect(await frame.getAttribute("sandbox")).toBe("");
    await expect.poll(() => page.frameLocator('[data-testid="preview-frame"]').locator("h2").textContent()).toBe("Hello Ada, gold member");
    await page.getByLabel("Sample profile for the previews (JSON)").fill('{ "firstName": "<b>Eve</b>" }');
    await expect.poll(() => page.frameLocator('[data-testid="preview-frame"]').locator("h2").textContent()).toBe("Hello <b>Eve</b>, gold member");
    expect(await page.frameLocator('[data-testid="preview-frame"]').locator("h2 b").count()).toBe(0);
    // The edge renders the whole template language, conditionals included, with the sample profile.
    const hero = page.getByTestId("representation-hero");
    const original = await hero.getByLabel("Content").inputValue();
    await hero.getByLabel("Content").fill('<h2>{% if profile.tier == "gold" %}Gold welcome{% else %}Welcome{% endif %}, {{ profile.firstName | upcase }}</h2>');
    await expect.poll(() => page.frameLocator('[data-testid="preview-frame"]').locator("h2").textContent()).toBe("Welcome, <B>EVE</B>");
    await page.getByLabel("Sample profile for the previews (JSON)").fill('{ "tier": "gold", "firstName": "Ada" }');
    await expect.poll(() => page.frameLocator('[data-testid="preview-frame"]').locator("h2").textContent()).toBe("Gold welcome, ADA");
    await hero.getByLabel("Content").fill(original);

    await page.getByTestId("add-cap").click();
    const cap = page.getByTestId("cap-0");
    await cap.getByTestId("cap-counts").selectOption("display");
    await cap.getByTestId("cap-limit").fill("2");
    await cap.getByTestId("cap-period").selectOption("day");
    expect(await cap.getByTestId("cap-sentence").textContent()).toBe("At most 2 displays per profile per day");
    await page.getByTestId("save-offer").click();
    await page.getByTestId("saved-status").waitFor();

    const { offer } = (await (await admin("GET", `/sandboxes/prod/offers/${GOLD}`)).json()) as { offer: { caps: unknown; eligibility: unknown } };
    expect(offer.caps).toEqual([{ counts: "display", scope: "profile", period: { kind: "calendar", unit: "day" }, limit: 2, perPlacement: false }]);
    expect(offer.eligibility).toEqual({ rule: { "profile.tier": "gold" } });
    expect(errors).toEqual([]);
  });
});
