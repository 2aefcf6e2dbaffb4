import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { admin, call, postJson, seed, TOKEN } from "./helpers";

type Envelope = { error: { code: string; message: string; details?: { path: string; message: string }[] }; requestId?: string };
const envelopeOf = async (res: Response) => (await res.json()) as Envelope;

let sandbox = "";
let datastream = "";
beforeAll(async () => {
  ({ sandbox, datastream } = await seed());
});

const offerCount = async () =>
  (await env.DB.prepare("SELECT count(*) AS n FROM offers WHERE sandbox_id = ?").bind(sandbox).first<{ n: number }>())!.n;

describe("bad input gets a clear answer and changes nothing", () => {
  it("answers malformed JSON with 400 malformed_json on the data plane and the admin API", async () => {
    const data = await postJson(`/v1/interact?datastream=${datastream}`, "{not json");
    expect(data.status).toBe(400);
    expect((await envelopeOf(data)).error.code).toBe("malformed_json");

    const before = await offerCount();
    const adminRes = await call(`/admin/api/sandboxes/${sandbox}/offers`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: '{"name": "half',
    });
    expect(adminRes.status).toBe(400);
    expect((await envelopeOf(adminRes)).error.code).toBe("malformed_json");
    expect(await offerCount()).toBe(before);
  });

  it("answers bodies over 64 KB with 413", async () => {
    const big = JSON.stringify({ events: [{ type: "page.view", data: { blob: "x".repeat(70 * 1024) } }] });
    const res = await postJson(`/v1/collect?datastream=${datastream}`, big);
    expect(res.status).toBe(413);
    expect((await envelopeOf(res)).error.code).toBe("payload_too_large");
  });

  it("rejects an event over 10 KB naming its index", async () => {
    const res = await postJson(`/v1/collect?datastream=${datastream}`, {
      events: [{ type: "page.view" }, { type: "page.view", data: { blob: "x".repeat(11 * 1024) } }],
    });
    expect(res.status).toBe(413);
    expect((await envelopeOf(res)).error.details).toEqual([{ path: "events.1", message: expect.stringContaining("10240") }]);
  });

  it("answers an unknown or missing datastream with 404 / 400", async () => {
    const unknown = await postJson("/v1/interact?datastream=nope", { events: [] });
    expect(unknown.status).toBe(404);
    expect((await envelopeOf(unknown)).error.code).toBe("unknown_datastream");
    const missing = await postJson("/v1/interact", { events: [] });
    expect(missing.status).toBe(400);
    expect((await envelopeOf(missing)).error.details?.[0].path).toBe("datastream");
  });

  it("names the field path of each invalid event", async () => {
    const res = await postJson(`/v1/interact?datastream=${datastream}`, { events: [{ type: "ok" }, { type: "" }, { data: {} }] });
    expect(res.status).toBe(400);
    const paths = (await envelopeOf(res)).error.details!.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["events.1.type", "events.2.type"]));
  });

  it("requires the admin token on every admin route", async () => {
    for (const path of ["/admin/api/session", `/admin/api/sandboxes/${sandbox}/offers`, `/admin/api/sandboxes/${sandbox}/publish`]) {
      const none = await call(path, { method: path.endsWith("publish") ? "POST" : "GET" });
      expect(none.status).toBe(401);
      expect((await envelopeOf(none)).error.code).toBe("unauthorized");
      const wrong = await call(path, { headers: { authorization: "Bearer not-the-token" } });
      expect(wrong.status).toBe(401);
    }
  });

  it("names every invalid field of an offer and writes nothing", async () => {
    const before = await offerCount();
    const res = await admin("POST", `/sandboxes/${sandbox}/offers`, {
      name: "",
      priority: 1.5,
      representations: [{ placement: "hero", format: "video", content: "" }],
    });
    expect(res.status).toBe(400);
    const body = await envelopeOf(res);
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details!.map((d) => d.path).sort()).toEqual(
      ["name", "priority", "representations.0.content", "representations.0.format"].sort(),
    );
    expect(await offerCount()).toBe(before);
  });

  it("rejects a representation for a placement the sandbox does not have", async () => {
    const res = await admin("POST", `/sandboxes/${sandbox}/offers`, {
      name: "Nowhere", representations: [{ placement: "sidebar", format: "text", content: "hi" }],
    });
    expect(res.status).toBe(400);
    expect((await envelopeOf(res)).error.details).toEqual([
      { path: "representations.0.placement", message: 'No placement "sidebar" in this sandbox' },
    ]);
  });

  it("answers a duplicate id with 409 and an unknown sandbox or route with 404", async () => {
    const dup = await admin("POST", `/sandboxes/${sandbox}/offers`, {
      id: "spring-sale", name: "Again", representations: [{ placement: "hero", format: "text", content: "x" }],
    });
    expect(dup.status).toBe(409);
    expect((await admin("GET", "/sandboxes/no-such-sandbox/offers")).status).toBe(404);
    const route = await call("/v1/nothing-here");
    expect(route.status).toBe(404);
    expect((await envelopeOf(route)).error.code).toBe("not_found");
  });

  it("never returns a datastream secret", async () => {
    const res = await admin("GET", `/sandboxes/${sandbox}/datastreams`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toContain(datastream);
    expect(text).not.toMatch(/secret/i);
  });
});

describe("admin session and listings", () => {
  it("lists sandboxes on the session and publications with or without a limit", async () => {
    const session = (await (await admin("GET", "/session")).json()) as { ok: boolean; sandboxes: { id: string }[] };
    expect(session.ok).toBe(true);
    expect(session.sandboxes.map((s) => s.id)).toContain(sandbox);
    const all = (await (await admin("GET", `/sandboxes/${sandbox}/publications`)).json()) as { items: { version: number }[] };
    expect(all.items.map((p) => p.version)).toEqual([1]);
    const bad = await admin("GET", `/sandboxes/${sandbox}/publications?limit=abc`);
    expect(bad.status).toBe(400);
    expect((await envelopeOf(bad)).error.details?.[0].path).toBe("limit");
  });
});
