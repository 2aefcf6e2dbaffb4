/**
 * Getting events to the edge from a real page: batching, the beacon on pagehide, offline and back,
 * a reload while offline, and the device id with and without cookies.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PCID_KEY } from "../core/client";
import { QUEUE_KEY } from "../core/outbox";
import { delivered, fakeEdge, settle } from "../test/fake-edge";
import { ALL_FORMATS, PLACEMENTS } from "../test/fixtures";
import { host, load, resetPage } from "../test/page";

const queuedTypes = () => (JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]") as { type: string }[]).map((e) => e.type);
const collected = (edge: ReturnType<typeof fakeEdge>) => edge.to("/v1/collect").flatMap((s) => s.body.events.map((e: { type: string }) => e.type));

/** A fake edge whose /v1/collect fails like a dropped connection until `online()`. */
function flakyEdge() {
  const edge = fakeEdge({ pcid: "pc-1", propositions: ALL_FORMATS });
  const ok = edge.handlers["/v1/collect"];
  let offline = true;
  edge.handlers["/v1/collect"] = (sent) => {
    if (offline) throw new TypeError("Failed to fetch");
    return ok(sent);
  };
  return Object.assign(edge, { online: () => void (offline = false) });
}

beforeEach(() => resetPage(PLACEMENTS));
afterEach(() => {
  vi.restoreAllMocks();
  delete (navigator as { sendBeacon?: unknown }).sendBeacon;
  document.cookie = "pcid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
});

describe("transport", () => {
  it("batches events sent close together into one collect", async () => {
    const { edge, parcours } = load(fakeEdge({ pcid: "pc-1", propositions: ALL_FORMATS }));
    await settle();
    await parcours("sendEvent", "cart.add", { data: { sku: "A1" } });
    await parcours("sendEvent", "cart.add", { data: { sku: "B2" } });
    await delivered();
    expect(edge.to("/v1/collect")).toHaveLength(1);
    expect(collected(edge)).toEqual(["proposition.display", "cart.add", "cart.add"]);
  });

  it("hands queued events to sendBeacon on pagehide, and keeps what it refuses", async () => {
    const beacons: { url: string; body: any }[] = [];
    let accept = false;
    (navigator as any).sendBeacon = (url: string, body: string) => (beacons.push({ url, body: JSON.parse(body) }), accept);
    const { parcours } = load(fakeEdge({ pcid: "pc-1", propositions: ALL_FORMATS }));
    await settle();
    await parcours("sendEvent", "checkout.start");

    window.dispatchEvent(new Event("pagehide"));
    expect(queuedTypes()).toEqual(["proposition.display", "checkout.start"]);
    accept = true;
    window.dispatchEvent(new Event("pagehide"));
    expect(beacons[1].url).toBe("https://edge.example/v1/collect?datastream=demo");
    expect(beacons[1].body.pcid).toBe("pc-1");
    expect(beacons[1].body.events.map((e: { type: string }) => e.type)).toEqual(["proposition.display", "checkout.start"]);
    expect(queuedTypes()).toEqual([]);
  });

  it("keeps everything for the next page when the page hides while offline", async () => {
    const beacons: string[] = [];
    (navigator as any).sendBeacon = (_url: string, body: string) => beacons.push(body) > 0; // a beacon says yes even offline
    vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    const { parcours } = load(fakeEdge({ pcid: "pc-1" }));
    await settle();
    await parcours("sendEvent", "cart.add");
    window.dispatchEvent(new Event("pagehide"));
    expect(beacons).toEqual([]);
    expect(queuedTypes()).toEqual(["cart.add"]);
  });

  it("never throws on pagehide without sendBeacon", async () => {
    Object.defineProperty(navigator, "sendBeacon", { value: undefined, configurable: true });
    const { parcours } = load();
    await settle();
    await parcours("sendEvent", "x");
    expect(() => window.dispatchEvent(new Event("pagehide"))).not.toThrow();
    expect(queuedTypes()).toEqual(["x"]);
  });

  it("keeps events while offline and sends them as soon as the browser is back online", async () => {
    const edge = flakyEdge();
    const { parcours } = load(edge);
    await settle();
    await parcours("sendEvent", "cart.add");
    await delivered();
    expect(queuedTypes()).toEqual(["proposition.display", "cart.add"]);
    edge.online();
    window.dispatchEvent(new Event("online"));
    await settle();
    expect(collected(edge).slice(-2)).toEqual(["proposition.display", "cart.add"]);
    expect(queuedTypes()).toEqual([]);
  });

  it("sends, after a reload, what an offline page could not", async () => {
    const offline = flakyEdge();
    const first = load(offline);
    await settle();
    await first.parcours("sendEvent", "wishlist.add");
    await delivered();
    expect(queuedTypes()).toEqual(["proposition.display", "wishlist.add"]);

    delete host.parcours; // reload: a new SDK instance, the same localStorage
    const { edge } = load(fakeEdge({ pcid: "pc-1" }));
    await delivered();
    expect(collected(edge)).toEqual(["proposition.display", "wishlist.add"]);
    expect(edge.to("/v1/collect")[0].body.pcid).toBe("pc-1");
    expect(queuedTypes()).toEqual([]);
  });

  it("queues the page view's event when the interact fails on the network, so it still arrives", async () => {
    const edge = fakeEdge({ pcid: "pc-1" });
    const answer = edge.handlers["/v1/interact"];
    let down = true;
    edge.handlers["/v1/interact"] = (s) => {
      if (down) throw new TypeError("Failed to fetch");
      return answer(s);
    };
    load(edge);
    await settle();
    expect(queuedTypes()).toEqual(["page.view"]);
    down = false;
    window.dispatchEvent(new Event("online"));
    await settle();
    // No device id yet: the first contact goes through interact, which mints it.
    expect(edge.sent.map((s) => s.path)).toEqual(["/v1/interact", "/v1/interact"]);
    expect(localStorage.getItem(PCID_KEY)).toBe("pc-1");
    expect(queuedTypes()).toEqual([]);
  });

  it("adopts the edge's readable pcid cookie, so the first collect needs no interact", async () => {
    document.cookie = "pcid=pcCookie_123; Path=/";
    const { edge, parcours } = load(fakeEdge({ pcid: "pcCookie_123" }), { datastream: "demo", pageView: "false" });
    await parcours("sendEvent", "cart.add");
    await delivered();
    expect(localStorage.getItem(PCID_KEY)).toBe("pcCookie_123");
    expect(edge.sent.map((s) => s.path)).toEqual(["/v1/collect"]);
    expect(edge.sent[0].body.pcid).toBe("pcCookie_123");
  });

  it("in cookie-less mode ignores the cookie, sends no credentials and the stored pcid in every body", async () => {
    document.cookie = "pcid=pcCookie_123; Path=/";
    localStorage.setItem(PCID_KEY, "pc-stored");
    const { edge, parcours } = load(fakeEdge({ pcid: "pc-stored" }), { datastream: "demo", cookies: "false" });
    await parcours("sendEvent", "cart.add");
    await delivered();
    expect(edge.sent.map((s) => s.init.credentials)).toEqual(["omit", "omit"]);
    expect(edge.sent.map((s) => s.body.pcid)).toEqual(["pc-stored", "pc-stored"]);
  });

  it("never adopts a cookie in cookie-less mode", async () => {
    document.cookie = "pcid=pcCookie_123; Path=/";
    const { edge } = load(fakeEdge({ pcid: "pc-minted" }), { datastream: "demo", cookies: "false" });
    await delivered();
    expect(edge.sent[0].body.pcid).toBeUndefined();
    expect(localStorage.getItem(PCID_KEY)).toBe("pc-minted");
  });
});
