/**
 * Consent states: pending keeps events on the device, in sends them, out sends nothing more (except
 * the consent.update saying so) and clears what waited. The choice persists across pages.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { PCID_KEY } from "../core/client";
import { QUEUE_KEY } from "../core/outbox";
import { delivered, fakeEdge } from "../test/fake-edge";
import { ALL_FORMATS, PLACEMENTS, stub } from "../test/fixtures";
import { host, isHiding, load, resetPage } from "../test/page";
import { CONSENT_KEY } from "./parcours";

const queuedTypes = () => (JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]") as { type: string }[]).map((e) => e.type);
const sentTypes = (edge: ReturnType<typeof fakeEdge>) => edge.sent.flatMap((s) => s.body.events.map((e: { type: string }) => e.type));
const pending = { datastream: "demo", defaultConsent: "pending" };

beforeEach(() => resetPage(PLACEMENTS));

describe("consent", () => {
  it("is in by default: the page view goes out", async () => {
    const { edge } = load();
    await delivered();
    expect(sentTypes(edge)).toEqual(["page.view"]);
  });

  it("pending sends nothing and keeps events on the device; placements show their default content", async () => {
    const { edge, parcours } = load(fakeEdge({ propositions: ALL_FORMATS }), pending);
    await parcours("sendEvent", "cart.add");
    await delivered();
    expect(edge.sent).toEqual([]);
    expect(isHiding()).toBe(false);
    expect(document.querySelector('[data-parcours-placement="hero"]')!.textContent).toBe("Default hero");
    expect(queuedTypes()).toEqual(["page.view", "cart.add"]);
    await expect(parcours("getPropositions")).resolves.toEqual([]);
  });

  it("in, after pending, sends the consent.update first, then what waited", async () => {
    const { edge, parcours } = load(fakeEdge({ pcid: "pc-1" }), pending);
    await parcours("sendEvent", "cart.add");
    await parcours("setConsent", "in");
    await delivered();
    expect(sentTypes(edge)).toEqual(["consent.update", "page.view", "cart.add"]);
    expect(edge.sent[0].body.events[0].data).toEqual({ collect: "in" });
    expect(queuedTypes()).toEqual([]);
    expect(localStorage.getItem(CONSENT_KEY)).toBe("in");
  });

  it("out sends only the consent.update, clears the queue, and sends nothing afterwards", async () => {
    const { edge, parcours } = load(fakeEdge({ pcid: "pc-1", propositions: ALL_FORMATS }), pending);
    await parcours("sendEvent", "cart.add");
    await parcours("setConsent", "out");
    await delivered();
    expect(sentTypes(edge)).toEqual(["consent.update"]);
    expect(edge.sent[0].body.events[0].data).toEqual({ collect: "out" });
    expect(queuedTypes()).toEqual([]);

    const before = edge.sent.length;
    await parcours("sendEvent", "cart.add");
    await parcours("sendEvent", "search", { placements: ["hero"] });
    await delivered();
    expect(edge.sent).toHaveLength(before);
    expect(queuedTypes()).toEqual([]);
  });

  it("out, once in, also stops displays and clicks", async () => {
    const { edge, parcours } = load(fakeEdge({ pcid: "pc-1", propositions: ALL_FORMATS }));
    await delivered();
    await parcours("setConsent", "out");
    await delivered();
    const before = edge.sent.length;
    document.querySelector<HTMLElement>("#cta")!.click();
    await parcours("applyPropositions", [{ ...ALL_FORMATS[1], items: [{ ...ALL_FORMATS[1].items[0], trackingToken: "t-new" }] }]);
    await delivered();
    expect(edge.sent).toHaveLength(before);
  });

  it("persists: the next page under out sends nothing at all", async () => {
    let { edge, parcours } = load(fakeEdge({ pcid: "pc-1" }));
    await delivered();
    await parcours("setConsent", "out");
    delete host.parcours; // a reload: a new SDK over the same storage
    ({ edge, parcours } = load(fakeEdge({ pcid: "pc-1" })));
    await parcours("sendEvent", "cart.add");
    await delivered();
    expect(edge.sent).toEqual([]);
    expect(isHiding()).toBe(false);
  });

  it("takes purposes as an object, sent whole in the consent.update", async () => {
    const { edge, parcours } = load();
    await delivered();
    await parcours("setConsent", { collect: "in", personalize: "out" });
    await delivered();
    const update = edge.sent.flatMap((s) => s.body.events).find((e: { type: string }) => e.type === "consent.update");
    expect(update.data).toEqual({ collect: "in", personalize: "out" });
  });

  it("rejects anything but in, out or pending", async () => {
    const { parcours } = load();
    for (const bad of [undefined, "yes", { collect: true }, { personalize: "in" }]) {
      await expect(parcours("setConsent", bad)).rejects.toMatchObject({ code: "invalid_argument" });
    }
  });

  it("a setConsent queued before the SDK loads applies before the page view", async () => {
    stub();
    host.parcours("setConsent", "pending");
    const { edge } = load();
    await delivered();
    expect(edge.sent).toEqual([]);
    expect(queuedTypes()).toEqual(["consent.update", "page.view"]);
  });

  it("identify needs consent in", async () => {
    const { parcours } = load(fakeEdge(), pending);
    const claim = { namespace: "email", value: "ada@example.com", expires: 1_900_000_000, signature: "sig" };
    await expect(parcours("identify", claim)).rejects.toMatchObject({ code: "consent" });
  });

  it("pending events wait in storage across a reload and go once consent is in", async () => {
    let { edge, parcours } = load(fakeEdge({ pcid: "pc-1" }), pending);
    await parcours("sendEvent", "cart.add");
    delete host.parcours;
    localStorage.setItem(PCID_KEY, "pc-1");
    ({ edge, parcours } = load(fakeEdge({ pcid: "pc-1" }), pending));
    await parcours("setConsent", "in");
    await delivered();
    expect(sentTypes(edge)).toEqual(["consent.update", "page.view", "cart.add", "page.view"]);
    expect(edge.sent.every((s) => s.path === "/v1/collect")).toBe(true);
  });
});
