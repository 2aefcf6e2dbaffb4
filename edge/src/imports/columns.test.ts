import { describe, expect, it } from "vitest";
import { eventColumns, HeaderError, profileColumns } from "./columns";

const headerError = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof HeaderError) return err.details;
    throw err;
  }
  throw new Error("expected a HeaderError");
};

describe("profile columns", () => {
  it("gives each column its role", () => {
    expect(profileColumns(["Email", " phone ", "CRMID", "identity.loyaltyId", "identity.email2", "updatedAt", "attr.tier", "firstName", "attr.email"]).map((c) => [c.name, c.role, "namespace" in c ? c.namespace : "attribute" in c ? c.attribute : ""])).toEqual([
      ["Email", "identity", "email"],
      ["phone", "identity", "phone"],
      ["CRMID", "identity", "crmId"],
      ["identity.loyaltyId", "identity", "loyaltyId"],
      ["identity.email2", "identity", "email2"],
      ["updatedAt", "updatedAt", ""],
      ["attr.tier", "attribute", "tier"],
      ["firstName", "attribute", "firstName"],
      ["attr.email", "attribute", "email"],
    ]);
  });

  it("keeps dots in attribute names as part of the name", () => {
    expect(profileColumns(["email", "attr.address.city"])[1]).toMatchObject({ attribute: "address.city" });
  });

  it("refuses a header without an identity column", () => {
    expect(headerError(() => profileColumns(["firstName", "attr.email"]))).toEqual([{ path: "header", message: expect.stringContaining("No identity") }]);
  });

  it("lists every problem at once: nameless, repeated, empty prefix, unsafe names", () => {
    const details = headerError(() => profileColumns(["email", "", "tier", "attr.tier", "identity.email", "attr.", "__proto__", "identity."]));
    expect(details.map((d) => d.path)).toEqual(["header.#2", "header.attr.tier", "header.identity.email", "header.attr.", "header.__proto__", "header.identity."]);
    expect(details[1].message).toBe('Column "attr.tier" sets the same thing as column "tier"');
  });
});

describe("event columns", () => {
  it("reads id, type, timestamp, identities and data fields", () => {
    expect(eventColumns(["id", "Type", "timestamp", "email", "data.sku", "data.price"]).map((c) => c.role)).toEqual(["id", "type", "timestamp", "identity", "data", "data"]);
  });

  it("refuses unknown columns, a missing type and a missing identity together", () => {
    const details = headerError(() => eventColumns(["id", "sku"]));
    expect(details.map((d) => d.message)).toEqual([expect.stringContaining('Unknown column "sku"'), expect.stringContaining("No identity"), "No type column: every event needs a type"]);
  });
});
