/**
 * Provider and custom-action secrets at rest (API keys, tokens, the VAPID private key).
 *
 * Why it is built this way:
 * - **Encrypted in D1, keyed outside it.** Values are sealed with AES-256-GCM under a key derived
 *   (HKDF-SHA-256) from the Worker secret `PROVIDER_KEY`, so a copy of the database alone opens
 *   nothing. The key is derived once per isolate.
 * - **Bound to their row.** The additional data is the table, sandbox and id: a sealed value
 *   pasted into another row does not open.
 * - **A key id in the envelope.** Opening under another key says so ("sealed under another
 *   PROVIDER_KEY") instead of failing as garbage, so a rotated key is easy to diagnose.
 * - **Hints in the clear, nothing else.** The envelope keeps the last four characters of each
 *   long secret — the most the API shows — so listing providers never decrypts anything.
 * - **A development key when none is set.** Local runs and tests work without configuration:
 *   without `PROVIDER_KEY` the fixed key of .dev.vars.example is used and a warning logged once.
 *   Production sets its own (`wrangler secret put PROVIDER_KEY`); docs/channels.md says so.
 *
 * Secret values are never logged, never put in delivery payloads, never returned.
 */
import { fromBase64url, toBase64url, utf8 } from "./bytes";

/** The value in .dev.vars.example: public, for local development only. */
export const DEVELOPMENT_KEY = "vX0v0xiMLAG9xS_1Rkm9P0WuaKYgTlmUxvOVUY7iMBU";

export type SecretValues = Record<string, string>;
type Envelope = { v: 1; kid: string; iv: string; ct: string; hints: Record<string, string | null> };
type Key = { key: CryptoKey; kid: string };

/** Secrets shorter than this show no characters at all. */
const HINT_MIN_LENGTH = 12;

export class SecretError extends Error {}

const keys = new Map<string, Promise<Key>>();
let warned = false;

async function derive(material: string): Promise<Key> {
  const base = await crypto.subtle.importKey("raw", utf8(material), "HKDF", false, ["deriveKey", "deriveBits"]);
  const params = (info: string) => ({ name: "HKDF", hash: "SHA-256", salt: utf8("parcours/provider-secrets"), info: utf8(info) });
  const key = await crypto.subtle.deriveKey(params("aes-256-gcm"), base, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
  const kid = toBase64url(await crypto.subtle.deriveBits(params("key-id"), base, 48));
  return { key, kid };
}

/** Whether secrets are sealed under the Worker's own key or the public development key. */
export const keySource = (env: Env): "PROVIDER_KEY" | "development" => (env.PROVIDER_KEY ? "PROVIDER_KEY" : "development");

function keyOf(env: Env): Promise<Key> {
  const material = env.PROVIDER_KEY || DEVELOPMENT_KEY;
  if (!env.PROVIDER_KEY && !warned) {
    warned = true;
    console.warn("PROVIDER_KEY is not set: provider secrets are sealed with the public development key (docs/channels.md)");
  }
  let key = keys.get(material);
  if (!key) keys.set(material, (key = derive(material)));
  return key;
}

export const rowBinding = (table: "providers" | "custom_actions", sandbox: string, id: string) => `${table}:${sandbox}:${id}`;

/** The last four characters of a long secret, for the API to show; null for short ones. */
export const hintOf = (value: string) => (value.length >= HINT_MIN_LENGTH ? value.slice(-4) : null);

export async function seal(env: Env, values: SecretValues, binding: string): Promise<string | null> {
  if (!Object.keys(values).length) return null;
  const { key, kid } = await keyOf(env);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: utf8(binding) }, key, utf8(JSON.stringify(values)));
  const hints = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, hintOf(v)]));
  const envelope: Envelope = { v: 1, kid, iv: toBase64url(iv), ct: toBase64url(ct), hints };
  return JSON.stringify(envelope);
}

function parse(sealed: string): Envelope {
  try {
    const e = JSON.parse(sealed) as Envelope;
    if (e.v === 1 && e.iv && e.ct) return e;
  } catch {
    // reported below
  }
  throw new SecretError("the stored secret is not a sealed envelope");
}

export async function unseal(env: Env, sealed: string | null, binding: string): Promise<SecretValues> {
  if (!sealed) return {};
  const e = parse(sealed);
  const { key, kid } = await keyOf(env);
  if (e.kid !== kid) throw new SecretError("the secrets were sealed under another PROVIDER_KEY: enter them again");
  try {
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromBase64url(e.iv), additionalData: utf8(binding) }, key, fromBase64url(e.ct));
    return JSON.parse(new TextDecoder().decode(plain)) as SecretValues;
  } catch {
    throw new SecretError("the stored secrets do not open (altered, or moved from another row)");
  }
}

/** What the API shows of sealed secrets: which are set, and at most their last four characters. */
export function secretsView(sealed: string | null): { hasSecret: boolean; secrets: Record<string, { last4: string | null }> } {
  if (!sealed) return { hasSecret: false, secrets: {} };
  try {
    const e = parse(sealed);
    return { hasSecret: true, secrets: Object.fromEntries(Object.entries(e.hints ?? {}).map(([k, v]) => [k, { last4: v }])) };
  } catch {
    return { hasSecret: true, secrets: {} };
  }
}

/** Secrets after an update: omitted names are kept, `null` removes one, a string replaces it. */
export function mergeSecrets(current: SecretValues, changes: Record<string, string | null> | undefined): SecretValues {
  if (!changes) return current;
  const next = { ...current };
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next;
}
