import { describe, expect, it } from "vitest";
import { admin, postJson, seed } from "./helpers";

type Envelope = { error: { code: string; details: { path: string; message: string }[] } };

async function withSchemas(mode: "strict" | "lenient") {
  const ids = await seed();
  const sb = `/sandboxes/${ids.sandbox}`;
  await admin("PUT", `${sb}/schemas/events/order.placed`, {
    jsonSchema: { type: "object", properties: { total: { type: "number", minimum: 0 }, currency: { type: "string", enum: ["EUR", "USD"] } }, required: ["total"] },
  });
  await admin("PUT", `${sb}/schemas/profile`, { jsonSchema: { type: "object", properties: { age: { type: "integer", minimum: 0 }, tier: { type: "string" } } } });
  await admin("PATCH", `${sb}/settings`, { schemaMode: mode });
  expect((await admin("POST", `${sb}/publish`)).status).toBe(201);
  const { key } = (await (await admin("POST", `${sb}/api-keys`, { name: "k" })).json()) as { key: string };
  return { ...ids, key };
}

describe("events and profiles are checked against the published schemas", () => {
  it("rejects a browser event that breaks its schema, naming each failing path", async () => {
    const { datastream } = await withSchemas("lenient");
    const res = await postJson(`/v1/interact?datastream=${datastream}`, {
      events: [
        { type: "page.view" },
        { type: "order.placed", data: { total: -3, currency: "GBP" } },
        { type: "profile.update", data: { set: { age: "old" } } },
      ],
    });
    expect(res.status).toBe(400);
    const paths = ((await res.json()) as Envelope).error.details.map((d) => d.path).sort();
    expect(paths).toEqual(["events.1.data.currency", "events.1.data.total", "events.2.data.set.age"]);
  });

  it("keeps unknown fields in lenient mode and flags them on the stored event", async () => {
    const { sandbox, datastream } = await withSchemas("lenient");
    const res = await postJson(`/v1/interact?datastream=${datastream}`, { events: [{ id: "len-1", type: "order.placed", data: { total: 5, coupon: "X" } }] });
    expect(res.status).toBe(200);
    const pcid = ((await res.json()) as { pcid: string }).pcid;
    const { profile } = (await (await admin("GET", `/sandboxes/${sandbox}/profiles/lookup?ns=pcid&value=${pcid}`)).json()) as { profile: { events: { id: string; data: Record<string, unknown> }[] } };
    expect(profile.events.find((e) => e.id === "len-1")!.data).toEqual({ total: 5, coupon: "X", _unknown: ["data.coupon"] });
  });

  it("in strict mode, rejects unknown fields and untyped events in a batch by index, keeping the rest", async () => {
    const { key } = await withSchemas("strict");
    const res = await postJson(
      "/v1/events",
      {
        events: [
          { type: "order.placed", identities: { crmId: "S-1" }, data: { total: 1 } },
          { type: "order.placed", identities: { crmId: "S-1" }, data: { total: 1, coupon: "X" } },
          { type: "mystery", identities: { crmId: "S-1" } },
        ],
      },
      { authorization: `Bearer ${key}` },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { accepted: number; rejected: { index: number; reasons: { path: string }[] }[] };
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r) => [r.index, r.reasons.map((x) => x.path)])).toEqual([
      [1, ["data.coupon"]],
      [2, ["type"]],
    ]);
  });
});
