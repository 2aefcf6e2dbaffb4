/** Test visitors: a browser-like client that keeps its cookie, signed identities, and lookups. */
import { env } from "cloudflare:workers";
import { signIdentity } from "../src/identity/signature";
import { admin, cookieOf, postJson } from "./helpers";

export type Answer = { pcid: string; propositions: { placement: string; items: { offerId: string; trackingToken: string }[] }[]; error?: { code: string; details?: { path: string }[] } };
export type Profile = {
  id: string; known: boolean; attributes: Record<string, unknown>; mergedFrom: string[]; eventCount: number;
  identities: { namespace: string; value: string; authenticated: boolean }[];
  counters: Record<string, { decisions: number; displays: number; clicks: number }>;
};

export async function secretOf(datastream: string) {
  return (await env.DB.prepare("SELECT secret FROM datastreams WHERE id = ?").bind(datastream).first<{ secret: string }>())!.secret;
}

/** An identity signed the way a site's backend signs it. */
export async function signed(datastream: string, namespace: string, value: string, ttlSeconds = 600) {
  const expires = Math.floor(Date.now() / 1000) + ttlSeconds;
  return { namespace, value, expires, signature: await signIdentity(await secretOf(datastream), namespace, value, expires) };
}

/** A browser on one device: it keeps the cookie the edge sets. */
export function client(datastream: string) {
  let pcid = "";
  const send = async (path: string, body: Record<string, unknown>) => {
    const res = await postJson(`/v1/${path}?datastream=${datastream}`, body, pcid ? { cookie: `pcid=${pcid}` } : {});
    pcid = cookieOf(res, "pcid") ?? pcid;
    if (res.status === 204) return { status: 204, body: null };
    return { status: res.status, body: (await res.json()) as Answer };
  };
  return { send, pcid: () => pcid };
}

export async function lookup(sandbox: string, ns: string, value: string): Promise<Profile | null> {
  const res = await admin("GET", `/sandboxes/${sandbox}/profiles/lookup?ns=${ns}&value=${encodeURIComponent(value)}`);
  return res.status === 200 ? ((await res.json()) as { profile: Profile }).profile : null;
}
