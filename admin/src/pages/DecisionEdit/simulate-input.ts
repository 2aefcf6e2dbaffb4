// The simulator's form: who (a new visitor, a profile id, or an identity), what-if attributes as
// JSON, the request's context, and when. Only what the request cannot be built without is
// checked here; the server checks the rest and names the field.
import { parseJsonObject } from "../../lib/json-text";
import type { SimulateInput } from "../../lib/types";

export type SimWho = "visitor" | "profile" | "identity";

export type SimDraft = {
  who: SimWho;
  profileId: string;
  namespace: string;
  value: string;
  attributes: string;
  url: string;
  userAgent: string;
  country: string;
  /** A `datetime-local` value in the viewer's time zone; empty means now. */
  at: string;
};

export type SimField = keyof SimDraft;

export const emptySimDraft = (): SimDraft => ({ who: "visitor", profileId: "", namespace: "pcid", value: "", attributes: "", url: "", userAgent: "", country: "", at: "" });

export type ReadSim = { ok: true; input: SimulateInput } | { ok: false; field: SimField; message: string };

export function readSimDraft(d: SimDraft): ReadSim {
  const input: SimulateInput = {};
  if (d.who === "profile") {
    if (!d.profileId.trim()) return { ok: false, field: "profileId", message: "Type the profile id, as shown on the profile's page." };
    input.profileId = d.profileId.trim();
  } else if (d.who === "identity") {
    if (!d.value.trim()) return { ok: false, field: "value", message: "Type the identity value, such as the visitor's device id or email." };
    input.identity = { namespace: d.namespace, value: d.value.trim() };
  }
  if (d.attributes.trim()) {
    const message = 'Give the attributes as a JSON object, such as { "tier": "gold" }.';
    const parsed = parseJsonObject(d.attributes, { empty: message, notObject: message });
    if (!parsed.ok) return { ok: false, field: "attributes", message: parsed.message };
    input.attributes = parsed.value;
  }
  const country = d.country.trim().toUpperCase();
  if (country && !/^[A-Z]{2}$/.test(country)) return { ok: false, field: "country", message: "Two letters, such as FR or US." };
  const context = { ...(d.url.trim() ? { url: d.url.trim() } : {}), ...(d.userAgent.trim() ? { userAgent: d.userAgent.trim() } : {}), ...(country ? { country } : {}) };
  if (Object.keys(context).length) input.context = context;
  if (d.at) {
    const at = new Date(d.at).getTime();
    if (!Number.isFinite(at) || at < 0) return { ok: false, field: "at", message: "Pick a date and time." };
    input.now = at;
  }
  return { ok: true, input };
}

/** The server's field paths (`identity.value`, `context.country`) as the form's fields. */
export function simFieldOf(path: string): SimField | null {
  if (path === "profileId") return "profileId";
  if (path.startsWith("identity")) return path === "identity.namespace" ? "namespace" : "value";
  if (path.startsWith("attributes")) return "attributes";
  if (path === "context.url") return "url";
  if (path === "context.userAgent") return "userAgent";
  if (path === "context.country") return "country";
  if (path === "now") return "at";
  return null;
}
