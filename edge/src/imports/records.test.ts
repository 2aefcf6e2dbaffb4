import { describe, expect, it } from "vitest";
import { eventMapper, profileMapper } from "./records";

const profileCsv = (header: string[], cells: string[]) => profileMapper.fromCells(cells, profileMapper.columns(header));
const eventCsv = (header: string[], cells: string[]) => eventMapper.fromCells(cells, eventMapper.columns(header));

describe("profile rows", () => {
  const header = ["email", "phone", "identity.loyaltyId", "attr.tier", "points", "vip", "zip", "updatedAt"];

  it("maps identities, typed attributes and the time of the values", () => {
    expect(profileCsv(header, [" Ada@Example.com ", "", "L-1", "gold", "120", "TRUE", "00501", "2026-11-29T10:00:00Z"])).toEqual({
      ok: true,
      record: {
        identities: [{ namespace: "email", value: "Ada@Example.com" }, { namespace: "loyaltyId", value: "L-1" }],
        attributes: { tier: "gold", points: 120, vip: true, zip: "00501" },
        ts: Date.UTC(2026, 10, 29, 10),
      },
      identityPaths: ["email", "identity.loyaltyId"],
    });
  });

  it("leaves empty cells unset and omits ts without an updatedAt", () => {
    expect(profileCsv(header, ["a@b.c", "", "", "", "", "", "", ""])).toEqual({ ok: true, record: { identities: [{ namespace: "email", value: "a@b.c" }], attributes: {} }, identityPaths: ["email"] });
  });

  it("rejects a row without any identity, and a bad updatedAt, naming the columns", () => {
    expect(profileCsv(header, ["", " ", "", "gold", "", "", "", "last week"])).toEqual({
      ok: false,
      reasons: [
        { path: "updatedAt", message: expect.stringContaining("ISO 8601") },
        { path: "identities", message: expect.stringContaining("No identity") },
      ],
    });
  });

  it("sets attribute names that would be unsafe on a plain object as data only", () => {
    const mapped = profileCsv(["email", "hasOwnProperty", "toString"], ["a@b.c", "1", "x"]);
    expect(mapped.ok && JSON.stringify(mapped.record.attributes)).toBe('{"hasOwnProperty":1,"toString":"x"}');
  });

  it("reads NDJSON profiles with identities, attributes and updatedAt", () => {
    expect(profileMapper.fromJson({ identities: { Email: "a@b.c", crmId: ["C1"] }, attributes: { tier: "gold", tags: ["x"], address: { city: "Lyon" } }, updatedAt: 1764410000000 })).toEqual({
      ok: true,
      record: {
        identities: [{ namespace: "email", value: "a@b.c" }, { namespace: "crmId", value: "C1" }],
        attributes: { tier: "gold", tags: ["x"], address: { city: "Lyon" } },
        ts: 1764410000000,
      },
      identityPaths: ["identities.Email", "identities.crmId.0"],
    });
    expect(profileMapper.fromJson({ identities: { email: "a@b.c" }, updatedAt: "2026-11-29T10:00:00Z" })).toMatchObject({ ok: true, record: { attributes: {}, ts: Date.UTC(2026, 10, 29, 10) } });
  });

  it("rejects NDJSON profiles with unknown keys, wrong types or no identity, naming the path", () => {
    const reasons = (v: unknown) => {
      const m = profileMapper.fromJson(v);
      return m.ok ? [] : m.reasons.map((r) => r.path);
    };
    expect(reasons({ identities: { email: "a@b.c" }, attribute: {} })).toEqual(["(row)"]);
    expect(reasons({ identities: { email: 5 } })).toEqual(["identities.email"]);
    expect(reasons({ identities: {}, attributes: {} })).toEqual(["identities"]);
    expect(reasons({ identities: { email: "" } })).toEqual(["identities"]);
    expect(reasons({ attributes: [] })).toEqual(["identities", "attributes"]);
    expect(reasons({ identities: { email: "a@b.c" }, updatedAt: "soon" })).toEqual(["updatedAt"]);
  });
});

describe("event rows", () => {
  const header = ["id", "type", "timestamp", "email", "data.sku", "data.qty", "data.gift"];

  it("maps an event with typed data and an epoch or ISO timestamp", () => {
    expect(eventCsv(header, ["e-1", "order.placed", "1764410000000", "a@b.c", "SKU-9", "2", "false"])).toEqual({
      ok: true,
      record: { identities: [{ namespace: "email", value: "a@b.c" }], event: { id: "e-1", type: "order.placed", timestamp: 1764410000000, data: { sku: "SKU-9", qty: 2, gift: false } } },
      identityPaths: ["email"],
    });
    expect(eventCsv(header, ["", "page.view", "2026-11-29T10:00:00Z", "a@b.c", "", "", ""])).toEqual({
      ok: true,
      record: { identities: [{ namespace: "email", value: "a@b.c" }], event: { type: "page.view", timestamp: "2026-11-29T10:00:00Z" } },
      identityPaths: ["email"],
    });
  });

  it("rejects a missing type, a bad id, a bad timestamp and no identity, each by column", () => {
    const m = eventCsv(header, ["bad id!", "", "noon", "", "", "", ""]);
    expect(m.ok ? [] : m.reasons.map((r) => r.path).sort()).toEqual(["id", "identities", "timestamp", "type"]);
    const typed = eventCsv(header, ["", "9lives", "", "a@b.c", "", "", ""]);
    expect(typed).toEqual({ ok: false, reasons: [{ path: "type", message: expect.stringContaining("Start with a letter") }] });
  });

  it("reads NDJSON events and rejects unknown keys and missing identities", () => {
    expect(eventMapper.fromJson({ type: "page.view", identities: { crmId: "C1" }, data: { url: "/" }, timestamp: "2026-11-29T10:00:00+01:00" })).toEqual({
      ok: true,
      record: { identities: [{ namespace: "crmId", value: "C1" }], event: { type: "page.view", timestamp: "2026-11-29T10:00:00+01:00", data: { url: "/" } } },
      identityPaths: ["identities.crmId"],
    });
    const bad = eventMapper.fromJson({ type: "page.view", identities: {}, extra: 1, timestamp: -5 });
    expect(bad.ok ? [] : bad.reasons.map((r) => r.path).sort()).toEqual(["(row)", "timestamp"]);
    expect(bad.ok ? [] : bad.reasons.find((r) => r.path === "(row)")?.message).toContain("extra");
    const none = eventMapper.fromJson({ type: "page.view", identities: { email: null } });
    expect(none).toEqual({ ok: false, reasons: [{ path: "identities", message: expect.stringContaining("No identity") }] });
  });
});
