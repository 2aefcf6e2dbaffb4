/**
 * Server API keys: `pk_<id>.<secret>`. The id finds the row; only a SHA-256 of the secret is
 * stored, so a database leak does not leak usable keys. Shown once, at creation.
 */
import { randomBase64url } from "../identity/random";

export async function hashSecret(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function newApiKey(): Promise<{ id: string; secret: string; key: string; hash: string }> {
  const id = randomBase64url(9);
  const secret = randomBase64url(32);
  return { id, secret, key: `pk_${id}.${secret}`, hash: await hashSecret(secret) };
}

export function parseApiKey(key: string): { id: string; secret: string } | null {
  const m = /^pk_([A-Za-z0-9_-]{12})\.([A-Za-z0-9_-]{43})$/.exec(key);
  return m ? { id: m[1], secret: m[2] } : null;
}
