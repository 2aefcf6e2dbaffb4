import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { admin, call, cookieOf, eventually, postJson, seed } from "./helpers";

type Proposition = { id: string; placement: string; fallback: boolean; items: { offerId: string; content: string; trackingToken: string }[] };
type InteractAnswer = { pcid: string; propositions: Proposition[] };

const interact = (ds: string, body: unknown, headers: Record<string, string> = {}) =>
  postJson(`/v1/interact?datastream=${ds}`, body, headers);

describe("the walking skeleton slice", () => {
  it("decides the top offer for a new visitor and sets the device cookie", async () => {
    const { sandbox, datastream } = await seed();
    const res = await interact(datastream, { events: [{ type: "page.view", data: { url: "https://shop.test/" } }], placements: ["hero"] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as InteractAnswer;
    expect(body.pcid).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(cookieOf(res, "pcid")).toBe(body.pcid);
    expect(body.propositions).toHaveLength(1);
    expect(body.propositions[0]).toMatchObject({ placement: "hero", fallback: false, items: [{ offerId: "spring-sale" }] });
  });

  it("counts a display once, and only for the profile the proposition was issued to", async () => {
    const { sandbox, datastream } = await seed();
    const first = (await (await interact(datastream, { placements: ["hero"] })).json()) as InteractAnswer;
    const token = first.propositions[0].items[0].trackingToken;
    const display = { events: [{ type: "proposition.display", data: { tokens: [token] } }] };
    const cookie = { cookie: `pcid=${first.pcid}` };

    expect((await postJson(`/v1/collect?datastream=${datastream}`, display, cookie)).status).toBe(204);
    expect((await postJson(`/v1/collect?datastream=${datastream}`, display, cookie)).status).toBe(204);
    // Another visitor replaying the token does not count.
    const other = (await (await interact(datastream, {})).json()) as InteractAnswer;
    await postJson(`/v1/collect?datastream=${datastream}`, display, { cookie: `pcid=${other.pcid}` });

    const lookup = await admin("GET", `/sandboxes/${sandbox}/profiles/lookup?ns=pcid&value=${first.pcid}`);
    const { profile } = (await lookup.json()) as { profile: { counters: Record<string, { decisions: number; displays: number }> } };
    expect(profile.counters["spring-sale"]).toEqual({ decisions: 1, displays: 1, clicks: 0 });
  });

  it("accepts text/plain bodies as navigator.sendBeacon sends them", async () => {
    const { sandbox, datastream } = await seed();
    const res = await call(`/v1/collect?datastream=${datastream}`, {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8" },
      body: JSON.stringify({ events: [{ type: "page.view" }] }),
    });
    expect(res.status).toBe(204);
    expect(cookieOf(res, "pcid")).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it("serves a newly published offer on the next request", async () => {
    const { sandbox, datastream } = await seed();
    const created = await admin("POST", `/sandboxes/${sandbox}/offers`, {
      id: "flash", name: "Flash deal", status: "approved", priority: 100,
      representations: [{ placement: "hero", format: "html", content: "<h2>Flash deal</h2>" }],
    });
    expect(created.status).toBe(201);
    const before = (await (await interact(datastream, { placements: ["hero"] })).json()) as InteractAnswer;
    expect(before.propositions[0].items[0].offerId).toBe("spring-sale");
    expect((await admin("POST", `/sandboxes/${sandbox}/publish`)).status).toBe(201);
    const after = (await (await interact(datastream, { placements: ["hero"] })).json()) as InteractAnswer;
    expect(after.propositions[0].items[0].offerId).toBe("flash");
  });

  it("stores a retried event once in the D1 dataset", async () => {
    const { sandbox, datastream } = await seed();
    const first = (await (await interact(datastream, { events: [{ id: "evt-1", type: "page.view" }] })).json()) as InteractAnswer;
    await interact(datastream, { events: [{ id: "evt-1", type: "page.view" }, { id: "evt-2", type: "product.view" }] }, { cookie: `pcid=${first.pcid}` });
    const rows = await eventually(async () => {
      const { results } = await env.DB.prepare("SELECT id FROM events WHERE profile_id = ? ORDER BY id").bind(first.pcid).all<{ id: string }>();
      return results.length === 2 ? results : null;
    });
    expect(rows.map((r) => r.id)).toEqual(["evt-1", "evt-2"]);
    const profile = await env.DB.prepare("SELECT event_count FROM profiles WHERE id = ?").bind(first.pcid).first<{ event_count: number }>();
    expect(profile?.event_count).toBe(2);
  });
});
