/**
 * Log in and log out: `identify` presents identities signed by the site's backend, `reset`
 * forgets the device id in storage and in the edge's cookie.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PCID_KEY } from "../core/client";
import { delivered, fakeEdge, json, settle } from "../test/fake-edge";
import { stub } from "../test/fixtures";
import { host, load, resetPage } from "../test/page";

const claim = { namespace: "email", value: "ada@example.com", expires: 1_900_000_000, signature: "c2lnbmVk" };

beforeEach(() => resetPage('<div data-parcours-placement="hero">Default</div>'));
afterEach(() => void (document.cookie = "pcid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"));

describe("identify", () => {
  it("sends the signed identity with an identity.login event, on the device id the page view got", async () => {
    const { edge, parcours } = load(fakeEdge({ pcid: "pc-anon", propositions: [] }));
    await expect(parcours("identify", claim)).resolves.toBeUndefined();

    const [pageView, login] = edge.to("/v1/interact");
    expect(pageView.body.events[0].type).toBe("page.view");
    expect(login.body).toMatchObject({ pcid: "pc-anon", identify: [claim], events: [{ type: "identity.login" }] });
    expect(login.body.placements).toBeUndefined();
  });

  it("accepts several identities at once", async () => {
    const { edge, parcours } = load();
    const crm = { ...claim, namespace: "crmId", value: "C-1" };
    await parcours("identify", [claim, crm]);
    expect(edge.to("/v1/interact").pop()!.body.identify).toEqual([claim, crm]);
  });

  it("waits in the pre-load queue like any command and runs after the page view", async () => {
    stub();
    const queued = host.parcours("identify", claim);
    const { edge } = load();
    await queued;
    expect(edge.sent.map((s) => s.body.events[0].type)).toEqual(["page.view", "identity.login"]);
    expect(edge.sent[1].body.pcid).toBe("pc-1");
  });

  it("rejects a claim without its signature fields before sending anything, and reports it", async () => {
    const errors: { code: string }[] = [];
    const { edge, parcours } = load(fakeEdge(), { datastream: "demo", pageView: "false" });
    await parcours("on", "error", (e: { code: string }) => errors.push(e));
    for (const bad of [undefined, [], { namespace: "email", value: "ada@example.com" }, [claim, { ...claim, expires: "soon" }]]) {
      await expect(parcours("identify", bad)).rejects.toMatchObject({ code: "invalid_argument" });
    }
    expect(edge.sent).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(Array(4).fill("invalid_argument"));
  });

  it("rejects before a datastream is configured", async () => {
    const { edge, parcours } = load(fakeEdge(), {});
    await expect(parcours("identify", claim)).rejects.toMatchObject({ code: "not_configured" });
    expect(edge.sent).toEqual([]);
  });

  it("rejects with the edge's code when the signature is refused", async () => {
    const edge = fakeEdge(({ body }) =>
      body.identify
        ? json({ error: { code: "invalid_signature", message: "A signed identity was not accepted" } }, 401)
        : json({ pcid: "pc-1", propositions: [] }),
    );
    const { parcours } = load(edge);
    await expect(parcours("identify", claim)).rejects.toMatchObject({ code: "invalid_signature", status: 401 });
  });
});

describe("reset", () => {
  it("forgets the device id in storage and the cookie, so the next request gets a new one", async () => {
    let next = 0;
    const edge = fakeEdge(() => json({ pcid: `pc-${++next}`, propositions: [] }));
    const { parcours } = load(edge);
    await settle();
    document.cookie = "pcid=pc-1; Path=/";
    expect(localStorage.getItem(PCID_KEY)).toBe("pc-1");

    await expect(parcours("reset")).resolves.toBeUndefined();
    expect(localStorage.getItem(PCID_KEY)).toBeNull();
    expect(document.cookie).not.toMatch(/(^|;\s*)pcid=/);

    await parcours("sendEvent", "cart.add");
    await delivered();
    const [, afterReset] = edge.sent;
    expect(afterReset.path).toBe("/v1/interact"); // a first contact again: only interact returns an id
    expect(afterReset.body.pcid).toBeUndefined();
    expect(localStorage.getItem(PCID_KEY)).toBe("pc-2");
  });

  it("works before the SDK is configured, and leaves other cookies alone", async () => {
    localStorage.setItem(PCID_KEY, "pc-old");
    document.cookie = "pcid=pc-old; Path=/";
    document.cookie = "theme=dark; Path=/";
    const { parcours } = load(fakeEdge(), {});
    await parcours("reset");
    expect(localStorage.getItem(PCID_KEY)).toBeNull();
    expect(document.cookie).toBe("theme=dark");
    document.cookie = "theme=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
  });
});
