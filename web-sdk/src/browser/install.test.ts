/**
 * The script-tag entry against a fake edge: the automatic page view and the pre-load queue.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Proposition } from "../core/types";
import { delivered, fakeEdge, settle } from "../test/fake-edge";
import { ALL_FORMATS, PLACEMENTS, stub } from "../test/fixtures";
import { host, isHiding, load, pageStorage, resetPage } from "../test/page";
import { install } from "./install";

beforeEach(() => resetPage(PLACEMENTS));
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("automatic page view", () => {
  it("sends page.view with url, referrer, title, utm_* params and the page's placements", async () => {
    history.replaceState(null, "", "/shoes?utm_source=news&utm_campaign=spring&color=red");
    document.title = "Shoes";
    document.body.insertAdjacentHTML("beforeend", '<div data-parcours-placement="hero"></div>');
    const { edge } = load();
    await settle();

    const [req] = edge.to("/v1/interact");
    expect(req.datastream).toBe("demo");
    expect(req.body.placements).toEqual(["hero", "banner", "promo", "config"]);
    expect(req.body.events).toHaveLength(1);
    const [event] = req.body.events;
    expect(event).toMatchObject({
      type: "page.view",
      data: { url: location.origin + "/shoes?utm_source=news&utm_campaign=spring&color=red", referrer: "", title: "Shoes", utm_source: "news", utm_campaign: "spring" },
    });
    expect(event.data.color).toBeUndefined();
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(event.timestamp).toISOString()).toBe(event.timestamp);
  });

  it("waits for the DOM to be parsed before collecting placements, and keeps queued events after it", async () => {
    Object.defineProperty(document, "readyState", { value: "loading", configurable: true });
    try {
      stub();
      host.parcours("sendEvent", "early.event");
      const { edge } = load();
      await settle();
      expect(edge.sent).toEqual([]);
      document.body.insertAdjacentHTML("beforeend", '<div data-parcours-placement="late"></div>');
      document.dispatchEvent(new Event("DOMContentLoaded"));
      await delivered();
      expect(edge.sent.map((s) => s.body.events[0].type)).toEqual(["page.view", "early.event"]);
      expect(edge.sent[0].body.placements).toContain("late");
    } finally {
      delete (document as { readyState?: unknown }).readyState;
    }
  });

  it("talks to the edge the SDK script came from unless data-edge says otherwise", async () => {
    const urls: string[] = [];
    const edge = fakeEdge();
    const spy = async (url: string, init: RequestInit) => (urls.push(url), edge.fetch(url, init));
    install(host, Object.assign(document.createElement("script"), { src: "https://cdn.example/sdk.js" }), { fetch: spy, storage: pageStorage() }); // no datastream: nothing sent
    await settle();
    expect(urls).toEqual([]);

    resetPage(PLACEMENTS);
    const script = Object.assign(document.createElement("script"), { src: "https://cdn.example/sdk.js" });
    Object.assign(script.dataset, { datastream: "demo", edge: "https://edge.example" });
    install(host, script, { fetch: spy, storage: pageStorage() });
    await settle();
    expect(urls[0]).toBe("https://edge.example/v1/interact?datastream=demo");
  });

  it('sends nothing and reveals at once with data-page-view="false"', async () => {
    const { edge } = load(fakeEdge(), { datastream: "demo", pageView: "false" });
    await settle();
    expect(edge.sent).toEqual([]);
    expect(isHiding()).toBe(false);
  });

  it('reveals at once with data-page-view="false" even before a datastream is configured', () => {
    load(fakeEdge(), { pageView: "false" });
    expect(isHiding()).toBe(false);
  });

  it("waits for configure when the script tag names no datastream (e.g. until consent)", async () => {
    const { edge, parcours } = load(fakeEdge(), {});
    await settle();
    expect(edge.sent).toEqual([]);
    await parcours("configure", { datastream: "later" });
    await settle();
    expect(edge.to("/v1/interact")[0].datastream).toBe("later");
  });
});

describe("pre-load queue", () => {
  it("replays queued calls, setup first so the page view uses them, and settles their promises", async () => {
    stub();
    const seen: Proposition[][] = [];
    const sent = host.parcours("sendEvent", "cart.add", { data: { sku: "A1" } });
    const got = host.parcours("getPropositions");
    host.parcours("on", "propositions", (e: { propositions: Proposition[] }) => seen.push(e.propositions));
    host.parcours("configure", { datastream: "queued" });
    const { edge } = load(fakeEdge({ pcid: "pc-1", propositions: [ALL_FORMATS[0]] }), {});

    await expect(sent).resolves.toEqual({ propositions: [] });
    await expect(got).resolves.toEqual([ALL_FORMATS[0]]);
    await delivered();
    const types = edge.sent.map((s) => s.body.events[0].type);
    expect(types[0]).toBe("page.view");
    expect(types).toContain("cart.add");
    // Sent while the page view was minting the device id: it waited and carries that id.
    expect(edge.sent.find((s) => s.body.events[0].type === "cart.add")!.body.pcid).toBe("pc-1");
    expect(edge.sent.every((s) => s.datastream === "queued")).toBe(true);
    expect(seen[0]).toEqual([ALL_FORMATS[0]]);
  });

  it("accepts bare `arguments` entries from hand-written stubs", async () => {
    host.parcours = function () {
      // eslint-disable-next-line prefer-rest-params
      (host.parcours.q = host.parcours.q || []).push(arguments);
    };
    host.parcours("sendEvent", "newsletter.signup");
    const { edge } = load();
    await delivered();
    expect(edge.sent.map((s) => s.body.events[0].type)).toContain("newsletter.signup");
  });

  it("keeps the first SDK when the script is loaded twice", () => {
    const first = load().parcours;
    const second = install(host, null);
    expect(second).toBe(first);
    expect(host.parcours).toBe(first);
  });
});
