/**
 * Audiences in batch over D1 (sizes, trend, estimates, export, the scheduled run) and audience
 * windows that close with no new event (the profile's alarm).
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { countScheduled } from "../src/audiences/scheduled";
import { admin, call, eventually, seed, TOKEN } from "./helpers";
import { client, lookup } from "./visitors";

type Listed = { items: { id: string; size: number | null; trend: { at: number; size: number; profiles: number }[] }[] };

async function audience(sandbox: string, id: string, rule: unknown) {
  const res = await admin("POST", `/sandboxes/${sandbox}/audiences`, { id, name: id, rule });
  expect(res.status, await res.clone().text()).toBe(201);
}

async function indexed(sandbox: string, n: number) {
  await eventually(async () => {
    const { c } = (await env.DB.prepare("SELECT count(*) AS c FROM profiles WHERE sandbox_id = ?").bind(sandbox).first<{ c: number }>())!;
    return c >= n;
  });
}

describe("audiences in batch", () => {
  it("counts every profile in D1, cold ones included, keeps the trend, estimates drafts and exports members", async () => {
    const { sandbox, datastream } = await seed();
    await audience(sandbox, "gold", { "profile.tier": "gold" });
    await audience(sandbox, "keen", { $event: { type: "product.view", within: "1d", is: { $gte: 2 } } });
    await audience(sandbox, "gold-and-keen", { $and: [{ $audience: "gold" }, { $audience: "keen" }] });
    await audience(sandbox, "on-campaign", { "context.utm.campaign": "spring" });

    const csv = "email,tier\r\nimported-1@example.com,gold\r\nimported-2@example.com,silver\r\n";
    const imported = await call(`/admin/api/sandboxes/${sandbox}/imports/profiles?format=csv`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}` }, body: csv });
    expect(imported.status).toBe(200);
    const visitors = [client(datastream), client(datastream), client(datastream)];
    await visitors[0].send("collect", { events: [{ id: "a1", type: "product.view" }, { id: "a2", type: "product.view" }, { id: "a3", type: "profile.update", data: { set: { tier: "gold" } } }] });
    await visitors[1].send("collect", { events: [{ id: "b1", type: "product.view" }, { id: "b2", type: "product.view" }] });
    await visitors[2].send("collect", { events: [{ id: "c1", type: "product.view" }] });
    await indexed(sandbox, 5);
    await eventually(async () => {
      const { c } = (await env.DB.prepare("SELECT count(*) AS c FROM events WHERE sandbox_id = ? AND type = 'product.view'").bind(sandbox).first<{ c: number }>())!;
      const gold = await env.DB.prepare("SELECT count(*) AS c FROM profiles WHERE sandbox_id = ? AND attributes LIKE '%gold%'").bind(sandbox).first<{ c: number }>();
      return c === 5 && gold!.c === 2;
    });

    const run = await admin("POST", `/sandboxes/${sandbox}/audiences/run`);
    expect(run.status).toBe(200);
    expect(await run.json()).toMatchObject({ profiles: 5, sizes: { gold: 2, keen: 2, "gold-and-keen": 1 } });

    await countScheduled(env);
    const listed = (await (await admin("GET", `/sandboxes/${sandbox}/audiences`)).json()) as Listed;
    const gold = listed.items.find((a) => a.id === "gold")!;
    expect(gold.size).toBe(2);
    expect(gold.trend.map((t) => t.size)).toEqual([2, 2]);
    expect(listed.items.find((a) => a.id === "on-campaign")!.size).toBeNull(); // needs a request: edge only

    const draft = await admin("POST", `/sandboxes/${sandbox}/audiences/estimate`, { rule: { $or: [{ "profile.tier": "silver" }, { $audience: "keen" }] } });
    expect(await draft.json()).toEqual({ sampled: 5, matched: 3, profiles: 5, estimate: 3, exact: true });
    const contextual = await admin("POST", `/sandboxes/${sandbox}/audiences/estimate`, { rule: { "context.page.path": "/" } });
    expect(contextual.status).toBe(400);

    const exported = await admin("GET", `/sandboxes/${sandbox}/audiences/keen/members.csv`);
    expect(exported.headers.get("content-type")).toContain("text/csv");
    const lines = (await exported.text()).trim().split("\r\n");
    expect(lines[0]).toBe("profileId,identities");
    expect(lines.slice(1).map((l) => l.split(",")[0]).sort()).toEqual([visitors[0].pcid(), visitors[1].pcid()].sort());
    expect(lines.slice(1).every((l) => l.includes("pcid:"))).toBe(true);
  });
});

describe("audience windows", () => {
  it("takes a profile out of a windowed audience when the window closes, with no new event", async () => {
    const { sandbox, datastream } = await seed();
    await audience(sandbox, "just-viewed", { $event: { type: "product.view", within: "2s" } });
    expect((await admin("POST", `/sandboxes/${sandbox}/publish`)).status).toBe(201);
    const visitor = client(datastream);
    await visitor.send("collect", { events: [{ type: "product.view" }] });
    expect((await lookup(sandbox, "pcid", visitor.pcid()) as unknown as { audiences: { member: boolean }[] }).audiences).toEqual([expect.objectContaining({ member: true })]);

    await new Promise((r) => setTimeout(r, 2200));
    const stub = env.PROFILE.get(env.PROFILE.idFromName(`${sandbox}:${visitor.pcid()}`));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const after = (await lookup(sandbox, "pcid", visitor.pcid())) as unknown as { audiences: { member: boolean; exitedAt: number | null }[]; events: { type: string }[] };
    expect(after.audiences).toEqual([expect.objectContaining({ member: false, exitedAt: expect.any(Number) })]);
    expect(after.events.map((e) => e.type)).toContain("audience.exited");
  });
});
