/**
 * Identity namespaces and the normalisation every identity value goes through before it is
 * stored or compared, so `Ada@Example.com ` and `ada@example.com` are one person.
 */
import { parsePhoneNumberFromString } from "libphonenumber-js/min";
import { isPcid } from "./pcid";

export const BUILT_IN_NAMESPACES = ["pcid", "email", "phone", "crmId"] as const;
export type IdentityRef = { namespace: string; value: string };

/** Which known identity wins when several profiles must become one: lower is stronger. */
export const NAMESPACE_RANK: Record<string, number> = { crmId: 0, email: 1, phone: 2, pcid: 9 };
export const rankOf = (ns: string) => NAMESPACE_RANK[ns] ?? 5;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type Normalized = { ok: true; value: string } | { ok: false; message: string };

export function normalizeIdentity(namespace: string, raw: string, customNamespaces: readonly string[] = []): Normalized {
  const value = raw.trim();
  switch (namespace) {
    case "pcid":
      return isPcid(value) ? { ok: true, value } : { ok: false, message: "Not a valid device id" };
    case "email": {
      const email = value.toLowerCase();
      return EMAIL.test(email) && email.length <= 254 ? { ok: true, value: email } : { ok: false, message: "Not a valid email address" };
    }
    case "phone": {
      const phone = parsePhoneNumberFromString(value);
      return phone?.isValid()
        ? { ok: true, value: phone.number }
        : { ok: false, message: "Not a valid phone number in international form, like +33 6 12 34 56 78" };
    }
    case "crmId":
      return value.length >= 1 && value.length <= 128 ? { ok: true, value } : { ok: false, message: "Give 1 to 128 characters" };
    default:
      if (!customNamespaces.includes(namespace)) return { ok: false, message: `Unknown identity namespace "${namespace}"` };
      return value.length >= 1 && value.length <= 256 ? { ok: true, value } : { ok: false, message: "Give 1 to 256 characters" };
  }
}
