import { describe, expect, it } from "vitest";
import { normalizeIdentity } from "./namespaces";
import { signIdentity, verifyIdentity } from "./signature";

describe("normalizeIdentity", () => {
  it("trims and lower-cases emails", () => {
    expect(normalizeIdentity("email", "  Ada.Lovelace@Example.COM ")).toEqual({ ok: true, value: "ada.lovelace@example.com" });
    expect(normalizeIdentity("email", "not-an-email").ok).toBe(false);
  });

  it("puts phones in E.164 and rejects numbers without a country code", () => {
    expect(normalizeIdentity("phone", "+33 6 12 34 56 78")).toEqual({ ok: true, value: "+33612345678" });
    expect(normalizeIdentity("phone", "+1 (415) 555-2671")).toEqual({ ok: true, value: "+14155552671" });
    expect(normalizeIdentity("phone", "06 12 34 56 78").ok).toBe(false);
  });

  it("accepts custom namespaces only when the sandbox defines them", () => {
    expect(normalizeIdentity("loyalty", " L-123 ", ["loyalty"])).toEqual({ ok: true, value: "L-123" });
    expect(normalizeIdentity("loyalty", "L-123")).toEqual({ ok: false, message: 'Unknown identity namespace "loyalty"' });
  });
});

describe("identity signatures", () => {
  const secret = "s3cret";
  const now = 1_800_000_000;

  it("accepts a valid signature and rejects expired, over-long and forged ones", async () => {
    const sig = await signIdentity(secret, "email", "ada@example.com", now + 600);
    const claim = { namespace: "email", value: "ada@example.com", expires: now + 600, signature: sig };
    expect(await verifyIdentity(secret, claim, now)).toBe("valid");
    expect(await verifyIdentity(secret, claim, now + 601)).toBe("expired");
    expect(await verifyIdentity("other", claim, now)).toBe("forged");
    expect(await verifyIdentity(secret, { ...claim, value: "eve@example.com" }, now)).toBe("forged");
    expect(await verifyIdentity(secret, { ...claim, signature: "!!" }, now)).toBe("forged");
    const long = await signIdentity(secret, "email", "ada@example.com", now + 3 * 86400);
    expect(await verifyIdentity(secret, { ...claim, expires: now + 3 * 86400, signature: long }, now)).toBe("too-long");
  });
});
