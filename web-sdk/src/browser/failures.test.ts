/**
 * The host page never sees an exception: network, edge and storage failures become events and rejections.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ParcoursError } from "../core/transport";
import { delivered, fakeEdge, json, settle } from "../test/fake-edge";
import { ALL_FORMATS, PLACEMENTS, stub } from "../test/fixtures";
import { host, isHiding, load, pageStorage, resetPage } from "../test/page";
import { install } from "./install";

beforeEach(() => resetPage(PLACEMENTS));
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("failure containment", () => {
  it("never throws when fetch rejects: errors become events, and the events wait in the outbox", async () => {
    stub();
    const errors: unknown[] = [];
    host.parcours("on", "error", (e: unknown) => errors.push(e));
    const failing = () => Promise.reject(new TypeError("Failed to fetch"));
    expect(() => install(host, document.createElement("script"), { fetch: failing, storage: pageStorage() })).not.toThrow();
    host.parcours("configure", { datastream: "demo" });
    await settle();
    expect(errors[0]).toBeInstanceOf(ParcoursError);
    expect(errors[0]).toMatchObject({ code: "network" });
    expect(isHiding()).toBe(false);
    expect(document.querySelector('[data-parcours-placement="hero"]')!.textContent).toBe("Default hero");

    await expect(host.parcours("sendEvent", "cart.add")).resolves.toEqual({ propositions: [] });
    await expect(host.parcours("sendEvent", "cart.add", { placements: ["hero"] })).rejects.toMatchObject({ code: "network" });
    await delivered();
    expect(errors.map((e) => (e as ParcoursError).code)).toEqual(["network", "network", "network"]);
    const queued = JSON.parse(localStorage.getItem("parcours.queue")!).map((e: { type: string }) => e.type);
    expect(queued).toEqual(["page.view", "cart.add", "cart.add"]);
  });

  it("never throws when fetch itself throws synchronously or is missing", async () => {
    vi.stubGlobal("fetch", undefined);
    const errors: unknown[] = [];
    const { parcours } = load({ ...fakeEdge(), fetch: undefined as never });
    await parcours("on", "error", (e: unknown) => errors.push(e));
    await settle();
    await expect(parcours("sendEvent", "x", { placements: ["hero"] })).rejects.toBeInstanceOf(ParcoursError);
    expect(errors[0]).toBeInstanceOf(ParcoursError);
    vi.unstubAllGlobals();
  });

  it("keeps working when localStorage throws, holding the device id in memory", async () => {
    vi.spyOn(window, "localStorage", "get").mockImplementation(() => {
      throw new DOMException("denied", "SecurityError");
    });
    const { edge, parcours } = load(fakeEdge({ pcid: "pc-mem", propositions: ALL_FORMATS }));
    await settle();
    await parcours("sendEvent", "cart.add");
    await delivered();
    const last = edge.sent[edge.sent.length - 1];
    expect(last.path).toBe("/v1/collect");
    expect(last.body.pcid).toBe("pc-mem");
  });

  it("rejects unknown commands and events before configuration instead of throwing", async () => {
    const { parcours } = load(fakeEdge(), {});
    await expect(parcours("explode")).rejects.toMatchObject({ code: "unknown_command" });
    await expect(parcours("toString")).rejects.toMatchObject({ code: "unknown_command" });
    await expect(parcours("sendEvent", "cart.add")).rejects.toMatchObject({ code: "not_configured" });
    await expect(parcours("on", "error", "not a function")).rejects.toMatchObject({ code: "invalid_argument" });
  });

  it("contains edge errors (e.g. unknown datastream) as error events", async () => {
    const errors: any[] = [];
    stub();
    host.parcours("on", "error", (e: unknown) => errors.push(e));
    load(fakeEdge(() => json({ error: { code: "unknown_datastream", message: "No such datastream" }, requestId: "r" }, 404)));
    await settle();
    expect(errors.map((e) => e.code)).toEqual(["unknown_datastream"]);
    expect(isHiding()).toBe(false);
  });

  it("survives garbage from the edge: unreadable JSON reports bad_response and shows the defaults", async () => {
    const errors: { code: string }[] = [];
    stub();
    host.parcours("on", "error", (e: { code: string }) => errors.push(e));
    load(fakeEdge(() => new Response("<html>502 Bad Gateway</html>", { status: 200 })));
    await settle();
    expect(errors.map((e) => e.code)).toEqual(["bad_response"]);
    expect(isHiding()).toBe(false);
    expect(document.querySelector('[data-parcours-placement="hero"]')!.textContent).toBe("Default hero");
  });

  it("survives answers of the wrong shape without throwing or rendering junk", async () => {
    const answers: unknown[] = [
      { propositions: { hero: "x" }, messages: { id: 1 } },
      { propositions: [{ placement: "hero", items: [null, 42, { format: "html", content: { evil: true } }, { format: "weird", content: "?" }] }] },
      { propositions: [{ placement: ["hero"], items: [] }, { placement: "banner", items: "x" }], messages: [{ kind: "modal" }] },
      [1, 2, 3],
    ];
    const errors: unknown[] = [];
    const edge = fakeEdge(() => json(answers.shift() ?? {}));
    const { parcours } = load(edge);
    await parcours("on", "error", (e: unknown) => errors.push(e));
    await settle();
    for (let i = 0; i < 3; i++) {
      await parcours("sendEvent", "again", { placements: ["hero", "banner"] }).catch(() => undefined);
    }
    await settle();
    expect(document.querySelector('[data-parcours-placement="hero"]')!.textContent).toBe("Default hero");
    expect(document.querySelector('[data-parcours-placement="banner"]')!.textContent).toBe("Default banner");
    expect(document.querySelector(".pcm")).toBeNull();
  });

  it("never throws from history patches, event handlers or listeners that throw", async () => {
    const { parcours } = load();
    await parcours("on", "propositions", () => {
      throw new Error("host bug");
    });
    await settle();
    expect(() => history.pushState(null, "", "/elsewhere")).not.toThrow();
    expect(() => window.dispatchEvent(new Event("online"))).not.toThrow();
    expect(() => window.dispatchEvent(new Event("pagehide"))).not.toThrow();
    history.replaceState(null, "", "/");
  });
});
