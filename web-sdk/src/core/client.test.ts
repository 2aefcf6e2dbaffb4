import { describe, expect, it } from "vitest";
import { fakeEdge, json } from "../test/fake-edge";
import { createClient, createEvent, PCID_KEY } from "./client";
import { memoryStorage } from "./storage";
import { ParcoursError, retryable } from "./transport";

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

  it("sends saved decisions beside placements, and leaves empty lists out", async () => {
    const edge = fakeEdge();
    const client = createClient({ edgeUrl, datastream: "demo", fetch: edge.fetch });
    await client.interact([createEvent("page.view")], ["hero"], { decisions: ["home"] });
    await client.interact([createEvent("page.view")], [], { decisions: [] });
    expect(edge.sent[0].body).toMatchObject({ placements: ["hero"], decisions: ["home"] });
    expect(Object.keys(edge.sent[1].body).sort()).toEqual(["events", "pcid"]);
  });

  it("in cookie-less mode sends no credentials, so only the body carries the device id", async () => {
    const edge = fakeEdge();
    const storage = memoryStorage();
    storage.setItem(PCID_KEY, "pc-stored");
    const client = createClient({ edgeUrl, datastream: "demo", fetch: edge.fetch, storage, cookies: false });
    await client.interact([createEvent("page.view")]);
    expect(edge.sent[0].init.credentials).toBe("omit");
    expect(edge.sent[0].body.pcid).toBe("pc-stored");
  });

  it("reads Retry-After seconds from a 429 and marks it worth retrying; a 400 is not", async () => {
    const answers = [
      new Response(JSON.stringify({ error: { code: "rate_limited", message: "Slow down" } }), { status: 429, headers: { "Retry-After": "3" } }),
      json({ error: { code: "validation_failed", message: "Bad" } }, 400),
    ];
    const client = createClient({ edgeUrl, datastream: "demo", fetch: fakeEdge(() => answers.shift()!).fetch });
    const limited = await client.interact([createEvent("a")]).catch((e) => e);
    expect(limited).toMatchObject({ status: 429, retryAfter: 3 });
    expect(retryable(limited)).toBe(true);
    const invalid = await client.interact([createEvent("b")]).catch((e) => e);
    expect(invalid).toMatchObject({ status: 400, code: "validation_failed", retryAfter: undefined });
    expect(retryable(invalid)).toBe(false);
    expect(retryable(new ParcoursError("x", "network"))).toBe(true);
    expect(retryable(new ParcoursError("x", "http", 502))).toBe(true);
  });

  it("turns garbage answers into a bad_response rejection", async () => {
    for (const body of ["<html>oops", "null", "42", '"text"']) {
      const fetch = async () => new Response(body, { status: 200 });
      const err = await createClient({ edgeUrl, datastream: "demo", fetch }).interact([createEvent("a")]).catch((e) => e);
      expect(err).toMatchObject({ code: "bad_response" });
    }
  });

  it("keeps only well-formed propositions and unexpired messages from an answer of the wrong shape", async () => {
    const good = { id: "p", placement: "hero", items: [], fallback: false };
    const message = { id: "m", kind: "banner", body: "Hi", trackingToken: "t", expiresAt: Date.now() + 60_000 };
    const edge = fakeEdge(() =>
      json({
        pcid: 7,
        propositions: [null, "x", { placement: 1, items: [] }, { placement: "side", items: "nope" }, good],
        messages: [message, { ...message, id: "old", expiresAt: Date.now() - 1 }, { ...message, kind: "popup" }, { id: "m2" }, 3],
      }),
    );
    const client = createClient({ edgeUrl, datastream: "demo", fetch: edge.fetch });
    const res = await client.interact([createEvent("a")]);
    expect(res.propositions).toEqual([good]);
    expect(res.messages).toEqual([message]);
    expect(client.pcid()).toBeUndefined(); // a non-string id is not kept

    edge.handlers["/v1/interact"] = () => json({ propositions: { hero: good }, messages: "none" });
    expect(await client.interact([createEvent("b")])).toMatchObject({ propositions: [], messages: [] });
  });

  it("hands a collect body to a beacon once the device id is known", () => {
    const storage = memoryStorage();
    const client = createClient({ edgeUrl, datastream: "demo", storage });
    const beacons: [string, string][] = [];
    const send = (url: string, body: string) => beacons.push([url, body]) > 0;
    expect(client.beacon([createEvent("a")], send)).toBe(false); // no id yet: the edge would mint a new one
    storage.setItem(PCID_KEY, "pc-1");
    expect(client.beacon([createEvent("a")], send)).toBe(true);
    expect(beacons[0][0]).toBe("https://edge.example/v1/collect?datastream=demo");
    expect(JSON.parse(beacons[0][1])).toMatchObject({ pcid: "pc-1", events: [{ type: "a" }] });
  });
});
