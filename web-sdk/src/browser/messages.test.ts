/**
 * In-app messages from interact answers: a banner or a modal with accessible markup, text never
 * parsed as markup, safe links only, focus kept in the modal and given back, display, click and
 * dismiss tracked with the message's token, and the page free to render messages itself.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { Message } from "../core/types";
import { delivered, fakeEdge } from "../test/fake-edge";
import { host, load, resetPage } from "../test/page";

const message = (over: Partial<Message> = {}): Message => ({
  id: "m-1",
  kind: "modal",
  title: "Your cart misses you",
  body: "Items wait <b>for you</b>.",
  cta: { label: "Back to cart", url: "/cart" },
  expiresAt: Date.now() + 3_600_000,
  trackingToken: "mt-1",
  ...over,
});

const tracked = (edge: ReturnType<typeof fakeEdge>) =>
  edge
    .to("/v1/collect")
    .flatMap((s) => s.body.events)
    .filter((e: { type: string }) => e.type.startsWith("message."))
    .map((e: { type: string; data: { tokens: string[] } }) => [e.type, ...e.data.tokens]);

const key = (k: string, shiftKey = false) => {
  const event = new KeyboardEvent("keydown", { key: k, shiftKey, bubbles: true, cancelable: true });
  (document.activeElement || document.body).dispatchEvent(event);
  return event;
};

async function show(...messages: Message[]) {
  const edge = fakeEdge({ pcid: "pc-1", messages });
  const loaded = load(edge);
  await delivered();
  return loaded;
}

beforeEach(() => {
  resetPage('<button id="before">Open account</button>');
  document.getElementById("before")!.focus();
});

describe("modal messages", () => {
  it("is a labelled modal dialog, with the edge's text set as text", async () => {
    await show(message());
    const dialog = document.querySelector('[role="dialog"]')!;
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    const title = document.getElementById(dialog.getAttribute("aria-labelledby")!)!;
    expect(title.textContent).toBe("Your cart misses you");
    expect(dialog.querySelector("p")!.textContent).toBe("Items wait <b>for you</b>.");
    expect(dialog.querySelector("b")).toBeNull();
    expect(dialog.querySelector("a")!.getAttribute("href")).toBe("/cart");
    expect(document.querySelectorAll("style")).toHaveLength(1);
  });

  it("keeps Tab and Shift+Tab inside, and Escape closes it, giving focus back and reporting a dismissal", async () => {
    const { edge } = await show(message());
    const dialog = document.querySelector<HTMLElement>('[role="dialog"]')!;
    const [close, cta] = Array.from(dialog.querySelectorAll<HTMLElement>("button,a"));
    expect(document.activeElement).toBe(close);

    expect(key("Tab", true).defaultPrevented).toBe(true); // from the first, back to the last
    expect(document.activeElement).toBe(cta);
    expect(key("Tab").defaultPrevented).toBe(true); // from the last, round to the first
    expect(document.activeElement).toBe(close);
    document.getElementById("before")!.focus(); // focus escaped somehow
    key("Tab");
    expect(document.activeElement).toBe(close);

    key("Escape");
    expect(document.querySelector('[role="dialog"]')).toBeNull();
    expect(document.activeElement!.id).toBe("before");
    await delivered();
    expect(tracked(edge)).toEqual([
      ["message.display", "mt-1"],
      ["message.dismiss", "mt-1"],
    ]);
  });

  it("reports a click on its call to action", async () => {
    const { edge } = await show(message());
    document.querySelector<HTMLElement>('[role="dialog"] a')!.click();
    expect(document.querySelector('[role="dialog"]')).toBeNull();
    await delivered();
    expect(tracked(edge).pop()).toEqual(["message.click", "mt-1"]);
  });

  it("closes on a click beside it, as a dismissal", async () => {
    const { edge } = await show(message());
    document.querySelector<HTMLElement>(".pcm-bg")!.click();
    expect(document.querySelector('[role="dialog"]')).toBeNull();
    await delivered();
    expect(tracked(edge).pop()).toEqual(["message.dismiss", "mt-1"]);
  });

  it("shows one modal at a time, the next once the first is closed", async () => {
    await show(message(), message({ id: "m-2", trackingToken: "mt-2", title: "Second" }));
    expect(document.querySelectorAll('[role="dialog"]')).toHaveLength(1);
    key("Escape");
    expect(document.querySelector('[role="dialog"] h2')!.textContent).toBe("Second");
  });

  it("is labelled by its body when it has no title", async () => {
    await show(message({ title: undefined }));
    const dialog = document.querySelector('[role="dialog"]')!;
    expect(document.getElementById(dialog.getAttribute("aria-labelledby")!)!.textContent).toBe("Items wait <b>for you</b>.");
  });
});

describe("banner messages", () => {
  it("is a labelled region with a close button, which reports a dismissal", async () => {
    const { edge } = await show(message({ kind: "banner", cta: undefined }));
    const banner = document.querySelector<HTMLElement>('[role="region"]')!;
    expect(document.getElementById(banner.getAttribute("aria-labelledby")!)!.textContent).toBe("Your cart misses you");
    expect(document.activeElement!.id).toBe("before"); // a banner does not steal focus
    const close = banner.querySelector<HTMLButtonElement>("button")!;
    expect(close.getAttribute("aria-label")).toBe("Close");
    close.click();
    expect(document.querySelector('[role="region"]')).toBeNull();
    await delivered();
    expect(tracked(edge)).toEqual([
      ["message.display", "mt-1"],
      ["message.dismiss", "mt-1"],
    ]);
  });

  it("drops a call to action that is not http(s) or relative", async () => {
    for (const url of ["javascript:alert(1)", "data:text/html,<script>1</script>", " JAVASCRIPT:x", "mailto:a@b.c"]) {
      resetPage("");
      await show(message({ kind: "banner", cta: { label: "Go", url } }));
      expect(document.querySelector(".pcm a")).toBeNull();
    }
    resetPage("");
    await show(message({ kind: "banner", cta: { label: "Go", url: "https://shop.example/sale" } }));
    expect(document.querySelector(".pcm a")!.getAttribute("href")).toBe("https://shop.example/sale");
  });
});

describe("message delivery", () => {
  it("fires the message event, and with messages: false leaves showing it to the page", async () => {
    const seen: Message[] = [];
    const edge = fakeEdge({ pcid: "pc-1", messages: [message()] });
    const { parcours } = load(edge, {});
    await parcours("on", "message", (m: Message) => seen.push(m));
    await parcours("configure", { datastream: "demo", messages: false });
    await delivered();
    expect(seen.map((m) => m.id)).toEqual(["m-1"]);
    expect(document.querySelector(".pcm")).toBeNull();
    expect(tracked(edge)).toEqual([]);
  });

  it("shows a message once even when later answers repeat it", async () => {
    const { parcours } = await show(message({ kind: "banner" }));
    await parcours("sendEvent", "search", { placements: ["x"] });
    await delivered();
    expect(document.querySelectorAll(".pcm")).toHaveLength(1);
  });

  it("ignores expired and malformed messages", async () => {
    await show(message({ expiresAt: Date.now() - 1 }), { id: "x", kind: "popup", body: "?" } as never, null as never);
    expect(document.querySelector(".pcm")).toBeNull();
    expect(host.document.querySelectorAll("style")).toHaveLength(0);
  });
});
