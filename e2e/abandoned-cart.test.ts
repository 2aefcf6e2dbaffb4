/**
 * A journey end to end in a real browser: a visitor adds to the cart on /demo and leaves; after
 * the journey's wait (shortened by test mode) the reminder is in the outbox, and on the next
 * visit it shows as an in-app message.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { adminClient } from "../db/seed";
import { launchBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const admin = adminClient(baseUrl, inject("adminToken"));
const JOURNEY = "e2e-abandoned-cart";

const definition = {
  entry: { type: "event", eventType: "cart.add" },
  start: "wait-order",
  nodes: {
    // Three hours; in test mode, three seconds.
    "wait-order": { type: "wait-event", eventType: "order.placed", timeout: "3h", next: "done", timeoutNext: "remind" },
    remind: { type: "action", action: { kind: "message", channel: "in-app", title: "Still thinking it over?", body: "Your Summit pack is waiting in your cart." }, next: "mail" },
    mail: { type: "action", action: { kind: "message", channel: "email", title: "Your cart", body: "You left the Summit pack in your cart." }, next: "done" },
    done: { type: "end" },
  },
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  const res = await admin("POST", "/sandboxes/prod/journeys", { id: JOURNEY, name: "Abandoned cart (e2e)", definition });
  expect(res.status, await res.clone().text()).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await admin("PUT", `/sandboxes/prod/journeys/${JOURNEY}/test-mode`, { profiles: [] });
});

type Delivery = { channel: string; status: string; source: string; payload: { title: string | null; body: string | null; test?: boolean } };

describe("an abandoned cart", () => {
  it("reaches the outbox after the wait, and shows as an in-app message on the next visit", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${baseUrl}/demo`);
    await expect.poll(async () => (await context.cookies()).find((c) => c.name === "pcid")?.value, { timeout: 10_000 }).toBeTruthy();
    const pcid = (await context.cookies()).find((c) => c.name === "pcid")!.value;

    // This visitor is the journey's test profile.
    const mode = await admin("PUT", `/sandboxes/prod/journeys/${JOURNEY}/test-mode`, { profiles: [pcid] });
    expect(mode.status, await mode.clone().text()).toBe(200);
    await new Promise((r) => setTimeout(r, 1200)); // the publish reaches the edge's pointer

    await page.getByTestId("add-summit-pack").click();
    await expect.poll(async () => {
      const res = await admin("GET", `/sandboxes/prod/profiles/lookup?ns=pcid&value=${pcid}`);
      if (!res.ok) return null;
      const { profile } = (await res.json()) as { profile: { journeys: { journey: string; status: string }[] } };
      return profile.journeys.find((j) => j.journey === JOURNEY)?.status ?? null;
    }, { timeout: 10_000 }).toBe("waiting");
    await page.close(); // the visitor leaves

    const outbox = async () => {
      const { items } = (await (await admin("GET", `/sandboxes/prod/deliveries?profileId=${pcid}`)).json()) as { items: Delivery[] };
      return items;
    };
    await expect.poll(async () => (await outbox()).filter((d) => d.status === "sent").length, { timeout: 20_000 }).toBe(2);
    const email = (await outbox()).find((d) => d.channel === "email")!;
    expect(email).toMatchObject({ source: `journey:${JOURNEY}:1:mail`, payload: { body: "You left the Summit pack in your cart.", test: true } });

    // The next visit: the reminder shows in the page.
    const next = await context.newPage();
    next.on("pageerror", (e) => errors.push(e.message));
    await next.goto(`${baseUrl}/demo`);
    await expect.poll(() => next.getByText("Your Summit pack is waiting in your cart.").isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await next.getByText("Still thinking it over?").isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
