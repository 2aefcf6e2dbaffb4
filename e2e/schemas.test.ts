import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { adminClient } from "../db/seed";
import { launchBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const token = inject("adminToken");
const api = adminClient(baseUrl, token);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function signIn(page: Page, path: string) {
  await page.goto(`${baseUrl}${path}`);
  await page.getByLabel("Admin token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
}

describe("schemas and settings in the console", () => {
  it("shows the server's message at the path inside the schema, then saves an event schema built with the helper", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await signIn(page, "/admin/schemas");
    await page.getByRole("heading", { name: "Schemas", level: 1 }).waitFor();

    await page.getByTestId("new-event-schema").click();
    await page.getByLabel("Event type").fill("order.placed");
    await page.getByTestId("event-schema-json").fill(JSON.stringify({ type: "object", properties: { total: { type: "number", minimum: "0" } } }));
    await page.getByTestId("event-schema-save").click();
    const issue = page.getByTestId("schema-issue");
    await issue.first().waitFor();
    expect(await issue.first().getAttribute("data-path")).toBe("properties.total.minimum");
    expect(await page.locator('[data-testid="property-row"][data-name="total"] .field-error').count()).toBe(1);

    // Fix it in the JSON, add a property with the helper, save.
    await page.getByTestId("event-schema-json").fill(JSON.stringify({ type: "object", properties: { total: { type: "number", minimum: 0 } } }));
    await page.getByLabel("New property name").last().fill("currency");
    await page.getByTestId("event-schema-prop-required").check();
    await page.getByTestId("event-schema-add-prop").click();
    await page.locator('[data-testid="property-row"][data-name="currency"]').waitFor();
    await page.getByTestId("event-schema-save").click();
    await page.getByTestId("schemas-status").waitFor();
    await page.locator('[data-testid="event-schema-row"][data-type="order.placed"]').waitFor();

    const stored = (await (await api("GET", "/sandboxes/prod/schemas")).json()) as { events: { type: string; jsonSchema: unknown }[] };
    expect(stored.events.find((e) => e.type === "order.placed")?.jsonSchema).toEqual({
      type: "object",
      properties: { total: { type: "number", minimum: 0 }, currency: { type: "string" } },
      required: ["currency"],
    });

    // Delete takes a second click.
    await page.locator('[data-testid="event-schema-row"][data-type="order.placed"]').getByTestId("delete-event-schema").click();
    await page.getByTestId("confirm-delete-event-schema").click();
    await page.getByTestId("event-schemas-empty").waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("changes sandbox settings and adds and removes a custom namespace", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await signIn(page, "/admin/settings");
    await page.getByTestId("settings-form").waitFor();
    try {

      await page.getByLabel("Time zone").fill("Mars/Olympus");
      await page.getByTestId("save-settings").click();
      await page.getByTestId("settings-time-zone-error").waitFor();

      await page.getByLabel("Time zone").fill("Europe/Paris");
      await page.getByLabel("Schema mode").selectOption("strict");
      await page.getByTestId("save-settings").click();
      await page.getByTestId("settings-status").waitFor();
      const { settings } = (await (await api("GET", "/sandboxes/prod/settings")).json()) as { settings: Record<string, unknown> };
      expect(settings).toMatchObject({ timeZone: "Europe/Paris", schemaMode: "strict" });

      await page.getByLabel("Namespace id").fill("email");
      await page.getByLabel("Namespace name").fill("Mine");
      await page.getByTestId("create-namespace").click();
      await page.getByTestId("namespace-id-error").waitFor();
      await page.getByLabel("Namespace id").fill("loyalty");
      await page.getByTestId("create-namespace").click();
      await page.locator('[data-testid="namespace-row"][data-id="loyalty"]').waitFor();
      await page.getByTestId("delete-namespace").click();
      await page.getByTestId("confirm-delete-namespace").click();
      await page.getByTestId("namespaces-empty").waitFor();
    } finally {
      // Leave the shared demo sandbox as it was for the other browser tests.
      await api("PATCH", "/sandboxes/prod/settings", { timeZone: "UTC", schemaMode: "lenient" });
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
