/**
 * Signed identity claims. A browser may only attach a known identity that the site's backend
 * signed with the datastream secret: HMAC-SHA256 over `namespace \n value \n expires`, where
 * `expires` is a Unix time in seconds, encoded base64url. Unsigned known identities are only
 * ever "ambiguous". See docs/identity.md for the recipe.
 */
import { base64url } from "./random";

const encoder = new TextEncoder();
/** A signature may not be valid for longer than this, so a leaked one goes stale. */
export const MAX_SIGNATURE_LIFETIME_S = 24 * 3600;


function fromB64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

const payload = (namespace: string, value: string, expires: number) => encoder.encode(`${namespace}\n${value}\n${expires}`);

async function key(secret: string, usage: "sign" | "verify") {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

export async function signIdentity(secret: string, namespace: string, value: string, expires: number): Promise<string> {
  return base64url(await crypto.subtle.sign("HMAC", await key(secret, "sign"), payload(namespace, value, expires)));
}

export type Verdict = "valid" | "expired" | "too-long" | "forged";

export async function verifyIdentity(
  secret: string,
  claim: { namespace: string; value: string; expires: number; signature: string },
  nowSeconds: number,
): Promise<Verdict> {
  const sig = fromB64url(claim.signature);
  // Verify first so that timing does not tell a forger whether the expiry was the problem.
  const ok = !!sig && (await crypto.subtle.verify("HMAC", await key(secret, "verify"), sig, payload(claim.namespace, claim.value, claim.expires)));
  if (!ok) return "forged";
  if (claim.expires <= nowSeconds) return "expired";
  if (claim.expires > nowSeconds + MAX_SIGNATURE_LIFETIME_S) return "too-long";
  return "valid";
}
