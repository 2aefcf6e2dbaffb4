/**
 * Journeys in the console, in a real browser: create a journey entered on an event, add a wait
 * and an action on the canvas, see the API's problem (a node not reachable) and the editor's
 * own (a dangling edge) pinned to their nodes, connect the edge again by dragging from its port,
 * move through the canvas with the keyboard, publish, then send the event for a visitor and see
 * the wait's live count reach 1.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { adminClient } from "../db/seed";
import { launchBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const token = inject("adminToken");
const admin = adminClient(baseUrl, token);
const JOURNEY = "welcome-e2e";
const EVENT = "signup.e2e";

let browser: Browser;
let page: Page;
const errors: string[] = [];

const focused = () => page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? document.activeElement?.id ?? null);

beforeAll(async () => {
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${baseUrl}/admin/journeys`);
  await page.getByLabel("Admin token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Journeys", level: 1 }).waitFor();
});
afterAll(async () => {
  await browser?.close();
});

describe("journeys in the console", () => {
  it("builds a journey on the canvas with problems pinned to nodes, publishes it, and counts a visitor", async () => {
    await page.getByTestId("new-journey").click();
    await page.getByLabel("Name", { exact: true }).fill("Welcome series");
    await page.getByLabel("Journey id").fill(JOURNEY);
    await page.getByLabel("Entry event type").fill(EVENT);
    await page.getByTestId("create-journey").click();
    const canvas = page.getByTestId("canvas");
    await canvas.waitFor();
    expect(page.url()).toContain(`/admin/journeys/${JOURNEY}`);
    await page.getByTestId("node-end").waitFor();

    // A wait of an hour, leading to the end, but not yet connected from the entry.
    await page.getByTestId("add-wait").click();
    const panel = page.getByTestId("node-panel");
    await expect.poll(() => panel.locator("h2").textContent()).toBe("Wait wait-1");
    await panel.getByLabel("Duration").fill("1h");
    await panel.getByLabel("Then go to", { exact: true }).selectOption("end");
    await page.getByTestId("save-journey").click();
    // The API's answer: the wait cannot be reached, pinned to its box and its panel.
    await page.getByTestId("badge-wait-1").waitFor();
    expect(await panel.getByTestId("node-problems").textContent()).toContain("Not reachable from the start");
    expect(await page.getByTestId("journey-problems-summary").textContent()).toContain("wait-1");

    // Start with the wait: from the entry's settings.
    await page.getByTestId("entry-node").click();
    await page.getByTestId("settings-panel").getByLabel("Start with", { exact: true }).selectOption("wait-1");
    await page.getByTestId("node-wait-1").click();

    // An action added with the wait selected goes in between the wait and the end.
    await page.getByTestId("add-action").click();
    await expect.poll(() => panel.locator("h2").textContent()).toBe("Action action-1");
    expect(await page.getByTestId("canvas-edge-wait-1-next").getAttribute("data-to")).toBe("action-1");
    expect(await page.getByTestId("canvas-edge-action-1-next").getAttribute("data-to")).toBe("end");
    await panel.getByLabel("Message").fill("Welcome aboard");
    // Disconnect its edge: it dangles, and the editor pins that to the node at once.
    await panel.getByRole("button", { name: "Disconnect Then go to" }).click();
    await page.getByTestId("badge-action-1").waitFor();
    await page.getByTestId("save-journey").click();
    const summary = page.getByTestId("journey-problems-summary");
    // The draft is saved with its loose edge; publishing would refuse it, and the editor says so.
    await expect.poll(() => summary.textContent()).toContain("saved. Fix these before publishing");
    expect(await summary.textContent()).toContain("action-1, next: Not connected: choose the next node");
    // The link of the summary puts focus on the node; the panel shows the same message.
    await summary.getByRole("link", { name: /action-1/ }).click();
    expect(await focused()).toBe("node-action-1");
    expect(await panel.getByTestId("node-problems").textContent()).toContain("Not connected");

    // Fix it by dragging from the action's port to the end.
    const port = page.getByTestId("node-action-1").locator("circle.port");
    const from = (await port.boundingBox())!;
    const to = (await page.getByTestId("node-end").locator("rect.node-box").boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + 30, to.y + 20, { steps: 8 });
    await page.mouse.up();
    await page.getByTestId("canvas-edge-action-1-next").waitFor({ state: "attached" });
    expect(await page.getByTestId("badge-action-1").count()).toBe(0);

    // The keyboard walks the edges: entry → wait → action; Shift+arrow moves a box; Enter opens its panel.
    await page.getByTestId("entry-node").focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(focused).toBe("node-wait-1");
    await page.keyboard.press("ArrowRight");
    await expect.poll(focused).toBe("node-action-1");
    await page.keyboard.press("Shift+ArrowDown");
    await page.keyboard.press("Enter");
    await expect.poll(focused).toBe("panel-heading");
    await page.keyboard.press("Escape");
    await expect.poll(focused).toBe("node-action-1");

    await page.getByTestId("save-journey").click();
    await expect.poll(() => page.getByTestId("journey-outcome").textContent()).toContain("Draft v1 saved. It can be published.");
    const stored = (await (await admin("GET", `/sandboxes/prod/journeys/${JOURNEY}`)).json()) as { draft: { definition: { start: string; nodes: Record<string, { next?: string; position?: unknown }> } } };
    expect(stored.draft.definition.start).toBe("wait-1");
    expect(stored.draft.definition.nodes["wait-1"].next).toBe("action-1");
    expect(stored.draft.definition.nodes["action-1"]).toMatchObject({ next: "end", position: { x: expect.any(Number), y: expect.any(Number) } });

    // Publish, with a confirmation.
    await page.getByTestId("publish-journey").click();
    await page.getByTestId("confirm-publish-journey").click();
    await expect.poll(() => page.getByTestId("journey-outcome").textContent()).toContain("Version 1 is live");
    await expect.poll(() => page.getByTestId("journey-status").textContent()).toContain("live v1");

    // A visitor sends the event. The edge serves the published journey within about a second:
    // until then the event enters nothing, so it is sent again by the same visitor, who (entering
    // at most once) is counted once.
    let pcid: string | undefined;
    const entered = async () => {
      const res = await fetch(`${baseUrl}/v1/collect?datastream=demo`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...(pcid ? { pcid } : {}), events: [{ type: EVENT }] }),
      });
      expect(res.status).toBe(204);
      pcid ??= res.headers.getSetCookie().find((c) => c.startsWith("pcid="))!.slice("pcid=".length).split(";")[0];
      const stats = (await (await admin("GET", `/sandboxes/prod/journeys/${JOURNEY}/stats`)).json()) as { nodes: Record<string, { entered: number }> };
      return stats.nodes["wait-1"].entered;
    };
    await expect.poll(entered, { timeout: 15_000, interval: 1500 }).toBe(1);
    const counts = page.getByTestId("counts-wait-1");
    await expect.poll(() => counts.textContent(), { timeout: 15_000 }).toBe("1 in · 1 waiting · 0 out · 0 err");
    expect(errors).toEqual([]);
  });
});
