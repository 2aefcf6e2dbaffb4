import { beforeAll, describe, expect, it } from "vitest";
import { admin, call, seed, TOKEN } from "./helpers";

type Summary = {
  rows: number; created: number; updated: number; accepted: number; duplicates: number; rejected: number;
  rejects: { row: number; line: number; reasons: { path: string; message: string }[] }[];
};
type Envelope = { error: { code: string; message: string; details?: { path: string; message: string }[] } };

let sandbox = "";
beforeAll(async () => {
  ({ sandbox } = await seed());
});

const auth = { authorization: `Bearer ${TOKEN}` };

function post(kind: "profiles" | "events", body: BodyInit, query = "", headers: Record<string, string> = {}) {
  return call(`/admin/api/sandboxes/${sandbox}/imports/${kind}${query}`, { method: "POST", headers: { ...auth, ...headers }, body });
}

async function imported(kind: "profiles" | "events", body: BodyInit, format: "csv" | "ndjson") {
  const res = await post(kind, body, `?format=${format}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Summary;
}

const lookup = async (ns: string, value: string) => {
  const res = await admin("GET", `/sandboxes/${sandbox}/profiles/lookup?ns=${ns}&value=${encodeURIComponent(value)}`);
  return res.status === 200 ? ((await res.json()) as { profile: { attributes?: Record<string, unknown> } }).profile : null;
};

/** A body sent as a stream without a declared length, cut into small pieces. */
function streamed(text: string, piece = 7) {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, (at += piece)));
    },
  });
}

describe("batch import of profiles", () => {
  it("keeps the good CSV rows and reports each bad one by row, line and column", async () => {
    const csv = [
      "email,crmId,attr.tier,points,vip,updatedAt",
      "ada@example.com,C-1,gold,120,true,2026-11-29T10:00:00Z",
      ",,silver,3,false,",
      "not-an-email,,bronze,,,",
      'grace@example.com,C-2,"platinum, ""plus""\r\nsecond line",7,,1764410000000',
      "alan@example.com,C-3,gold",
      "linus@example.com,,gold,1,true,yesterday",
      "ken@example.com,,,,,",
    ].join("\r\n");
    const summary = await imported("profiles", csv, "csv");
    expect(summary).toMatchObject({ rows: 7, created: 3, updated: 0, rejected: 4 });
    expect(summary.rejects).toEqual([
      { row: 2, line: 3, reasons: [{ path: "identities", message: expect.stringContaining("No identity") }] },
      { row: 3, line: 4, reasons: [{ path: "email", message: "Not a valid email address" }] },
      { row: 5, line: 7, reasons: [{ path: "(row)", message: "The header has 6 columns but this row has 3" }] },
      { row: 6, line: 8, reasons: [{ path: "updatedAt", message: expect.stringContaining("ISO 8601") }] },
    ]);
    const grace = await lookup("email", "grace@example.com");
    expect(grace?.attributes).toMatchObject({ tier: 'platinum, "plus"\r\nsecond line', points: 7 });
    const ada = await lookup("crmId", "C-1");
    expect(ada?.attributes).toMatchObject({ tier: "gold", points: 120, vip: true });
  });

  it("updates profiles it already knows", async () => {
    const first = await imported("profiles", "email,tier\nrepeat@example.com,silver\n", "csv");
    expect(first).toMatchObject({ created: 1, updated: 0 });
    const again = await imported("profiles", "email,tier\nREPEAT@example.com,gold\n", "csv");
    expect(again).toMatchObject({ rows: 1, created: 0, updated: 1, rejected: 0 });
    expect((await lookup("email", "repeat@example.com"))?.attributes).toMatchObject({ tier: "gold" });
  });

  it("reads NDJSON, rejecting bad JSON, unknown keys and bad identities by line", async () => {
    const ndjson = [
      JSON.stringify({ identities: { email: "nd1@example.com" }, attributes: { tier: "gold", tags: ["a", "b"] } }),
      "",
      "{not json",
      JSON.stringify({ identities: { email: "nd2@example.com" }, attribute: {} }),
      JSON.stringify({ identities: { email: "nd3@example.com", phone: "12" } }),
      JSON.stringify({ identities: { crmId: "ND-4" }, attributes: { n: 1 }, updatedAt: "2026-11-29T10:00:00Z" }),
    ].join("\n");
    const summary = await imported("profiles", ndjson, "ndjson");
    expect(summary).toMatchObject({ rows: 5, created: 2, rejected: 3 });
    expect(summary.rejects.map((r) => [r.row, r.line, r.reasons[0].path])).toEqual([
      [2, 3, "(row)"],
      [3, 4, "(row)"],
      [4, 5, "identities.phone"],
    ]);
    expect((await lookup("email", "nd1@example.com"))?.attributes).toMatchObject({ tags: ["a", "b"] });
  });

  it("reads a body streamed in small pieces without a declared length", async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `stream${i}@example.com,"note ${i}, with comma"`);
    const res = await post("profiles", streamed(["email,note", ...rows].join("\n")), "", { "content-type": "text/csv" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ rows: 40, created: 40, rejected: 0 });
  });

  it("takes the format from the content type, and asks for one when there is neither", async () => {
    const nd = await post("profiles", JSON.stringify({ identities: { email: "ct@example.com" } }), "", { "content-type": "application/x-ndjson" });
    expect(await nd.json()).toMatchObject({ rows: 1, created: 1 });
    const none = await post("profiles", "email\nx@example.com");
    expect(none.status).toBe(400);
    expect(((await none.json()) as Envelope).error.details?.[0].path).toBe("format");
  });

  it("refuses a file whose header cannot be used, naming the columns, and imports nothing", async () => {
    const res = await post("profiles", "firstName,firstName,attr.\nAda,Ada,x\n", "?format=csv");
    expect(res.status).toBe(400);
    const body = (await res.json()) as Envelope;
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details?.map((d) => d.path)).toEqual(["header.firstName", "header.attr.", "header"]);
  });

  it("answers 404 for an unknown sandbox and 401 without the token", async () => {
    const res = await call(`/admin/api/sandboxes/no-such-sandbox/imports/profiles?format=csv`, { method: "POST", headers: auth, body: "email\na@b.co\n" });
    expect(res.status).toBe(404);
    expect(((await res.json()) as Envelope).error.message).toContain("no-such-sandbox");
    const anonymous = await call(`/admin/api/sandboxes/${sandbox}/imports/profiles?format=csv`, { method: "POST", body: "email\na@b.co\n" });
    expect(anonymous.status).toBe(401);
  });
});

describe("batch import of events", () => {
  it("accepts events from NDJSON, reports duplicates on a second run and rejects bad ones", async () => {
    const ndjson = [
      { id: "imp-1", type: "order.placed", timestamp: "2026-11-29T10:00:00Z", identities: { email: "buyer@example.com" }, data: { total: 42 } },
      { id: "imp-2", type: "page.view", identities: { crmId: "B-1" } },
      { type: "9bad", identities: { email: "buyer@example.com" } },
      { id: "imp-3", type: "page.view", identities: {} },
    ].map((e) => JSON.stringify(e)).join("\n");
    const first = await imported("events", ndjson, "ndjson");
    expect(first).toMatchObject({ rows: 4, accepted: 2, duplicates: 0, rejected: 2 });
    expect(first.rejects.map((r) => [r.row, r.reasons[0].path])).toEqual([[3, "type"], [4, "identities"]]);
    const again = await imported("events", ndjson, "ndjson");
    expect(again).toMatchObject({ accepted: 0, duplicates: 2, rejected: 2 });
  });

  it("accepts events from CSV with data columns", async () => {
    const csv = "id,type,timestamp,email,data.sku,data.qty\ncsv-1,order.placed,1764410000000,csvbuyer@example.com,SKU-1,2\ncsv-2,,,csvbuyer@example.com,,\n";
    const summary = await imported("events", csv, "csv");
    expect(summary).toMatchObject({ rows: 2, accepted: 1, rejected: 1 });
    expect(summary.rejects[0]).toMatchObject({ row: 2, line: 3, reasons: [{ path: "type" }] });
  });

  it("refuses an event CSV with an unknown column", async () => {
    const res = await post("events", "type,email,sku\npage.view,a@b.co,1\n", "?format=csv");
    expect(res.status).toBe(400);
    expect(((await res.json()) as Envelope).error.details?.[0].message).toContain('Unknown column "sku"');
  });
});

describe("body limits", () => {
  it("lets an import body pass 64 KB while other admin routes keep the 64 KB limit", async () => {
    // 2,000 rows without identity (rejected before ingestion) and one good row: about 150 KB.
    const filler = Array.from({ length: 2000 }, () => `,${"x".repeat(70)}`);
    const csv = ["email,note", ...filler, "big@example.com,ok"].join("\n");
    expect(csv.length).toBeGreaterThan(100 * 1024);
    const summary = await imported("profiles", csv, "csv");
    expect(summary).toMatchObject({ rows: 2001, created: 1, rejected: 2000 });
    expect(summary.rejects[1999].line).toBe(2001);

    const offer = await admin("POST", `/sandboxes/${sandbox}/offers`, {
      name: "Too big", representations: [{ placement: "hero", format: "html", content: "x".repeat(70 * 1024) }],
    });
    expect(offer.status).toBe(413);
    expect(((await offer.json()) as Envelope).error.code).toBe("payload_too_large");
  });

  it("refuses an import body over 10 MB, declared or streamed", async () => {
    const big = `email,note\na@example.com,"${"x".repeat(10 * 1024 * 1024)}"\n`;
    const declared = await post("profiles", big, "?format=csv");
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as Envelope).error.code).toBe("payload_too_large");
    const stream = await post("profiles", streamed(big, 64 * 1024), "?format=csv");
    expect(stream.status).toBe(413);
    expect(((await stream.json()) as Envelope).error.code).toBe("payload_too_large");
  });
});
