/**
 * The OpenAPI document and the /docs page: the document's shape, that it lists exactly the /v1
 * routes the app serves, that its JSON Schemas accept and refuse what the zod schemas do (at the
 * same paths the API reports), that its examples are real requests and answers, and that the
 * page is escaped, complete and script-free.
 */
import { Validator, type OutputUnit, type Schema } from "@cfworker/json-schema";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../src/http/app";
import { mintPcid } from "../src/identity/pcid";
import { interactBody } from "../src/ingest/schemas";
import { PCID_PATTERN } from "../src/openapi/document";
import { DOCS_CSS, renderDocs, resolvePointer } from "../src/openapi/render";
import { isRef, METHODS, type Example, type MediaType, type OpenApiDocument, type Operation, type Parameter, type Response as ApiResponse } from "../src/openapi/types";
import { eventSchema } from "../src/profiles/events";
import { admin, call, ORIGIN, postJson, seed } from "./helpers";

let doc: OpenApiDocument;
let sandbox = "";
let datastream = "";
let apiKey = "";

beforeAll(async () => {
  const res = await call("/v1/openapi.json");
  expect(res.status).toBe(200);
  doc = (await res.json()) as OpenApiDocument;
  const seeded = await seed();
  sandbox = seeded.sandbox;
  datastream = seeded.datastream;
  apiKey = ((await (await admin("POST", `/sandboxes/${seeded.sandbox}/api-keys`, { name: "openapi-test" })).json()) as { key: string }).key;
  // The campaign the trigger's example names, ready to send.
  await admin("POST", `/sandboxes/${sandbox}/templates`, { id: "order", name: "Order", channel: "email", content: { subject: "Order {{ context.orderId }}", html: "<p>Thanks</p>" } });
  await admin("POST", `/sandboxes/${sandbox}/campaigns`, { id: "order-confirmation", name: "Order confirmation", kind: "api", purpose: "transactional", channel: "email", template: "order" });
  expect((await admin("POST", `/sandboxes/${sandbox}/campaigns/order-confirmation/activate`)).status).toBe(200);
});

type Entry = { path: string; method: string; op: Operation };
const operations = (): Entry[] =>
  Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m]! })));

/** Follows $refs to the object they name. */
function deref<T>(value: T | { $ref: string }): T {
  let node: unknown = value;
  while (isRef(node)) node = resolvePointer(doc, node.$ref);
  return node as T;
}

/** A validator for one schema of the document, its `#/components/…` refs resolved in place. */
function validatorFor(schema: object) {
  const root = structuredClone({ ...schema, components: doc.components }) as unknown as Schema;
  return new Validator(root, "2020-12", false);
}

/** The answer schemas. */
const ANSWERS = ["InteractResponse", "DecideResponse", "BulkEventsResponse", "Proposition", "PropositionItem", "RejectedEvent", "ErrorEnvelope", "ErrorDetail"];

/**
 * A validator for an answer that refuses fields the document does not describe, so a field
 * added to an answer without documenting it fails here.
 */
function closedValidatorFor(schema: object) {
  const components = structuredClone(doc.components);
  const close = (s: unknown): void => {
    if (Array.isArray(s)) return s.forEach(close);
    if (!s || typeof s !== "object") return;
    const o = s as Record<string, unknown>;
    if (o.properties && o.additionalProperties === undefined) o.additionalProperties = false;
    Object.values(o).forEach(close);
  };
  for (const name of ANSWERS) close(components.schemas[name]);
  return new Validator({ ...structuredClone(schema), components } as unknown as Schema, "2020-12", false);
}

/**
 * `#/events/0/type` → `events.0.type`, the way the API names fields. A missing required
 * property is reported on its object; zod names the property itself, so add it.
 */
const pathOf = (unit: OutputUnit) => {
  const parts = unit.instanceLocation.replace(/^#\/?/, "").split("/").filter(Boolean).map((p) => decodeURIComponent(p).replace(/~1/g, "/").replace(/~0/g, "~"));
  const missing = unit.keyword === "required" ? /required property "([^"]+)"/.exec(unit.error)?.[1] : undefined;
  if (missing) parts.push(missing);
  return parts.length ? parts.join(".") : "(root)";
};

/** Every `$ref` anywhere in a value. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

describe("GET /v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document, cached for five minutes", async () => {
    const res = await call("/v1/openapi.json");
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.jsonSchemaDialect).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["Event", "InteractRequest", "CollectRequest", "BulkEventsRequest", "InteractResponse", "ErrorEnvelope"]));
    // Served the same way twice: built once, not per request.
    expect(await (await call("/v1/openapi.json")).text()).toBe(JSON.stringify(doc));
  });

  it("resolves every $ref, and zod's $schema and $id stay out of the components", () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(20);
    for (const r of refs) {
      expect(r, r).toMatch(/^#\/components\//);
      expect(resolvePointer(doc, r), r).toBeDefined();
    }
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      expect(schema.$schema, name).toBeUndefined();
      expect(schema.$id, name).toBeUndefined();
    }
  });

  it("is well formed: unique operation ids, descriptions on every response, a success for every operation", () => {
    const ids = operations().map((e) => e.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of operations()) {
      expect(path).toMatch(/^\/v1\//);
      expect(op.summary, `${method} ${path}`).toBeTruthy();
      const statuses = Object.keys(op.responses);
      expect(statuses.some((s) => s.startsWith("2")), `${method} ${path}`).toBe(true);
      for (const r of Object.values(op.responses)) expect(deref<ApiResponse>(r).description).toBeTruthy();
      const params = (op.parameters ?? []).map((p) => deref<Parameter>(p));
      expect(new Set(params.map((p) => `${p.in}:${p.name}`)).size).toBe(params.length);
      for (const p of params) expect(["query", "header", "cookie", "path"]).toContain(p.in);
      for (const requirement of op.security ?? []) for (const name of Object.keys(requirement)) expect(doc.components.securitySchemes?.[name]).toBeDefined();
    }
    // Every `required` names a declared property.
    const walk = (s: unknown): void => {
      if (Array.isArray(s)) return s.forEach(walk);
      if (!s || typeof s !== "object") return;
      const o = s as { required?: unknown; properties?: Record<string, unknown> };
      if (Array.isArray(o.required) && o.properties) for (const r of o.required) expect(Object.keys(o.properties)).toContain(r);
      Object.values(o).forEach(walk);
    };
    walk(doc.components.schemas);
  });

  it("lists exactly the /v1 routes the app serves", () => {
    const served = new Set(
      app.routes
        .filter((r) => r.path.startsWith("/v1/") && r.method !== "ALL")
        // The CORS preflight answers any /v1 path; the document's description says so.
        .filter((r) => !(r.method === "OPTIONS" && r.path === "/v1/*"))
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}")}`),
    );
    const documented = new Set(operations().map((e) => `${e.method.toUpperCase()} ${e.path}`));
    expect([...documented].sort()).toEqual([...served].sort());
    expect(served).toEqual(new Set(["POST /v1/interact", "GET /v1/decide", "POST /v1/collect", "POST /v1/events", "POST /v1/campaigns/{id}/trigger", "GET /v1/ping", "GET /v1/openapi.json"]));
    expect(app.routes.some((r) => r.method === "OPTIONS" && r.path === "/v1/*")).toBe(true);
    expect(doc.info.description).toContain("OPTIONS");
  });

  it("documents the datastream parameter, the pcid cookie, the API key and the shared error envelope", () => {
    const datastreamParam = doc.components.parameters!.Datastream;
    expect(datastreamParam).toMatchObject({ name: "datastream", in: "query", required: true });
    const cookie = doc.components.parameters!.PcidCookie;
    expect(cookie).toMatchObject({ name: "pcid", in: "cookie", schema: { pattern: PCID_PATTERN } });
    expect(mintPcid()).toMatch(new RegExp(PCID_PATTERN));
    expect(doc.components.securitySchemes!.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.paths["/v1/events"].post!.security).toEqual([{ apiKey: [] }]);
    for (const { path, op } of operations()) {
      if (!path.startsWith("/v1/interact") && !path.startsWith("/v1/collect") && !path.startsWith("/v1/decide")) continue;
      const params = (op.parameters ?? []).map((p) => deref<Parameter>(p));
      expect(params.map((p) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining(["query:datastream", "cookie:pcid"]));
    }
    for (const { op } of operations()) {
      for (const [status, r] of Object.entries(op.responses)) {
        if (status.startsWith("2")) continue;
        expect(deref<ApiResponse>(r).content!["application/json"].schema).toEqual({ $ref: "#/components/schemas/ErrorEnvelope" });
      }
    }
  });

  it("every example validates against the schema it illustrates", () => {
    let checked = 0;
    const check = (schema: object, value: unknown, where: string) => {
      const result = validatorFor(schema).validate(value);
      expect(result.errors.map((e) => `${pathOf(e)}: ${e.error}`), where).toEqual([]);
      checked++;
    };
    const media = (m: MediaType, where: string) => {
      for (const [name, ex] of Object.entries(m.examples ?? {})) check(m.schema, ex.value, `${where} ${name}`);
    };
    for (const { path, method, op } of operations()) {
      for (const [type, m] of Object.entries(op.requestBody?.content ?? {})) media(m, `${method} ${path} ${type}`);
      for (const [status, r] of Object.entries(op.responses)) for (const [type, m] of Object.entries(deref<ApiResponse>(r).content ?? {})) media(m, `${method} ${path} ${status} ${type}`);
      for (const p of (op.parameters ?? []).map((x) => deref<Parameter>(x))) if (p.example !== undefined) check(p.schema, p.example, `${method} ${path} ${p.name}`);
    }
    for (const [name, schema] of Object.entries(doc.components.schemas)) for (const ex of schema.examples ?? []) check({ $ref: `#/components/schemas/${name}` }, ex, name);
    expect(checked).toBeGreaterThan(20);
  });
});

describe("the document's schemas agree with the zod schemas that validate requests", () => {
  const interactValidator = () => validatorFor({ $ref: "#/components/schemas/InteractRequest" });

  const cases: { name: string; body: unknown }[] = [
    { name: "empty", body: {} },
    { name: "page view and placement", body: { events: [{ id: "e-1", type: "page.view", timestamp: "2026-11-29T10:00:00+01:00", data: { url: "/" } }], placements: ["hero"] } },
    { name: "epoch timestamp", body: { events: [{ type: "x", timestamp: 1764410000000 }] } },
    { name: "unknown fields", body: { events: [], somethingElse: true } },
    { name: "empty type", body: { events: [{ type: "" }] } },
    { name: "type with a space", body: { events: [{ type: "page view" }] } },
    { name: "no type", body: { events: [{ data: {} }] } },
    { name: "negative timestamp", body: { events: [{ type: "x", timestamp: -1 }] } },
    { name: "timestamp without offset", body: { events: [{ type: "x", timestamp: "2026-11-29T10:00:00" }] } },
    { name: "data as an array", body: { events: [{ type: "x", data: [1] }] } },
    { name: "bad event id", body: { events: [{ id: "a b", type: "x" }] } },
    { name: "placement too long", body: { placements: ["p".repeat(65)] } },
    // Lengths count code points on both sides: 64 emoji fit, 65 do not.
    { name: "64 emoji", body: { placements: ["\u{1F600}".repeat(64)] } },
    { name: "65 emoji", body: { placements: ["\u{1F600}".repeat(65)] } },
    { name: "too many placements", body: { placements: Array.from({ length: 31 }, (_, i) => `p${i}`) } },
    { name: "empty decision name", body: { decisions: [""] } },
    { name: "dryRun as a string", body: { dryRun: "yes" } },
    { name: "pcid as a number", body: { pcid: 42 } },
    { name: "too many events", body: { events: Array.from({ length: 51 }, () => ({ type: "x" })) } },
    { name: "identify without signature", body: { identify: [{ namespace: "email", value: "a@b.c", expires: 1 }] } },
    { name: "identities with an empty value", body: { identities: [{ namespace: "email", value: "" }] } },
    { name: "not an object", body: [] },
  ];

  it.each(cases)("$name: same verdict, and the API's paths are among the schema's", async ({ body }) => {
    const zod = interactBody.safeParse(body);
    const json = interactValidator().validate(body);
    expect(json.valid).toBe(zod.success);
    const res = await postJson(`/v1/interact?datastream=${datastream}`, body);
    if (zod.success) {
      expect(res.status).toBe(200);
      return;
    }
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { error: { code: string; details: { path: string }[] } };
    expect(answer.error.code).toBe("validation_failed");
    const schemaPaths = new Set(json.errors.map(pathOf));
    for (const d of answer.error.details) expect(schemaPaths, `${d.path} in ${[...schemaPaths].join(", ")}`).toContain(d.path);
  });

  it("the documented validation example is what the API answers", async () => {
    const res = await postJson(`/v1/interact?datastream=${datastream}`, { events: [{ type: "page view" }] });
    const answer = (await res.json()) as { error: unknown };
    const example = (doc.components.responses!.BadRequest.content!["application/json"].examples!.validation.value as { error: unknown }).error;
    expect(answer.error).toEqual(example);
    expect(closedValidatorFor({ $ref: "#/components/schemas/ErrorEnvelope" }).validate(answer).valid).toBe(true);
  });

  it("agrees with eventSchema on generated events", () => {
    const validator = validatorFor({ $ref: "#/components/schemas/Event" });
    const text = fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom("page.view", "a", "order:placed-1", "1x", "x y", "é", ""), fc.stringMatching(/^[A-Za-z][\w.:-]{0,70}$/));
    const timestamp = fc.oneof(
      fc.date({ min: new Date("1970-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom("2026-11-29T10:00:00+01:00", "2026-11-29T10:00:00", "2026-02-30T10:00:00Z", "2026-11-29 10:00:00Z", "tomorrow"),
      fc.integer({ min: -10, max: 2 ** 53 }),
      fc.double(),
    );
    const event = fc.record(
      { id: text, type: text, timestamp, data: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.array(fc.integer()), fc.constant(null)) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(event, fc.jsonValue()), (e) => {
        expect(validator.validate(e).valid).toBe(eventSchema.safeParse(e).success);
      }),
      { numRuns: 500 },
    );
  });
});

describe("the examples are real", () => {
  /** Builds the request an operation's example describes, on the test's datastream. */
  function requestFor(path: string, method: string, op: Operation, body?: unknown) {
    const params = (op.parameters ?? []).map((p) => deref<Parameter>(p)).filter((p) => p.in === "query" && p.example !== undefined);
    const query = new URLSearchParams(params.map((p) => [p.name, p.name === "datastream" ? datastream : String(p.example)]));
    const headers: Record<string, string> = {};
    if (op.security?.length) headers.authorization = `Bearer ${apiKey}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    // Path parameters take their documented example.
    const filled = (op.parameters ?? []).map((p) => deref<Parameter>(p)).filter((p) => p.in === "path").reduce((at, p) => at.replace(`{${p.name}}`, String(p.example)), path);
    return call(`${filled}${params.length ? `?${query}` : ""}`, { method: method.toUpperCase(), headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  it("each request example gets its documented success, and the answer matches its schema", async () => {
    let sent = 0;
    for (const { path, method, op } of operations()) {
      const examples: (Example | undefined)[] = Object.values(op.requestBody?.content["application/json"]?.examples ?? {});
      if (!examples.length) examples.push(undefined);
      const success = Object.keys(op.responses).filter((s) => s.startsWith("2"));
      for (const ex of examples) {
        const res = await requestFor(path, method, op, ex?.value);
        const where = `${method} ${path} ${ex?.summary ?? ""}`;
        expect(success, `${where}: ${res.status} ${res.status >= 300 ? await res.clone().text() : ""}`).toContain(String(res.status));
        const documented = deref<ApiResponse>(op.responses[String(res.status)]);
        const schema = documented.content?.["application/json"]?.schema;
        if (schema) {
          const answer = await res.json();
          expect(closedValidatorFor(schema).validate(answer).errors.map((e) => `${pathOf(e)}: ${e.error}`), where).toEqual([]);
        } else {
          expect(await res.text(), where).toBe("");
        }
        if (documented.headers?.["Set-Cookie"]) expect(res.headers.get("set-cookie"), where).toMatch(/(^|;|,)\s*pcid=[A-Za-z0-9_-]{22};/);
        if (documented.headers?.["Cache-Control"] && op.operationId === "decide") expect(res.headers.get("cache-control")).toBe("private, no-store");
        sent++;
      }
    }
    expect(sent).toBeGreaterThanOrEqual(10);
  });

  it("answers with in-app messages, and an opted-out profile's, match the documented schemas", async () => {
    const errors = (schema: string, answer: unknown) => closedValidatorFor({ $ref: `#/components/schemas/${schema}` }).validate(answer).errors.map((e) => `${pathOf(e)}: ${e.error}`);
    const interact = (body: object) => postJson(`/v1/interact?datastream=${datastream}`, body).then((r) => r.json() as Promise<Record<string, unknown>>);
    const { pcid } = (await interact({ events: [{ type: "page.view" }] })) as { pcid: string };
    const queued = await admin("POST", `/sandboxes/${sandbox}/profiles/${pcid}/messages`, { kind: "modal", title: "Welcome back", body: "10% off today", cta: { label: "Shop", url: "/demo#shop" } });
    expect(queued.status).toBe(201);

    const withMessage = await interact({ pcid, placements: ["hero"] });
    expect(withMessage.messages).toHaveLength(1);
    expect(errors("InteractResponse", withMessage)).toEqual([]);
    const decided = (await (await call(`/v1/decide?datastream=${datastream}&placement=hero&pcid=${pcid}`)).json()) as Record<string, unknown>;
    expect(decided.messages).toHaveLength(1);
    expect(errors("DecideResponse", decided)).toEqual([]);

    const out = await interact({ pcid, events: [{ type: "consent.update", data: { collect: "out" } }, { type: "page.view" }], placements: ["hero"] });
    expect(out).toMatchObject({ consent: "out", dropped: 1 });
    expect(errors("InteractResponse", out)).toEqual([]);
  });

  it("the pcid the edge answers has the documented shape and comes back as the cookie", async () => {
    const res = await postJson(`/v1/interact?datastream=${datastream}`, { placements: ["hero"] });
    const { pcid, propositions } = (await res.json()) as { pcid: string; propositions: unknown[] };
    expect(pcid).toMatch(new RegExp(PCID_PATTERN));
    expect(res.headers.get("set-cookie")).toContain(`pcid=${pcid};`);
    expect(propositions.length).toBe(1);
    // An app sends it back in the query of /v1/decide and keeps its profile.
    const again = await call(`/v1/decide?datastream=${datastream}&placement=hero&pcid=${pcid}`);
    expect(((await again.json()) as { pcid: string }).pcid).toBe(pcid);
  });
});

describe("GET /docs", () => {
  let res: Response;
  let html = "";
  beforeAll(async () => {
    res = await call("/docs");
    html = await res.text();
  });

  it("answers HTML under a strict Content-Security-Policy, cached for five minutes", async () => {
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toMatch(/script-src/);
    expect(html).not.toMatch(/<script/i);
    // Nothing is loaded from anywhere: no src, no stylesheet link, no CSS import; links stay on the page or the Worker.
    expect(html).not.toMatch(/\ssrc=|rel="stylesheet"|@import|url\(/i);
    for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^(#|\/|data:)/);
    // The only inline style is the one the policy's hash allows.
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    expect(styles).toEqual([DOCS_CSS]);
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(styles[0]));
    expect(csp).toContain(`'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`);
    expect(html).toContain('name="viewport"');
  });

  it("shows every path with its method, parameters, body fields, responses and a curl command", () => {
    for (const { path, method, op } of operations()) {
      const section = new RegExp(`<section class="op" id="op-${op.operationId}">([\\s\\S]*?)</section>`).exec(html)?.[1] ?? "";
      expect(section, path).toContain(path);
      expect(section).toContain(`m-${method}`);
      expect(section).toContain("curl -i");
      expect(section).toContain(`${ORIGIN}${path}`);
      for (const status of Object.keys(op.responses)) expect(section).toContain(`>${status}</span>`);
      for (const p of (op.parameters ?? []).map((x) => deref<Parameter>(x))) expect(section).toContain(`<code class="name">${p.name}</code>`);
      // The table of contents links to it.
      expect(html).toContain(`href="#op-${op.operationId}"`);
    }
    const interact = /id="op-interact">([\s\S]*?)<\/section>/.exec(html)![1];
    for (const field of ["pcid", "identify", "identities", "events", "placements", "decisions", "dryRun", "type", "timestamp"]) expect(interact).toContain(`<code class="name">${field}</code>`);
    for (const name of Object.keys(doc.components.schemas)) expect(html).toContain(`id="schema-${name}"`);
    // Every in-page link has its target.
    const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    for (const [, target] of html.matchAll(/href="#([^"]+)"/g)) expect(ids, target).toContain(target);
  });

  it("escapes what it shows", () => {
    // Offer content in the examples is HTML: it must arrive as text.
    expect(html).toContain("&lt;h2&gt;Spring sale");
    expect(html).not.toContain("<h2>Spring sale");
    // curl bodies keep their JSON quotes as entities.
    expect(html).toMatch(/-d &#39;\{\s*&quot;events&quot;/);
  });

  it("escapes hostile documents too", () => {
    const evil = structuredClone(doc);
    evil.info.title = `</title><script>alert(1)</script>`;
    evil.info.description = "Hello <img src=x onerror=alert(1)> and `<b>code</b>`";
    evil.paths['/v1/"><svg onload=alert(1)>'] = { get: { ...doc.paths["/v1/ping"].get!, operationId: 'x" onmouseover="alert(1)' } };
    evil.components.schemas["<i>Bad</i>"] = { type: "object", description: "<script>", properties: { "<u>": { type: "string", examples: ["</code><script>"] } } };
    const out = renderDocs(evil, { origin: `https://evil.example/'"><script>` });
    expect(out).not.toMatch(/<(script|img|svg|b|i|u)[\s>]/i);
    expect(out).not.toContain('" onmouseover="');
    expect(out).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(out).toContain("<code>&lt;b&gt;code&lt;/b&gt;</code>");
  });
});
