/**
 * Channels in the console, in a real browser: write an email template, preview it for a sample
 * person whose name holds markup (it shows as text in the sandboxed frame, never as elements),
 * send a test, and read it in the outbox with its rendered subject.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const token = inject("adminToken");
const TEMPLATE = "channels-welcome";
const HOSTILE = `<img src=x onerror="alert(1)"><b>Eve</b>`;

let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("dialog", (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(`${baseUrl}/admin/templates`);
  await page.getByLabel("Admin token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Templates", level: 1 }).waitFor();
});
afterAll(async () => {
  await browser?.close();
});

describe("channels in the console", () => {
  it("writes a template, with the API's error beside its part", async () => {
    await page.getByTestId("new-template").click();
    await page.getByLabel("Name", { exact: true }).fill("Channels welcome");
    await page.getByLabel("Template id").fill(TEMPLATE);
    await page.getByLabel("Subject").fill("Welcome {{ profle.firstName }}");
    await page.getByLabel("HTML").fill("<h1>Hello {{ profile.firstName }}</h1><p>Your {{ journey.product }} is ready.</p>");
    await page.getByTestId("save-template").click();
    await expect.poll(() => page.getByTestId("part-subject-error").textContent()).toContain("profle");

    await page.getByLabel("Subject").fill("Welcome {{ profile.firstName }}");
    await page.getByTestId("save-template").click();
    await page.getByTestId("template-saved").waitFor();
    expect(page.url()).toContain(`/admin/templates/${TEMPLATE}`);
    expect(errors).toEqual([]);
  });

  it("previews it for a sample person, hostile markup escaped in the frame", async () => {
    await page.getByLabel("Sample profile (JSON)").fill(JSON.stringify({ firstName: HOSTILE }));
    await page.getByLabel("Journey variables (JSON, optional)").fill('{ "product": "tent" }');
    await page.getByTestId("preview-template").click();
    const result = page.getByTestId("preview-result");
    await result.waitFor();
    expect(await result.getByTestId("part-subject").textContent()).toContain(`Welcome ${HOSTILE}`);

    const frameEl = result.getByTestId("message-frame");
    expect(await frameEl.getAttribute("sandbox")).toBe("");
    const frame = await (await frameEl.elementHandle())!.contentFrame();
    await expect.poll(async () => frame!.locator("h1").textContent()).toBe(`Hello ${HOSTILE}`);
    expect(await frame!.locator("img, b").count()).toBe(0);
    expect(await frame!.locator("p").textContent()).toBe("Your tent is ready.");
    expect(errors).toEqual([]);
  });

  it("test-sends it and shows the message in the outbox", async () => {
    await page.getByLabel("Sample profile (JSON)").fill('{ "firstName": "Ada" }');
    await page.getByLabel("Send the test to (optional)").fill("ada@example.com");
    await page.getByTestId("test-send-template").click();
    await page.getByTestId("test-sent-link").click();

    await page.getByRole("heading", { name: "Outbox", level: 1 }).waitFor();
    const message = page.getByTestId("delivery-message");
    await message.waitFor();
    expect(await message.getByTestId("part-subject").textContent()).toContain("Welcome Ada");
    expect(await message.getByTestId("part-to").textContent()).toContain("ada@example.com");
    const row = page.locator('tr[data-testid^="delivery-row-test-"]').first();
    expect(await row.getByTestId("delivery-status").textContent()).toBe("sent");
    expect(await row.textContent()).toContain(`test send of ${TEMPLATE}`);
    const frame = await (await message.getByTestId("message-frame").elementHandle())!.contentFrame();
    await expect.poll(async () => frame!.locator("h1").textContent()).toBe("Hello Ada");

    // Filtering by another channel hides it; the filter lives in the address.
    await page.getByLabel("Channel").selectOption("sms");
    await expect.poll(() => page.url()).toContain("channel=sms");
    await expect.poll(() => row.count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("adds a provider whose secret shows only as set, with its last four characters", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByText("Channels").click();
    await page.getByTestId("nav-channels").getByRole("link", { name: "Providers" }).click();
    await page.getByTestId("new-provider-email").click();
    const form = page.getByTestId("provider-form");
    await form.getByLabel("Kind").selectOption("postmark");
    await form.getByLabel("Name", { exact: true }).fill("Postmark test");
    await form.getByLabel("Provider id").fill("pm-test");
    await form.getByLabel("From").fill("Shop <shop@example.com>");
    await page.getByTestId("save-provider").click();
    await expect.poll(() => page.getByTestId("provider-secret-serverToken-error").textContent()).toBe("Required");

    await form.getByLabel("Server token").fill("token-abcdef-9876");
    await page.getByTestId("save-provider").click();
    const row = page.getByTestId("provider-row-pm-test");
    await row.waitFor();
    expect(await row.textContent()).toContain("serverToken: set (…9876)");
    expect(await page.content()).not.toContain("token-abcdef-9876");
    expect(errors).toEqual([]);
  });
});
