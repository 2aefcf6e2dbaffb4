import { describe, expect, it } from "vitest";
import { cellValue, identitiesFrom, locateReasons, namespaceOf, parseTime } from "./values";

describe("cell values", () => {
  it("treats an empty cell as not set, but keeps blank text", () => {
    expect(cellValue("")).toBeUndefined();
    expect(cellValue(" ")).toBe(" ");
  });

  it("reads true and false in any case as booleans", () => {
    expect([cellValue("true"), cellValue("FALSE"), cellValue("True")]).toEqual([true, false, true]);
    expect(cellValue("yes")).toBe("yes");
  });

  it("reads numbers only when they round-trip exactly", () => {
    expect([cellValue("42"), cellValue("-1.5"), cellValue("0"), cellValue("0.25")]).toEqual([42, -1.5, 0, 0.25]);
    for (const text of ["007", "1.50", "1e3", "+1", " 1", "1 ", "-0", "0x10", "Infinity", "NaN", "12345678901234567890", "+33612345678", ".5"]) {
      expect(cellValue(text)).toBe(text);
    }
  });
});

describe("timestamps", () => {
  it("accepts ISO date-times with a zone and epoch milliseconds", () => {
    expect(parseTime("2026-11-29T10:00:00Z")).toEqual({ ok: true, ms: Date.UTC(2026, 10, 29, 10) });
    expect(parseTime("2026-11-29T11:00:00.500+01:00")).toEqual({ ok: true, ms: Date.UTC(2026, 10, 29, 10, 0, 0, 500) });
    expect(parseTime("1764410000000")).toEqual({ ok: true, ms: 1764410000000 });
    expect(parseTime(1764410000000)).toEqual({ ok: true, ms: 1764410000000 });
  });

  it("refuses dates without a zone, words, negative or fractional numbers", () => {
    for (const v of ["2026-11-29T10:00:00", "2026-11-29", "yesterday", "", -1, 1.5, "2026-13-01T00:00:00Z", true]) {
      expect(parseTime(v)).toMatchObject({ ok: false, message: expect.stringContaining("ISO 8601") });
    }
  });
});

describe("identities from JSON", () => {
  it("canonicalises built-in namespaces, keeps custom ones, skips blanks and repeats", () => {
    expect(namespaceOf("CRMID")).toBe("crmId");
    expect(namespaceOf("loyaltyId")).toBe("loyaltyId");
    expect(identitiesFrom({ Email: " a@b.c ", phone: null, crmId: "", loyaltyId: ["L1", "L2", "L1"], email: "a@b.c" })).toEqual({
      identities: [
        { namespace: "email", value: "a@b.c" },
        { namespace: "loyaltyId", value: "L1" },
        { namespace: "loyaltyId", value: "L2" },
      ],
      paths: ["identities.Email", "identities.loyaltyId.0", "identities.loyaltyId.1"],
    });
  });

  it("reports ingestion's reasons about identities.<i> where the identity came from", () => {
    const reasons = [
      { path: "identities.1", message: "Not a valid email address" },
      { path: "identities.0.value", message: "x" },
      { path: "identities", message: "y" },
      { path: "identities.7", message: "z" },
      { path: "attributes.tier", message: "w" },
    ];
    expect(locateReasons(reasons, ["crmId", "email"]).map((r) => r.path)).toEqual(["email", "crmId.value", "identities", "identities.7", "attributes.tier"]);
    expect(locateReasons(reasons, undefined)).toBe(reasons);
  });
});
