/**
 * Cold profiles: imports write people never reached at the edge straight to D1, and the
 * profile's object takes the state over on first use. Whatever the order of imports, logins,
 * server events and lookups, nothing written may be lost or applied twice.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { database } from "../src/db";
import { takeOver, writeCold } from "../src/profiles/cold";
import { admin, call, eventually, postJson, seed, TOKEN } from "./helpers";
import { client, lookup, signed } from "./visitors";

type Summary = { rows: number; created: number; updated: number; rejected: number };

async function importCsv(sandbox: string, csv: string): Promise<Summary> {
  const res = await call(`/admin/api/sandboxes/${sandbox}/imports/profiles?format=csv`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}` },
    body: csv,
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Summary;
}

type Row = { id: string; cold: number; attributes: string; stamps: string; rev: number; known: number };
const rowOf = (sandbox: string, id: string) => env.DB.prepare("SELECT id, cold, attributes, stamps, rev, known FROM profiles WHERE sandbox_id = ? AND id = ?").bind(sandbox, id).first<Row>();
const ownerOf = async (sandbox: string, ns: string, value: string) =>
  (await env.DB.prepare("SELECT profile_id FROM identities WHERE sandbox_id = ? AND namespace = ? AND value = ?").bind(sandbox, ns, value).first<{ profile_id: string }>())?.profile_id;

describe("cold profiles", () => {
  it("keeps an imported profile in D1 only, until its object is first reached", async () => {
    const { sandbox } = await seed();
    expect(await importCsv(sandbox, "email,crmId,tier,points,updatedAt\r\nada@example.com,C-1,gold,120,2026-11-29T10:00:00Z\r\n")).toMatchObject({ created: 1 });
    const id = (await ownerOf(sandbox, "email", "ada@example.com"))!;
    expect(await ownerOf(sandbox, "crmId", "C-1")).toBe(id);
    const row = (await rowOf(sandbox, id))!;
    expect(row).toMatchObject({ cold: 1, known: 1, rev: 1 });
    expect(JSON.parse(row.attributes)).toEqual({ tier: "gold", points: 120 });
    expect(JSON.parse(row.stamps)).toEqual({ tier: Date.parse("2026-11-29T10:00:00Z"), points: Date.parse("2026-11-29T10:00:00Z") });

    // A second import of the same person updates the cold row, newest write per attribute.
    const second = "email,tier,city,updatedAt\r\nada@example.com,silver,Lyon,2026-01-01T00:00:00Z\r\n";
    expect(await importCsv(sandbox, second)).toMatchObject({ created: 0, updated: 1 });
    expect(JSON.parse((await rowOf(sandbox, id))!.attributes)).toEqual({ tier: "gold", points: 120, city: "Lyon" });

    // The console's lookup reaches the object, which takes the state over.
    const profile = (await lookup(sandbox, "crmId", "C-1"))!;
    expect(profile.id).toBe(id);
    expect(profile.known).toBe(true);
    expect(profile.attributes).toEqual({ tier: "gold", points: 120, city: "Lyon" });
    expect(profile.identities.map((i) => `${i.namespace}:${i.value}:${i.authenticated}`).sort()).toEqual(["crmId:C-1:true", "email:ada@example.com:true"]);
    expect((await rowOf(sandbox, id))!.cold).toBe(0);

    // From now on imports go to the object, which keeps applying newest-write-wins.
    expect(await importCsv(sandbox, "email,points,updatedAt\r\nada@example.com,130,2026-11-30T00:00:00Z\r\n")).toMatchObject({ updated: 1 });
    expect((await lookup(sandbox, "email", "ada@example.com"))!.attributes).toEqual({ tier: "gold", points: 130, city: "Lyon" });
  });

  it("does not create a row for a lookup of someone nobody knows", async () => {
    const { sandbox } = await seed();
    expect(await lookup(sandbox, "pcid", "AAAAAAAAAAAAAAAAAAAAAA")).toBeNull();
    const { n } = (await env.DB.prepare("SELECT count(*) AS n FROM profiles WHERE sandbox_id = ?").bind(sandbox).first<{ n: number }>())!;
    expect(n).toBe(0);
  });

  it("gives an imported person's attributes to the visitor who logs in as them, with the device merged in", async () => {
    const { sandbox, datastream } = await seed();
    await importCsv(sandbox, "email,firstName,tier\r\ngrace@example.com,Grace,platinum\r\n");
    const id = (await ownerOf(sandbox, "email", "grace@example.com"))!;

    const browser = client(datastream);
    await browser.send("interact", { events: [{ id: "g-1", type: "page.view" }], placements: ["hero"] });
    const login = await browser.send("interact", {
      identify: [await signed(datastream, "email", "grace@example.com")],
      events: [{ id: "g-2", type: "identity.login" }, { id: "g-3", type: "profile.update", data: { set: { city: "Paris" } } }],
    });
    expect(login.status).toBe(200);

    const profile = (await lookup(sandbox, "pcid", browser.pcid()))!;
    expect(profile.id).toBe(id);
    expect(profile.attributes).toEqual({ firstName: "Grace", tier: "platinum", city: "Paris" });
    expect(profile.eventCount).toBe(3);
    expect(profile.counters["spring-sale"].decisions).toBe(1);
    expect(profile.identities.map((i) => i.namespace).sort()).toEqual(["email", "pcid"]);
  });

  it("puts an imported device id's attributes on the profile that browser reaches with its cookie", async () => {
    const { sandbox, datastream } = await seed();
    const pcid = "Dev1ce-imported-000001";
    const res = await postJson(`/v1/collect?datastream=${datastream}`, { events: [{ id: "d-1", type: "page.view" }] }, { cookie: `pcid=${pcid}` });
    expect(res.status).toBe(204);
    expect(await importCsv(sandbox, `pcid,email,segment\r\n${pcid},dev@example.com,returning\r\n`)).toMatchObject({ rejected: 0 });
    const byCookie = (await lookup(sandbox, "pcid", pcid))!;
    expect(byCookie.id).toBe(pcid);
    expect(byCookie.attributes).toEqual({ segment: "returning" });
    expect(byCookie.eventCount).toBe(1);
    expect((await lookup(sandbox, "email", "dev@example.com"))!.id).toBe(pcid);
  });

  it("loses no attribute when imports of one person race each other and a login", async () => {
    const { sandbox, datastream } = await seed();
    await importCsv(sandbox, "email,seed\r\nrace@example.com,0\r\n");
    const browser = client(datastream);
    await browser.send("collect", { events: [{ id: "r-0", type: "page.view" }] });
    const imports = Array.from({ length: 12 }, (_, i) => importCsv(sandbox, `email,a${i},updatedAt\r\nrace@example.com,${i},${1_700_000_000_000 + i}\r\n`));
    const claim = await signed(datastream, "email", "race@example.com");
    const [login, ...summaries] = await Promise.all([browser.send("interact", { identify: [claim], events: [{ id: "r-1", type: "identity.login" }] }), ...imports]);
    expect(login.status).toBe(200);
    expect(summaries.every((s) => s.updated === 1 && s.rejected === 0)).toBe(true);

    const profile = (await lookup(sandbox, "email", "race@example.com"))!;
    expect(profile.attributes).toEqual({ seed: 0, ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`a${i}`, i])) });
    expect(profile.identities.some((i) => i.namespace === "pcid" && i.value === browser.pcid())).toBe(true);
  });

  it("counts server events of an imported person exactly once on the object that takes it over", async () => {
    const { sandbox } = await seed();
    await importCsv(sandbox, "crmId,plan\r\nK-9,pro\r\n");
    const key = ((await (await admin("POST", `/sandboxes/${sandbox}/api-keys`, { name: "crm" })).json()) as { key: string }).key;
    const events = [
      { id: "o-1", type: "order.placed", identities: { crmId: "K-9" }, data: { total: 10 } },
      { id: "o-2", type: "order.placed", identities: { crmId: "K-9" }, data: { total: 20 } },
    ];
    const send = () => postJson("/v1/events", { events }, { authorization: `Bearer ${key}` });
    const answers = await Promise.all([send(), send()]);
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as { accepted: number; duplicates: number }[];
    expect(bodies.reduce((n, b) => n + b.accepted, 0)).toBe(2);
    expect(bodies.reduce((n, b) => n + b.duplicates, 0)).toBe(2);

    const profile = (await lookup(sandbox, "crmId", "K-9"))!;
    expect(profile.attributes).toEqual({ plan: "pro" });
    expect(profile.eventCount).toBe(2);
    await eventually(async () => {
      const { n } = (await env.DB.prepare("SELECT count(*) AS n FROM events WHERE sandbox_id = ? AND profile_id = ?").bind(sandbox, profile.id).first<{ n: number }>())!;
      return n === 2;
    });
  });

  it("merges two imported people when a later row shows they are one, keeping every attribute", async () => {
    const { sandbox } = await seed();
    await importCsv(sandbox, "email,crmId,tier\r\nlin@example.com,,gold\r\n,L-1,\r\n");
    await importCsv(sandbox, "crmId,points\r\nL-1,7\r\n");
    const byEmail = (await ownerOf(sandbox, "email", "lin@example.com"))!;
    const byCrm = (await ownerOf(sandbox, "crmId", "L-1"))!;
    expect(byEmail).not.toBe(byCrm);

    expect(await importCsv(sandbox, "email,crmId,city\r\nlin@example.com,L-1,Berlin\r\n")).toMatchObject({ updated: 1, rejected: 0 });
    const profile = (await lookup(sandbox, "email", "lin@example.com"))!;
    expect(profile.id).toBe(byCrm); // crmId outranks email
    expect(profile.attributes).toEqual({ tier: "gold", points: 7, city: "Berlin" });
    expect(profile.mergedFrom).toEqual([byEmail]);
    expect(await rowOf(sandbox, byEmail)).toBeNull();
  });

  it("never writes a cold row for a profile whose object has started, even one an import has just minted", async () => {
    const { sandbox } = await seed();
    const db = database(env.DB);
    const write = (id: string, rev: number) => writeCold(db, sandbox, [{ id, rev, attributes: { tier: { value: "gold", ts: 1 } }, firstSeen: 1, lastSeen: 1 }]);
    // The object of a brand-new id starts first (a login that found the id in the graph)…
    expect(await takeOver(env.DB, sandbox, "minted-1", Date.now(), true)).toBeNull();
    // …so the import that minted it finds the row warm and must hand its record to the object.
    expect(await write("minted-1", 0)).toEqual(new Set());
    // A read-only look leaves no row behind, and the import proceeds cold.
    expect(await takeOver(env.DB, sandbox, "minted-2", Date.now(), false)).toBeNull();
    expect(await write("minted-2", 0)).toEqual(new Set(["minted-2"]));
    // A writer that read an older revision loses to the one that wrote since.
    expect(await write("minted-2", 0)).toEqual(new Set());
    expect(await write("minted-2", 1)).toEqual(new Set(["minted-2"]));
  });

  it("takes the state again when an earlier take-over stopped before the object stored it", async () => {
    const { sandbox } = await seed();
    await importCsv(sandbox, "email,tier\r\nhalf@example.com,bronze\r\n");
    const id = (await ownerOf(sandbox, "email", "half@example.com"))!;
    // What D1 holds if the object stopped between D1's commit and its own.
    await env.DB.prepare("UPDATE profiles SET cold = 0 WHERE sandbox_id = ? AND id = ?").bind(sandbox, id).run();
    expect((await lookup(sandbox, "email", "half@example.com"))!.attributes).toEqual({ tier: "bronze" });
  });
});

describe("identities presented without proof", () => {
  it("are found by search, marked unproven, and never put in the graph", async () => {
    const { sandbox, datastream } = await seed();
    const browser = client(datastream);
    await browser.send("interact", { identities: [{ namespace: "email", value: "Typed@Example.com" }], events: [{ id: "t-1", type: "page.view" }] });
    const items = await eventually(async () => {
      const res = await admin("GET", `/sandboxes/${sandbox}/profiles?q=typed@`);
      const body = (await res.json()) as { items: { id: string; identities: { namespace: string; value: string; authenticated: boolean }[] }[] };
      return body.items.length ? body.items : null;
    });
    expect(items.map((i) => i.id)).toEqual([browser.pcid()]);
    expect(items[0].identities).toContainEqual({ namespace: "email", value: "typed@example.com", authenticated: false });
    expect(await ownerOf(sandbox, "email", "typed@example.com")).toBeUndefined();
  });
});
