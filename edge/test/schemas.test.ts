import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { snapshotKey } from "../src/config/keys";
import type { Snapshot } from "../src/config/snapshot";
import { compileSchemas, validateAttributes, validateEventData } from "../src/schemas";
import { admin, seed } from "./helpers";

type Details = { path: string; message: string }[];
type Envelope = { error: { code: string; message: string; details?: Details } };
type SchemaList = {
  profile: { jsonSchema: Record<string, unknown>; description: string | null; updatedAt: number } | null;
  events: { type: string; jsonSchema: Record<string, unknown>; description: string | null; updatedAt: number }[];
};

const body = async <T>(res: Response) => (await res.json()) as T;
const detailsOf = async (res: Response) => (await body<Envelope>(res)).error.details ?? [];

const profileSchema = {
  type: "object",
  properties: { age: { type: "integer", minimum: 0 }, tier: { enum: ["gold", "silver"] } },
};
const orderSchema = {
  type: "object",
  required: ["total"],
  properties: { total: { type: "number", minimum: 0 }, currency: { type: "string", pattern: "^[A-Z]{3}$" } },
};

const schemaCount = async (sandbox: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM schemas WHERE sandbox_id = ?").bind(sandbox).first<{ n: number }>())!.n;

describe("schema admin routes", () => {
  it("stores, lists, replaces and deletes the profile schema and event schemas", async () => {
    const { sandbox } = await seed();
    const base = `/sandboxes/${sandbox}/schemas`;
    expect(await body<SchemaList>(await admin("GET", base))).toEqual({ profile: null, events: [] });

    const put = await admin("PUT", `${base}/profile`, { jsonSchema: profileSchema, description: "Who they are" });
    expect(put.status).toBe(200);
    expect((await body<{ profile: SchemaList["profile"] }>(put)).profile).toMatchObject({ jsonSchema: profileSchema, description: "Who they are" });
    expect((await admin("PUT", `${base}/events/order.placed`, { jsonSchema: orderSchema })).status).toBe(200);
    expect((await admin("PUT", `${base}/events/cart:add`, { jsonSchema: { type: "object" }, description: "Cart" })).status).toBe(200);

    let list = await body<SchemaList>(await admin("GET", base));
    expect(list.profile?.jsonSchema).toEqual(profileSchema);
    expect(list.events.map((e) => e.type)).toEqual(["cart:add", "order.placed"]);
    expect(list.events[1]).toMatchObject({ type: "order.placed", jsonSchema: orderSchema, description: null, updatedAt: expect.any(Number) });

    // PUT replaces.
    const replaced = { type: "object", properties: { total: { type: "number" } } };
    const again = await admin("PUT", `${base}/events/order.placed`, { jsonSchema: replaced, description: "Orders" });
    expect((await body<{ event: unknown }>(again)).event).toMatchObject({ type: "order.placed", jsonSchema: replaced, description: "Orders" });
    expect(await schemaCount(sandbox)).toBe(3);

    expect((await admin("DELETE", `${base}/events/order.placed`)).status).toBe(204);
    expect((await admin("DELETE", `${base}/events/order.placed`)).status).toBe(404);
    expect((await admin("DELETE", `${base}/profile`)).status).toBe(204);
    list = await body<SchemaList>(await admin("GET", base));
    expect(list).toMatchObject({ profile: null, events: [{ type: "cart:add" }] });
  });

  it("names the path inside the schema of each problem and stores nothing", async () => {
    const { sandbox } = await seed();
    const base = `/sandboxes/${sandbox}/schemas`;
    const res = await admin("PUT", `${base}/profile`, {
      jsonSchema: {
        type: "object",
        properties: {
          age: { type: "integer", minimum: "0" },
          code: { type: "string", pattern: "^(a+)+$" },
          link: { $ref: "#/defs/link" },
        },
      },
    });
    expect(res.status).toBe(400);
    const envelope = await body<Envelope>(res);
    expect(envelope.error.code).toBe("validation_failed");
    expect(envelope.error.details).toEqual([
      { path: "jsonSchema.properties.age.minimum", message: "Must be a number" },
      { path: "jsonSchema.properties.code.pattern", message: expect.stringContaining("Nested quantifiers") },
      { path: "jsonSchema.properties.link.$ref", message: expect.stringContaining("not in the supported subset") },
    ]);

    expect(await detailsOf(await admin("PUT", `${base}/events/order.placed`, {}))).toEqual([{ path: "jsonSchema", message: "Required" }]);
    expect((await detailsOf(await admin("PUT", `${base}/events/order.placed`, { jsonSchema: [] })))[0].path).toBe("jsonSchema");
    expect((await detailsOf(await admin("PUT", `${base}/events/order.placed`, { jsonSchema: { type: "string" } })))[0].path).toBe("jsonSchema.type");
    expect(await schemaCount(sandbox)).toBe(0);
  });

  it("checks the event type in the path and keeps built-in types to Parcours", async () => {
    const { sandbox } = await seed();
    const base = `/sandboxes/${sandbox}/schemas/events`;
    for (const type of ["1order", "order%20placed", "x".repeat(65), "page.view", "proposition.click"]) {
      const res = await admin("PUT", `${base}/${type}`, { jsonSchema: { type: "object" } });
      expect(res.status, type).toBe(400);
      expect((await detailsOf(res))[0].path, type).toBe("type");
    }
    expect((await admin("PUT", `${base}/${"x".repeat(64)}`, { jsonSchema: { type: "object" } })).status).toBe(200);
    expect((await admin("GET", "/sandboxes/no-such-sandbox/schemas")).status).toBe(404);
    expect((await admin("PUT", "/sandboxes/no-such-sandbox/schemas/profile", { jsonSchema: {} })).status).toBe(404);
  });
});

describe("sandbox settings", () => {
  it("reads the defaults and changes any of them", async () => {
    const { sandbox } = await seed();
    const path = `/sandboxes/${sandbox}/settings`;
    expect(await body(await admin("GET", path))).toEqual({
      settings: { timeZone: "UTC", mergePolicy: "last-write", schemaMode: "lenient", anonymousTtlDays: 30 },
    });
    const res = await admin("PATCH", path, { timeZone: "europe/paris", schemaMode: "strict" });
    expect(res.status).toBe(200);
    expect(await body(res)).toEqual({ settings: { timeZone: "Europe/Paris", mergePolicy: "last-write", schemaMode: "strict", anonymousTtlDays: 30 } });
    await admin("PATCH", path, { mergePolicy: "known-wins", anonymousTtlDays: 400 });
    expect(await body(await admin("GET", path))).toEqual({
      settings: { timeZone: "Europe/Paris", mergePolicy: "known-wins", schemaMode: "strict", anonymousTtlDays: 400 },
    });
  });

  it("names each invalid setting and changes nothing", async () => {
    const { sandbox } = await seed();
    const path = `/sandboxes/${sandbox}/settings`;
    const cases: [Record<string, unknown>, string][] = [
      [{ timeZone: "Mars/Olympus_Mons" }, "timeZone"],
      [{ timeZone: "" }, "timeZone"],
      [{ mergePolicy: "first-write" }, "mergePolicy"],
      [{ schemaMode: "loose" }, "schemaMode"],
      [{ anonymousTtlDays: 0 }, "anonymousTtlDays"],
      [{ anonymousTtlDays: 401 }, "anonymousTtlDays"],
      [{ anonymousTtlDays: 1.5 }, "anonymousTtlDays"],
      [{ timezone: "UTC" }, "(root)"],
    ];
    for (const [patch, field] of cases) {
      const res = await admin("PATCH", path, patch);
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect((await detailsOf(res)).map((d) => d.path), JSON.stringify(patch)).toEqual([field]);
    }
    expect((await body<{ settings: { timeZone: string } }>(await admin("GET", path))).settings.timeZone).toBe("UTC");
    expect((await admin("PATCH", "/sandboxes/no-such-sandbox/settings", { schemaMode: "strict" })).status).toBe(404);
  });

  it("checks the time zone of a new sandbox too", async () => {
    const res = await admin("POST", "/sandboxes", { id: `tz-${Date.now().toString(36)}`, name: "Zoned", timeZone: "Nowhere/Land" });
    expect(res.status).toBe(400);
    expect((await detailsOf(res))[0].path).toBe("timeZone");
  });
});

describe("custom identity namespaces", () => {
  it("adds, lists and removes a namespace beside the built-in ones", async () => {
    const { sandbox } = await seed();
    const path = `/sandboxes/${sandbox}/namespaces`;
    expect(await body(await admin("GET", path))).toEqual({ builtIn: ["pcid", "email", "phone", "crmId"], items: [] });
    const created = await admin("POST", path, { id: "loyalty", name: "Loyalty card" });
    expect(created.status).toBe(201);
    expect(await body(created)).toEqual({ namespace: { id: "loyalty", name: "Loyalty card", createdAt: expect.any(Number) } });
    expect((await admin("POST", path, { id: "loyalty", name: "Again" })).status).toBe(409);
    expect((await body<{ items: { id: string }[] }>(await admin("GET", path))).items.map((n) => n.id)).toEqual(["loyalty"]);
    expect((await admin("DELETE", `${path}/loyalty`)).status).toBe(204);
    expect((await admin("DELETE", `${path}/loyalty`)).status).toBe(404);
  });

  it("refuses the built-in namespaces with 409 and bad ids with 400", async () => {
    const { sandbox } = await seed();
    const path = `/sandboxes/${sandbox}/namespaces`;
    for (const id of ["pcid", "email", "phone", "crmId", "crmid"]) {
      const res = await admin("POST", path, { id, name: "Mine" });
      expect(res.status, id).toBe(409);
      expect((await body<Envelope>(res)).error.code).toBe("conflict");
    }
    expect((await admin("DELETE", `${path}/email`)).status).toBe(409);
    const bad = await admin("POST", path, { id: "Loyalty Card", name: "" });
    expect(bad.status).toBe(400);
    expect((await detailsOf(bad)).map((d) => d.path).sort()).toEqual(["id", "name"]);
    const badId = await admin("POST", path, { id: "Loyalty Card", name: "Loyalty" });
    expect((await detailsOf(badId)).map((d) => d.path)).toEqual(["id"]);
  });
});

describe("publishing", () => {
  it("carries schemas, settings and namespaces to the edge only from the next publish", async () => {
    const { sandbox, version } = await seed();
    await admin("PUT", `/sandboxes/${sandbox}/schemas/profile`, { jsonSchema: profileSchema });
    await admin("PUT", `/sandboxes/${sandbox}/schemas/events/order.placed`, { jsonSchema: orderSchema });
    await admin("PATCH", `/sandboxes/${sandbox}/settings`, { timeZone: "America/New_York", schemaMode: "strict", mergePolicy: "known-wins", anonymousTtlDays: 90 });
    await admin("POST", `/sandboxes/${sandbox}/namespaces`, { id: "loyalty", name: "Loyalty card" });

    const before = await env.CONFIG.get<Snapshot>(snapshotKey(sandbox, version), "json");
    expect(before?.schemas).toEqual({ profile: null, events: {} });
    expect(before?.settings.schemaMode).toBe("lenient");

    const published = await body<{ publication: { version: number } }>(await admin("POST", `/sandboxes/${sandbox}/publish`));
    const snapshot = await env.CONFIG.get<Snapshot>(snapshotKey(sandbox, published.publication.version), "json");
    expect(snapshot?.schemas).toEqual({ profile: profileSchema, events: { "order.placed": orderSchema } });
    expect(snapshot?.settings).toEqual({ timeZone: "America/New_York", mergePolicy: "known-wins", schemaMode: "strict", anonymousTtlDays: 90 });
    expect(snapshot?.namespaces).toEqual(["loyalty"]);

    // The published documents compile and validate inside workerd, where eval is forbidden.
    const compiled = compileSchemas(snapshot!.schemas);
    const mode = snapshot!.settings.schemaMode;
    expect(validateEventData(compiled, mode, "order.placed", { total: 5, currency: "EUR" })).toEqual({ errors: [], unknown: [] });
    expect(validateEventData(compiled, mode, "order.placed", { total: -1, currency: "euro", note: 1 }).errors).toEqual([
      { path: "data.total", message: "Must be at least 0" },
      { path: "data.currency", message: "Must match the pattern ^[A-Z]{3}$" },
      { path: "data.note", message: "Unknown field: it is not in the schema" },
    ]);
    expect(validateEventData(compiled, mode, "cart.add", {}).errors).toEqual([{ path: "type", message: 'No schema for event type "cart.add"' }]);
    expect(validateAttributes(compiled, mode, { age: 1.5 }).errors).toEqual([{ path: "attributes.age", message: "Must be integer, not number" }]);
  });
});
