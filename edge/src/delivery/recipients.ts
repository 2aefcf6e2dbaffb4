/**
 * Who a message goes to and what its templates may read, from the profile's facts (its object,
 * or the D1 index for campaign messages), read once per message before the business rules:
 * - email: the `email` attribute, else an email identity (authenticated ones first);
 * - SMS: the `phone` attribute, else a phone identity;
 * - web push: a subscription (`{ endpoint, keys: { p256dh, auth } }`, as the browser's
 *   `PushSubscription.toJSON()` gives it) in the journey's variables as `pushSubscription` — an
 *   entry event such as `push.subscribed` carrying it — else in the profile's `pushSubscription`
 *   attribute, which the SDK will set when the visitor subscribes.
 * The journey's variables come from visitors' events: they may carry a push subscription (it can
 * only reach push services the provider allows), never an email address or a phone number.
 */
import { z } from "zod";
import type { JsonObject, JsonValue } from "../profiles/events";
import { profileStub } from "../profiles/stub";
import type { Recipient } from "../providers/send";

export type ProfileFacts = { attributes: Record<string, JsonValue>; identities: { namespace: string; value: string; authenticated: boolean }[]; consent: JsonObject };

const subscription = z.object({
  endpoint: z.string().min(8).max(2000),
  keys: z.object({ p256dh: z.string().regex(/^[A-Za-z0-9_-]{87}=?$/), auth: z.string().regex(/^[A-Za-z0-9_-]{22}(==)?$/) }),
});

/** The profile's attributes and identities, or nothing when its object has never seen it. */
export async function profileFacts(env: Env, sandbox: string, profileId: string): Promise<ProfileFacts> {
  const view = await profileStub(env, sandbox, profileId).describe(sandbox, profileId, 0);
  return view ? { attributes: view.attributes, identities: view.identities, consent: view.consent } : { attributes: {}, identities: [], consent: {} };
}

/**
 * The facts of many profiles at once from the D1 profile index (two statements in one round
 * trip), for campaign runs: they read their audience from the index, and their messages read the
 * same copy of each person. The index follows the profiles' objects within a second or so.
 */
export async function indexedFacts(env: Env, sandbox: string, profileIds: string[]): Promise<Map<string, ProfileFacts>> {
  const out = new Map<string, ProfileFacts>();
  if (!profileIds.length) return out;
  const ids = JSON.stringify([...new Set(profileIds)]);
  const [rows, graph] = await env.DB.batch([
    env.DB.prepare("SELECT id, attributes, consent FROM profiles WHERE sandbox_id = ? AND id IN (SELECT value FROM json_each(?))").bind(sandbox, ids),
    env.DB.prepare("SELECT profile_id, namespace, value, authenticated FROM identities WHERE sandbox_id = ? AND profile_id IN (SELECT value FROM json_each(?))").bind(sandbox, ids),
  ]);
  for (const r of rows.results as { id: string; attributes: string; consent: string }[]) {
    out.set(r.id, { attributes: JSON.parse(r.attributes || "{}"), identities: [], consent: JSON.parse(r.consent || "{}") });
  }
  for (const i of graph.results as { profile_id: string; namespace: string; value: string; authenticated: number }[]) {
    out.get(i.profile_id)?.identities.push({ namespace: i.namespace, value: i.value, authenticated: !!i.authenticated });
  }
  return out;
}

function identity(facts: ProfileFacts, namespace: string): string | undefined {
  const all = facts.identities.filter((i) => i.namespace === namespace);
  return (all.find((i) => i.authenticated) ?? all[0])?.value;
}

const text = (v: JsonValue | undefined) => (typeof v === "string" && v.trim() ? v.trim() : undefined);

export function recipientOf(facts: ProfileFacts | null, vars: JsonObject): Recipient {
  const push = subscription.safeParse(vars.pushSubscription ?? facts?.attributes.pushSubscription);
  return {
    email: facts ? (text(facts.attributes.email) ?? identity(facts, "email")) : undefined,
    phone: facts ? (text(facts.attributes.phone) ?? identity(facts, "phone")) : undefined,
    push: push.success ? push.data : undefined,
  };
}

/**
 * Whether the profile's consent refuses messages on a channel: `consent.<channel>` (as an
 * unsubscribe link sets it: `{ "email": "out" }`) or `consent.marketing` set to "out".
 */
export function consentRefuses(facts: ProfileFacts, channel: string): string | null {
  if (facts.consent[channel] === "out") return `consent: ${channel} is out`;
  if (facts.consent.marketing === "out") return "consent: marketing is out";
  return null;
}
