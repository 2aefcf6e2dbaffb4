/**
 * Audiences through the real Worker: saved with validation, published with the snapshot, kept
 * current in the profile's object on every event, and deciding what a visitor sees next.
 */
import { describe, expect, it } from "vitest";
import { admin, call, postJson, seed, TOKEN } from "./helpers";
import { client, lookup, signed } from "./visitors";

type Envelope = { error: { code: string; details?: { path: string; message: string }[] } };
type ProfileWithAudiences = { audiences: { audience: string; member: boolean; enteredAt: number | null; exitedAt: number | null }[]; events: { type: string; data: { audience?: string } }[] };

const hero = (answer: { body: { propositions: { placement: string; items: { offerId: string }[] }[] } | null }) =>
  answer.body!.propositions.find((p) => p.placement === "hero")?.items[0]?.offerId;

async function addOffer(sandbox: string, id: string, priority: number, eligibility: unknown) {
  const res = await admin("POST", `/sandboxes/${sandbox}/offers`, {
    id, name: id, status: "approved", priority, eligibility,
    representations: [{ placement: "hero", format: "html", content: `<p>${id}</p>` }],
  });
  expect(res.status, await res.clone().text()).toBe(201);
}

async function publish(sandbox: string) {
  expect((await admin("POST", `/sandboxes/${sandbox}/publish`)).status).toBe(201);
}

describe("audiences at the edge", () => {
  it("puts a visitor in an audience on their third product view in a day, which changes the very next offer", async () => {
    const { sandbox, datastream } = await seed();
    const created = await admin("POST", `/sandboxes/${sandbox}/audiences`, {
      id: "keen-browsers", name: "Keen browsers",
      rule: { $event: { type: "product.view", within: "1d", is: { $gte: 3 } } },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    await addOffer(sandbox, "for-keen-browsers", 100, { audience: "keen-browsers" });
    await publish(sandbox);

    const visitor = client(datastream);
    const view = (n: number) => visitor.send("interact", { events: [{ id: `v-${n}`, type: "product.view", data: { sku: `S-${n}` } }], placements: ["hero"] });
    expect(hero(await view(1))).toBe("spring-sale");
    expect(hero(await view(2))).toBe("spring-sale");
    await view(3);
    expect(hero(await visitor.send("interact", { events: [], placements: ["hero"] }))).toBe("for-keen-browsers");
    // A retried third view changes nothing.
    await view(3);

    const profile = (await lookup(sandbox, "pcid", visitor.pcid())) as unknown as ProfileWithAudiences;
    expect(profile.audiences).toEqual([{ audience: "keen-browsers", member: true, enteredAt: expect.any(Number), exitedAt: null }]);
    expect(profile.events.filter((e) => e.type.startsWith("audience.")).map((e) => `${e.type}:${e.data.audience}`)).toEqual(["audience.entered:keen-browsers"]);
  });

  it("records an exit when the profile stops matching, and judges context rules with the request", async () => {
    const { sandbox, datastream } = await seed();
    expect((await admin("POST", `/sandboxes/${sandbox}/audiences`, { id: "gold", name: "Gold members", rule: { "profile.tier": "gold" } })).status).toBe(201);
    await addOffer(sandbox, "spring-campaign", 50, { rule: { "context.utm.campaign": "spring" } });
    await publish(sandbox);

    const visitor = client(datastream);
    const page = (url: string) => visitor.send("interact", { events: [{ type: "page.view", data: { url } }], placements: ["hero"] });
    expect(hero(await page("https://shop.test/?utm_campaign=spring"))).toBe("spring-campaign");
    expect(hero(await page("https://shop.test/"))).toBe("spring-sale");

    await visitor.send("collect", { events: [{ type: "profile.update", data: { set: { tier: "gold" } } }] });
    await visitor.send("collect", { events: [{ type: "profile.update", data: { set: { tier: "silver" } } }] });
    const profile = (await lookup(sandbox, "pcid", visitor.pcid())) as unknown as ProfileWithAudiences;
    expect(profile.audiences).toEqual([{ audience: "gold", member: false, enteredAt: expect.any(Number), exitedAt: expect.any(Number) }]);
    expect(profile.events.filter((e) => e.type.startsWith("audience.")).map((e) => e.type).reverse()).toEqual(["audience.entered", "audience.exited"]);
  });
});

describe("audiences after a merge", () => {
  it("looks at every audience again once two profiles are one person: their events and attributes together", async () => {
    const { sandbox, datastream } = await seed();
    await admin("POST", `/sandboxes/${sandbox}/audiences`, { id: "keen", name: "Keen", rule: { $event: { type: "product.view", within: "1d", is: { $gte: 3 } } } });
    await admin("POST", `/sandboxes/${sandbox}/audiences`, { id: "gold", name: "Gold", rule: { "profile.tier": "gold" } });
    await publish(sandbox);
    const claim = await signed(datastream, "email", "merge@example.com");
    const phone = client(datastream);
    await phone.send("interact", { identify: [claim], events: [{ id: "p1", type: "product.view" }] });
    const laptop = client(datastream);
    await laptop.send("collect", { events: [{ id: "l1", type: "product.view" }, { id: "l2", type: "product.view" }] });
    // An hour-old attribute from the laptop: no window moves because of it.
    await laptop.send("collect", { events: [{ id: "l0", type: "profile.update", timestamp: Date.now() - 3600_000, data: { set: { tier: "gold" } } }] });
    expect(((await lookup(sandbox, "pcid", laptop.pcid())) as unknown as ProfileWithAudiences).audiences.map((a) => a.audience)).toEqual(["gold"]);
    await laptop.send("interact", { identify: [claim], events: [{ id: "l3", type: "identity.login" }] });
    const merged = (await lookup(sandbox, "email", "merge@example.com")) as unknown as ProfileWithAudiences;
    expect(merged.audiences).toEqual([expect.objectContaining({ audience: "gold", member: true }), expect.objectContaining({ audience: "keen", member: true })]);
  });
});

describe("audiences follow imports", () => {
  it("moves a known visitor into an audience when an import changes their attributes", async () => {
    const { sandbox, datastream } = await seed();
    expect((await admin("POST", `/sandboxes/${sandbox}/audiences`, { id: "gold", name: "Gold", rule: { "profile.tier": "gold" } })).status).toBe(201);
    await publish(sandbox);
    const visitor = client(datastream);
    await visitor.send("interact", { identify: [await signed(datastream, "email", "imp@example.com")], events: [{ type: "identity.login" }] });
    const res = await call(`/admin/api/sandboxes/${sandbox}/imports/profiles?format=csv`, {
      method: "POST", headers: { authorization: `Bearer ${TOKEN}` }, body: "email,tier\r\nimp@example.com,gold\r\n",
    });
    expect(await res.json()).toMatchObject({ updated: 1 });
    const profile = (await lookup(sandbox, "email", "imp@example.com")) as unknown as ProfileWithAudiences;
    expect(profile.audiences).toEqual([{ audience: "gold", member: true, enteredAt: expect.any(Number), exitedAt: null }]);
  });
});

describe("audience admin routes", () => {
  it("refuses bad rules, unknown references and cycles with the path, and audiences still in use", async () => {
    const { sandbox } = await seed();
    const post = (body: unknown) => admin("POST", `/sandboxes/${sandbox}/audiences`, body);
    const bad = await post({ id: "bad", name: "Bad", rule: { "profile.email": { $regex: "(a+)+" }, $and: [{ $foo: 1 }] } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Envelope).error.details!.map((d) => d.path)).toEqual(["rule.profile.email.$regex", "rule.$and.0.$foo"]);

    const unknown = await post({ id: "a", name: "A", rule: { $audience: "b" } });
    expect(((await unknown.json()) as Envelope).error.details).toEqual([{ path: "rule", message: 'No audience "b" in this sandbox' }]);

    expect((await post({ id: "b", name: "B", rule: { "profile.x": 1 } })).status).toBe(201);
    expect((await post({ id: "a", name: "A", rule: { $audience: "b" } })).status).toBe(201);
    const cycle = await admin("PUT", `/sandboxes/${sandbox}/audiences/b`, { name: "B", rule: { $audience: "a" } });
    expect(cycle.status).toBe(400);
    expect(((await cycle.json()) as Envelope).error.details![0].message).toContain("a → b → a");

    await addOffer(sandbox, "for-a", 1, { audience: "a" });
    const inUse = await admin("DELETE", `/sandboxes/${sandbox}/audiences/b`);
    expect(inUse.status).toBe(409);
    expect(((await inUse.json()) as Envelope).error.details!.map((d) => d.message)).toEqual(["Used by audience a"]);
    expect((await admin("DELETE", `/sandboxes/${sandbox}/audiences/a`)).status).toBe(409);

    const offer = await admin("POST", `/sandboxes/${sandbox}/offers`, {
      name: "x", representations: [{ placement: "hero", format: "html", content: "x" }], eligibility: { audience: "nobody" },
    });
    expect(((await offer.json()) as Envelope).error.details).toEqual([{ path: "eligibility.audience", message: 'No audience "nobody" in this sandbox' }]);
  });

  it("evaluates a rule against a given profile and says which clauses matched", async () => {
    const now = Date.UTC(2026, 11, 1);
    const res = await postJson("/admin/api/audiences/evaluate", {
      rule: { "profile.tier": "gold", $event: { type: "order.placed", within: "7d", aggregate: "sum", field: "total", is: { $gte: 100 } } },
      profile: { tier: "gold" },
      events: [
        { type: "order.placed", timestamp: now - 3600_000, payload: { total: 60 } },
        { type: "order.placed", timestamp: new Date(now - 8 * 86_400_000).toISOString(), payload: { total: 500 } },
      ],
      now,
    }, { authorization: "Bearer test-admin-token" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      match: false,
      explanation: [
        { clause: "profile.tier", path: "profile.tier", match: true, condition: "gold" },
        { clause: "$event", path: "$event", match: false, measured: 60, condition: expect.any(Object) },
      ],
    });
    const unauthorised = await call("/admin/api/audiences/evaluate", { method: "POST", body: "{}" });
    expect(unauthorised.status).toBe(401);
    const invalid = await postJson("/admin/api/audiences/evaluate", { rule: { x: 1 } }, { authorization: "Bearer test-admin-token" });
    expect(((await invalid.json()) as Envelope).error.details![0].path).toBe("rule.x");
  });
});

describe("list audiences", () => {
  it("puts the people of an uploaded list in the audience, known now or turning up later, at the edge and in batch", async () => {
    const { sandbox, datastream } = await seed();
    expect((await admin("POST", `/sandboxes/${sandbox}/audiences`, { id: "vip-list", name: "VIP list", kind: "list" })).status).toBe(201);
    const upload = await call(`/admin/api/sandboxes/${sandbox}/audiences/vip-list/list?format=csv`, {
      method: "PUT", headers: { authorization: `Bearer ${TOKEN}` }, body: "email,note\r\nList1@Example.com,a\r\nnot-an-email,b\r\nlater@example.com,c\r\n",
    });
    expect(upload.status, await upload.clone().text()).toBe(200);
    expect(await upload.json()).toMatchObject({ rows: 3, identities: 2, rejected: 1, rejects: [{ line: 3, reasons: [{ path: "email" }] }] });

    const imported = await call(`/admin/api/sandboxes/${sandbox}/imports/profiles?format=csv`, {
      method: "POST", headers: { authorization: `Bearer ${TOKEN}` }, body: "email,tier\r\nlist1@example.com,gold\r\nother@example.com,gold\r\n",
    });
    expect(await imported.json()).toMatchObject({ created: 2 });
    const run = await admin("POST", `/sandboxes/${sandbox}/audiences/run`);
    expect(await run.json()).toMatchObject({ profiles: 2, sizes: { "vip-list": 1 } });

    await addOffer(sandbox, "vip-only", 100, { audience: "vip-list" });
    await publish(sandbox);
    for (const email of ["list1@example.com", "later@example.com", "other@example.com"]) {
      const visitor = client(datastream);
      const answer = await visitor.send("interact", { identify: [await signed(datastream, "email", email)], events: [{ type: "identity.login" }], placements: ["hero"] });
      expect(hero(answer), email).toBe(email === "other@example.com" ? "spring-sale" : "vip-only");
      const profile = (await lookup(sandbox, "email", email)) as unknown as ProfileWithAudiences;
      expect(profile.audiences.some((a) => a.audience === "vip-list" && a.member), email).toBe(email !== "other@example.com");
    }
  });

  it("takes lists only for list audiences, and rules only for rule audiences", async () => {
    const { sandbox } = await seed();
    expect((await admin("POST", `/sandboxes/${sandbox}/audiences`, { id: "r", name: "R" })).status).toBe(400);
    expect((await admin("POST", `/sandboxes/${sandbox}/audiences`, { id: "r", name: "R", rule: { "profile.a": 1 } })).status).toBe(201);
    const wrong = await call(`/admin/api/sandboxes/${sandbox}/audiences/r/list?format=csv`, { method: "PUT", headers: { authorization: `Bearer ${TOKEN}` }, body: "email\r\na@example.com\r\n" });
    expect(wrong.status).toBe(409);
    const missing = await call(`/admin/api/sandboxes/${sandbox}/audiences/nope/list?format=csv`, { method: "PUT", headers: { authorization: `Bearer ${TOKEN}` }, body: "email\r\n" });
    expect(missing.status).toBe(404);
  });
});
