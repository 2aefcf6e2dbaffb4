/**
 * What the visitor sees: rendering each format, display and click notifications, anti-flicker.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Proposition } from "../core/types";
import { delivered, fakeEdge, json, settle } from "../test/fake-edge";
import { ALL_FORMATS, PLACEMENTS, prop, stub } from "../test/fixtures";
import { enableJavaScript, host, isHiding, load, resetPage } from "../test/page";

beforeEach(() => resetPage(PLACEMENTS));
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("rendering", () => {
  it("renders html, text and image propositions and leaves json to the host", async () => {
    const events: { propositions: Proposition[] }[] = [];
    stub();
    host.parcours("on", "propositions", (e: { propositions: Proposition[] }) => events.push(e));
    load(fakeEdge({ pcid: "pc-1", propositions: ALL_FORMATS }));
    await settle();

    const at = (name: string) => document.querySelector(`[data-parcours-placement="${name}"]`)!;
    expect(at("hero").querySelector("h2")!.textContent).toBe("Spring sale");
    expect(at("banner").textContent).toBe("<i>Free</i> shipping");
    expect(at("banner").querySelector("i")).toBeNull();
    const link = at("promo").querySelector("a")!;
    expect(link.getAttribute("href")).toBe("/shoes");
    expect(link.querySelector("img")!.getAttribute("src")).toBe("https://cdn.example/p.jpg");
    expect(link.querySelector("img")!.alt).toBe("Red shoes");
    expect(at("config").textContent).toBe("Default config");
    expect(events).toEqual([{ propositions: ALL_FORMATS }]);
    await expect(host.parcours("getPropositions")).resolves.toEqual(ALL_FORMATS);
  });

  it("strips scripts and handlers from html offers and never executes them", async () => {
    const restore = enableJavaScript();
    try {
      load(
        fakeEdge({
          propositions: [prop("hero", { format: "html", content: '<h2 onclick="window.pwned=1">Hi</h2><script>window.pwned=2</script>' })],
        }),
      );
      await settle();
    } finally {
      restore();
    }
    const hero = document.querySelector('[data-parcours-placement="hero"]')!;
    expect(hero.innerHTML).toBe("<h2>Hi</h2>");
    expect(host.pwned).toBeUndefined();
  });

  it("sends one display notification with the tokens of what was rendered", async () => {
    const { edge } = load(fakeEdge({ pcid: "pc-9", propositions: ALL_FORMATS }));
    await delivered();
    const collects = edge.to("/v1/collect");
    expect(collects).toHaveLength(1);
    const [event] = collects[0].body.events;
    expect(event.type).toBe("proposition.display");
    expect(event.data.tokens.sort()).toEqual(["t-banner", "t-hero", "t-promo"]);
    expect(collects[0].body.pcid).toBe("pc-9");
    expect(collects[0].init.keepalive).toBe(true);
  });

  it("reports a click on a link inside rendered content once, with its token", async () => {
    const { edge } = load(fakeEdge({ propositions: ALL_FORMATS }));
    await settle();
    document.querySelector<HTMLElement>('[data-parcours-placement="hero"] h2')!.click(); // not a link
    document.querySelector<HTMLElement>("#cta b")!.click();
    document.querySelector<HTMLElement>("#cta")!.click();
    await delivered();

    const events = edge.to("/v1/collect").flatMap((s) => s.body.events);
    const clicks = events.filter((e: { type: string }) => e.type === "proposition.click");
    expect(clicks).toHaveLength(1);
    expect(clicks[0].data).toEqual({ tokens: ["t-hero"] });
  });

  it("keeps default content and sends no display when nothing applies", async () => {
    const { edge } = load(fakeEdge({ propositions: [] }));
    await settle();
    expect(document.querySelector('[data-parcours-placement="hero"]')!.textContent).toBe("Default hero");
    expect(edge.to("/v1/collect")).toEqual([]);
  });

  it("renders propositions asked for by sendEvent", async () => {
    const edge = fakeEdge((req) =>
      json({ pcid: "pc-1", propositions: req.body.events[0].type === "cart.add" ? [prop("banner", { format: "text", content: "Add socks?" })] : [] }),
    );
    const { parcours } = load(edge);
    await settle();
    const result = await parcours("sendEvent", "cart.add", { data: { sku: "A1" }, placements: ["banner"] });
    expect(result.propositions[0].placement).toBe("banner");
    expect(document.querySelector('[data-parcours-placement="banner"]')!.textContent).toBe("Add socks?");
    expect(edge.to("/v1/interact")[1].body).toMatchObject({ pcid: "pc-1", placements: ["banner"], events: [{ type: "cart.add", data: { sku: "A1" } }] });
  });
});

describe("anti-flicker", () => {
  it("reveals each rendered placement and lifts the curtain when the answer is in", async () => {
    load(fakeEdge({ propositions: ALL_FORMATS }));
    expect(isHiding()).toBe(true);
    await settle();
    expect(isHiding()).toBe(false);
    expect(document.querySelector('[data-parcours-placement="hero"]')!.hasAttribute("data-parcours-ready")).toBe(true);
  });

  it("reveals placements after the timeout when the edge is slow", async () => {
    vi.useFakeTimers();
    load(fakeEdge(() => new Promise<Response>(() => undefined)));
    await vi.advanceTimersByTimeAsync(999);
    expect(isHiding()).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(isHiding()).toBe(false);
  });

  it("honours data-timeout", async () => {
    vi.useFakeTimers();
    load(fakeEdge(() => new Promise<Response>(() => undefined)), { datastream: "demo", timeout: "300" });
    await vi.advanceTimersByTimeAsync(300);
    expect(isHiding()).toBe(false);
  });

  it("hides nothing on a page without placements", async () => {
    resetPage("<h1>Plain page</h1>");
    const { edge } = load(fakeEdge(() => new Promise<Response>(() => undefined)));
    await settle(2);
    expect(edge.sent).toHaveLength(1);
    expect(edge.sent[0].body.placements).toBeUndefined();
    expect(isHiding()).toBe(false);
  });
});
