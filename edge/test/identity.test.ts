import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signIdentity } from "../src/identity/signature";
import { admin, eventually, postJson, seed } from "./helpers";
import { client, lookup, secretOf, signed } from "./visitors";

describe("identity stitching", () => {
  it("merges an anonymous device into the known profile at login, and a second device too, counting exactly", async () => {
    const { sandbox, datastream } = await seed();
    const laptop = client(datastream);
    const first = await laptop.send("interact", { events: [{ id: "l-1", type: "page.view" }], placements: ["hero"] });
    const token = first.body!.propositions[0].items[0].trackingToken;
    await laptop.send("collect", { events: [{ id: "l-2", type: "proposition.display", data: { tokens: [token] } }] });
    await laptop.send("interact", { identify: [await signed(datastream, "email", "ada@example.com")], events: [{ id: "l-3", type: "identity.login" }] });

    const phone = client(datastream);
    await phone.send("interact", { events: [{ id: "p-1", type: "page.view" }], placements: ["hero"] });
    await phone.send("interact", {
      identify: [await signed(datastream, "email", "ada@example.com")],
      events: [{ id: "p-2", type: "profile.update", data: { set: { tier: "gold" } } }],
    });

    const byEmail = await lookup(sandbox, "email", "Ada@Example.com");
    expect(byEmail).not.toBeNull();
    expect(byEmail!.known).toBe(true);
    expect(byEmail!.identities.map((i) => `${i.namespace}:${i.value}:${i.authenticated}`).sort()).toEqual(
      [`email:ada@example.com:true`, `pcid:${laptop.pcid()}:false`, `pcid:${phone.pcid()}:false`].sort(),
    );
    expect(byEmail!.eventCount).toBe(5);
    expect(byEmail!.attributes).toEqual({ tier: "gold" });
    expect(byEmail!.counters["spring-sale"]).toEqual({ decisions: 2, displays: 1, clicks: 0 });

    // Both devices now reach the same profile, whichever cookie they send.
    expect((await lookup(sandbox, "pcid", laptop.pcid()))!.id).toBe(byEmail!.id);
    expect((await lookup(sandbox, "pcid", phone.pcid()))!.id).toBe(byEmail!.id);
    await phone.send("collect", { events: [{ id: "p-3", type: "page.view" }] });
    expect((await lookup(sandbox, "email", "ada@example.com"))!.eventCount).toBe(6);

    // The graph in D1 follows: every identity points at the survivor.
    const rows = await eventually(async () => {
      const { results } = await env.DB.prepare("SELECT namespace, profile_id FROM identities WHERE sandbox_id = ?").bind(sandbox).all<{ namespace: string; profile_id: string }>();
      return results.length === 3 ? results : null;
    });
    expect(new Set(rows.map((r) => r.profile_id))).toEqual(new Set([byEmail!.id]));
  });

  it("agrees on one profile when two devices log in with the same new email at the same time, and repeated logins change nothing", async () => {
    const { sandbox, datastream } = await seed();
    const a = client(datastream);
    const b = client(datastream);
    await Promise.all([a.send("collect", { events: [{ id: "a-0", type: "page.view" }] }), b.send("collect", { events: [{ id: "b-0", type: "page.view" }] })]);
    const claim = await signed(datastream, "email", "grace@example.com");
    const results = await Promise.all([
      a.send("interact", { identify: [claim], events: [{ id: "a-1", type: "identity.login" }] }),
      b.send("interact", { identify: [claim], events: [{ id: "b-1", type: "identity.login" }] }),
      a.send("interact", { identify: [claim], events: [{ id: "a-1", type: "identity.login" }] }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const profile = (await lookup(sandbox, "email", "grace@example.com"))!;
    expect(profile.eventCount).toBe(4); // a-0, b-0, a-1, b-1: the retried a-1 counted once
    expect((await lookup(sandbox, "pcid", a.pcid()))!.id).toBe(profile.id);
    expect((await lookup(sandbox, "pcid", b.pcid()))!.id).toBe(profile.id);
    const { n } = (await env.DB.prepare("SELECT count(DISTINCT profile_id) AS n FROM identities WHERE sandbox_id = ? AND namespace = 'email'").bind(sandbox).first<{ n: number }>())!;
    expect(n).toBe(1);
  });
});

describe("signed identities", () => {
  it("rejects forged and expired signatures with the field path, and changes nothing", async () => {
    const { sandbox, datastream } = await seed();
    const device = client(datastream);
    await device.send("interact", {});
    const good = await signed(datastream, "email", "eve@example.com");
    const forged = await device.send("interact", { identify: [{ ...good, value: "ada@example.com" }] });
    expect(forged.status).toBe(401);
    expect(forged.body!.error!.code).toBe("invalid_signature");
    expect(forged.body!.error!.details).toEqual([{ path: "identify.0.signature", message: expect.stringContaining("does not match") }]);
    const old = await signed(datastream, "email", "eve@example.com", -5);
    const expired = await device.send("interact", { identify: [old] });
    expect(expired.status).toBe(401);
    expect(expired.body!.error!.details![0]).toMatchObject({ path: "identify.0.signature", message: expect.stringContaining("expired") });
    const otherSecret = { ...good, signature: await signIdentity("not-the-secret", "email", "eve@example.com", good.expires) };
    expect((await device.send("interact", { identify: [otherSecret] })).status).toBe(401);
    expect(await lookup(sandbox, "email", "eve@example.com")).toBeNull();
  });

  it("keeps an unsigned email as ambiguous and never merges on it", async () => {
    const { sandbox, datastream } = await seed();
    const owner = client(datastream);
    await owner.send("interact", { identify: [await signed(datastream, "email", "ada@example.com")] });
    const stranger = client(datastream);
    await stranger.send("interact", { identities: [{ namespace: "email", value: "ada@example.com" }], events: [{ type: "page.view" }] });
    const strangerProfile = (await lookup(sandbox, "pcid", stranger.pcid()))!;
    const ownerProfile = (await lookup(sandbox, "email", "ada@example.com"))!;
    expect(strangerProfile.id).not.toBe(ownerProfile.id);
    expect(strangerProfile.identities).toContainEqual({ namespace: "email", value: "ada@example.com", authenticated: false });
    expect(strangerProfile.known).toBe(false);
    expect(ownerProfile.identities.some((i) => i.value === stranger.pcid())).toBe(false);
  });
});

describe("profile limits and retention", () => {
  it("rejects an update that would make the profile larger than 100 KB and keeps the rest", async () => {
    const { sandbox, datastream } = await seed();
    const device = client(datastream);
    const big = "x".repeat(9 * 1024);
    for (let i = 0; i < 12; i++) {
      const res = await device.send("interact", { events: [{ id: `u-${i}`, type: "profile.update", data: { set: { [`blob${i}`]: big } } }] });
      expect(res.status).toBe(200);
      if (i === 11) expect((res.body as unknown as { rejected: { index: number }[] }).rejected).toEqual([{ index: 0, reasons: [{ path: "data.set", message: expect.stringContaining("102400") }] }]);
    }
    const profile = (await lookup(sandbox, "pcid", device.pcid()))!;
    expect(Object.keys(profile.attributes)).toHaveLength(11); // 11 × 9 KB fit in 100 KB, the 12th does not
  });

  it("keeps at most 5,000 events, dropping the oldest first", { timeout: 60_000 }, async () => {
    const { sandbox, datastream } = await seed();
    const device = client(datastream);
    const total = 5_750;
    for (let i = 0; i < total; i += 50) {
      const res = await device.send("collect", { events: Array.from({ length: 50 }, (_, k) => ({ id: `e-${i + k}`, type: "page.view" })) });
      expect(res.status).toBe(204);
    }
    const stub = env.PROFILE.get(env.PROFILE.idFromName(`${sandbox}:${device.pcid()}`));
    const stored = await runInDurableObject(stub, (_obj, state) => ({
      n: state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM events").one().n,
      oldest: state.storage.sql.exec("SELECT 1 FROM events WHERE id = 'e-0'").toArray().length,
      newest: state.storage.sql.exec(`SELECT 1 FROM events WHERE id = 'e-${total - 1}'`).toArray().length,
    }));
    expect(stored).toEqual({ n: 5_000, oldest: 0, newest: 1 });
  });

  it("stores each event of a request once, however often it comes, and counts it once", async () => {
    const { sandbox, datastream } = await seed();
    const device = client(datastream);
    const batch = [
      { id: "v-1", type: "page.view" },
      { id: "v-2", type: "page.view" },
      { id: "v-1", type: "page.view" }, // the same event twice in one request
      { id: "c-1", type: "cart.add" },
    ];
    expect((await device.send("collect", { events: batch })).status).toBe(204);
    // A retry of the whole request, and one new event.
    expect((await device.send("collect", { events: [...batch, { id: "v-3", type: "page.view" }] })).status).toBe(204);
    const stub = env.PROFILE.get(env.PROFILE.idFromName(`${sandbox}:${device.pcid()}`));
    const stored = await runInDurableObject(stub, (_obj, state) => ({
      events: state.storage.sql.exec<{ id: string }>("SELECT id FROM events WHERE id NOT LIKE 'audience.%' ORDER BY rowid").toArray().map((r) => r.id),
      // Daily counts per type (a run across midnight may split them over two days).
      daily: state.storage.sql.exec<{ type: string; n: number }>("SELECT type, sum(n) AS n FROM event_daily WHERE type IN ('page.view', 'cart.add') GROUP BY type ORDER BY type").toArray(),
    }));
    expect(stored).toEqual({
      events: ["v-1", "v-2", "c-1", "v-3"],
      daily: [{ type: "cart.add", n: 1 }, { type: "page.view", n: 3 }],
    });
  });

  it("keeps at most 50 identities, dropping the oldest first", { timeout: 30_000 }, async () => {
    const { sandbox } = await seed();
    const { key } = (await (await admin("POST", `/sandboxes/${sandbox}/api-keys`, { name: "crm" })).json()) as { key: string };
    const events = Array.from({ length: 55 }, (_, i) => ({ id: `id-${i}`, type: "crm.sync", identities: { crmId: "C-1", email: `alias${i}@example.com` } }));
    for (const e of events) {
      const res = await postJson("/v1/events", { events: [e] }, { authorization: `Bearer ${key}` });
      expect(res.status).toBe(200);
    }
    const profile = (await lookup(sandbox, "crmId", "C-1"))!;
    expect(profile.identities).toHaveLength(50);
    expect(profile.identities.some((i) => i.value === "alias0@example.com")).toBe(false);
    expect(profile.identities.some((i) => i.value === "alias54@example.com")).toBe(true);
  });

  it("expires an anonymous profile idle past the retention, with its D1 rows", async () => {
    const { sandbox, datastream } = await seed();
    const device = client(datastream);
    await device.send("collect", { events: [{ id: "r-1", type: "page.view" }] });
    await device.send("interact", {});
    await eventually(async () => (await env.DB.prepare("SELECT 1 AS x FROM events WHERE id = 'r-1' AND sandbox_id = ?").bind(sandbox).first()) ?? null);
    const stub = env.PROFILE.get(env.PROFILE.idFromName(`${sandbox}:${device.pcid()}`));
    await runInDurableObject(stub, (_obj, state) => {
      state.storage.sql.exec("UPDATE meta SET value = ? WHERE key = 'last_seen'", String(Date.now() - 31 * 86400_000));
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await lookup(sandbox, "pcid", device.pcid())).toBeNull();
    await eventually(async () =>
      (await env.DB.prepare("SELECT count(*) AS n FROM events WHERE sandbox_id = ? AND id = 'r-1'").bind(sandbox).first<{ n: number }>())!.n === 0,
    );
  });
});

describe("datastream secrets", () => {
  it("rotates the signing secret, shows it once, and old signatures stop working", async () => {
    const { sandbox, datastream } = await seed();
    const old = await signed(datastream, "email", "rot@example.com");
    const res = await admin("POST", `/sandboxes/${sandbox}/datastreams/${datastream}/secret`);
    expect(res.status).toBe(201);
    const { secret } = (await res.json()) as { secret: string };
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(await (await admin("GET", `/sandboxes/${sandbox}/datastreams`)).text()).not.toContain(secret);
    const device = client(datastream);
    expect((await device.send("interact", { identify: [old] })).status).toBe(401);
    const expires = Math.floor(Date.now() / 1000) + 600;
    const fresh = { namespace: "email", value: "rot@example.com", expires, signature: await signIdentity(secret, "email", "rot@example.com", expires) };
    expect((await device.send("interact", { identify: [fresh] })).status).toBe(200);
  });
});

describe("identity lookups", () => {
  it("answers repeated lookups from the KV cache, and still finds the survivor after a merge", async () => {
    const { sandbox } = await seed();
    const { key } = (await (await admin("POST", `/sandboxes/${sandbox}/api-keys`, { name: "k" })).json()) as { key: string };
    const bulk = (events: unknown[]) => postJson("/v1/events", { events }, { authorization: `Bearer ${key}` });
    await bulk([{ id: "c-1", type: "x", identities: { email: "cache@example.com" } }]);
    const first = (await lookup(sandbox, "email", "cache@example.com"))!;
    expect(await env.CONFIG.get(`idg/${sandbox}/email/cache%40example.com`)).toBe(first.id);
    // crmId outranks email: linking them makes the crmId's profile the survivor.
    await bulk([{ id: "c-2", type: "x", identities: { crmId: "K-1" } }]);
    await bulk([{ id: "c-3", type: "x", identities: { crmId: "K-1", email: "cache@example.com" } }]);
    const after = (await lookup(sandbox, "email", "cache@example.com"))!;
    expect(after.id).toBe((await lookup(sandbox, "crmId", "K-1"))!.id);
    expect(after.eventCount).toBe(3);
  });
});
