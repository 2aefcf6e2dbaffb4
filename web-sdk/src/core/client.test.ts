import { describe, expect, it } from "vitest";
import { fakeEdge, json } from "../test/fake-edge";
import { createClient, createEvent, PCID_KEY } from "./client";
import { memoryStorage } from "./storage";
import { ParcoursError } from "./transport";

const edgeUrl = "https://edge.example/";

describe("core client", () => {
  it("posts interact as text/plain JSON with credentials to the datastream's route", async () => {
    const edge = fakeEdge({ pcid: "pc-1", propositions: [] });
    const client = createClient({ edgeUrl, datastream: "demo store", fetch: edge.fetch });
    const event = createEvent("page.view", { url: "https://shop.example/" });
    await client.interact([event], ["hero"]);

    const [req] = edge.sent;
    expect(req.path).toBe("/v1/interact");
    expect(req.datastream).toBe("demo store");
    expect(req.init.method).toBe("POST");
    expect(req.init.credentials).toBe("include");
    expect(req.init.keepalive).toBe(false);
    expect((req.init.headers as Record<string, string>)["Content-Type"]).toMatch(/^text\/plain/);
    expect(req.body).toEqual({ events: [event], placements: ["hero"] });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keeps the pcid the edge returns and sends it back in later bodies", async () => {
    const storage = memoryStorage();
    const edge = fakeEdge({ pcid: "pc-42", propositions: [] });
    const client = createClient({ edgeUrl, datastream: "demo", fetch: edge.fetch, storage });
    await client.interact([createEvent("page.view")]);
    await client.collect([createEvent("cart.add")]);

    expect(edge.sent[0].body.pcid).toBeUndefined();
    expect(storage.getItem(PCID_KEY)).toBe("pc-42");
    expect(edge.sent[1].body.pcid).toBe("pc-42");
    expect(client.pcid()).toBe("pc-42");
  });

  it("sends collect with keepalive so it survives a navigation", async () => {
    const edge = fakeEdge();
    const storage = memoryStorage();
    storage.setItem(PCID_KEY, "pc-1");
    const client = createClient({ edgeUrl, datastream: "demo", fetch: edge.fetch, storage });
    await client.collect([createEvent("proposition.display", { tokens: ["t"] })]);
    expect(edge.sent[0].path).toBe("/v1/collect");
    expect(edge.sent[0].init.keepalive).toBe(true);
  });

  it("sends a first-contact collect through interact, since only interact answers with the device id", async () => {
    const edge = fakeEdge({ pcid: "pc-new" });
    const client = createClient({ edgeUrl, datastream: "demo", fetch: edge.fetch });
    await client.collect([createEvent("cart.add")]);
    await client.collect([createEvent("cart.remove")]);
    expect(edge.sent.map((s) => s.path)).toEqual(["/v1/interact", "/v1/collect"]);
    expect(edge.sent[1].body.pcid).toBe("pc-new");
  });

  it("holds requests made during the first interact so only one device id is minted", async () => {
    let answer!: () => void;
    const edge = fakeEdge(() => new Promise((r) => (answer = () => r(json({ pcid: "pc-1", propositions: [] })))));
    const client = createClient({ edgeUrl, datastream: "demo", fetch: edge.fetch });
    const first = client.interact([createEvent("page.view")]);
    const second = client.collect([createEvent("cart.add")]);
    await new Promise((r) => setTimeout(r, 0));
    expect(edge.sent).toHaveLength(1);
    answer();
    await Promise.all([first, second]);
    expect(edge.sent[1].body.pcid).toBe("pc-1");
  });

  it("forgets the device id on reset, even when an answer carrying the old one is still in flight", async () => {
    let answer!: () => void;
    let next = 0;
    const edge = fakeEdge(({ body }) =>
      body.events[0].type === "slow"
        ? new Promise((r) => (answer = () => r(json({ pcid: "pc-1", propositions: [] }))))
        : json({ pcid: `pc-new-${++next}`, propositions: [] }),
    );
    const storage = memoryStorage();
    storage.setItem(PCID_KEY, "pc-1");
    const client = createClient({ edgeUrl, datastream: "demo", fetch: edge.fetch, storage });
    const slow = client.interact([createEvent("slow")]);
    await new Promise((r) => setTimeout(r, 0));
    client.reset();
    answer();
    await slow;
    expect(client.pcid()).toBeUndefined();

    await client.interact([createEvent("page.view")]);
    expect(edge.sent[1].body.pcid).toBeUndefined();
    expect(client.pcid()).toBe("pc-new-1");
  });

  it("sends signed and unsigned identities beside the events", async () => {
    const edge = fakeEdge();
    const client = createClient({ edgeUrl, datastream: "demo", fetch: edge.fetch });
    const identify = [{ namespace: "email", value: "ada@example.com", expires: 1_900_000_000, signature: "sig" }];
    const identities = [{ namespace: "phone", value: "+33612345678" }];
    const event = createEvent("identity.login");
    await client.interact([event], [], { identify, identities });
    expect(edge.sent[0].body).toEqual({ events: [event], identify, identities });
  });

  it("rejects with the edge's error code and request id", async () => {
    const edge = fakeEdge(() =>
      json({ error: { code: "unknown_datastream", message: "No such datastream" }, requestId: "r-1" }, 404),
    );
    const client = createClient({ edgeUrl, datastream: "nope", fetch: edge.fetch });
    const err = await client.interact([createEvent("page.view")]).catch((e) => e);
    expect(err).toBeInstanceOf(ParcoursError);
    expect(err).toMatchObject({ code: "unknown_datastream", status: 404, requestId: "r-1" });
  });

  it("turns a failing fetch into a rejected promise, never a synchronous throw", async () => {
    const client = createClient({
      edgeUrl,
      datastream: "demo",
      fetch: () => {
        throw new TypeError("Failed to fetch");
      },
    });
    let call: Promise<unknown> | undefined;
    expect(() => (call = client.interact([createEvent("page.view")]))).not.toThrow();
    await expect(call).rejects.toMatchObject({ code: "network" });
  });
});
