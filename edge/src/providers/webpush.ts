/**
 * Web push, written on WebCrypto alone: the libraries for it lean on Node's crypto, which workerd
 * does not have. Two standards:
 * - **RFC 8292 (VAPID)**: the request carries `Authorization: vapid t=<JWT>, k=<public key>`, a
 *   JWT signed ES256 with the application server's key, for the push service's origin, valid for
 *   12 hours, naming a contact (`sub`, a mailto: or https: URL). The browser subscribed with the
 *   same public key (`applicationServerKey`), so only this server can push to it.
 * - **RFC 8291 (message encryption)**: the payload is encrypted to the subscription's P-256 key
 *   and auth secret — an ephemeral ECDH key per message, HKDF-SHA-256 for the content key and
 *   nonce, one aes128gcm record (RFC 8188) — so the push service carries it without reading it.
 *
 * Keys are base64url: the public key is the 65-byte uncompressed point, the private key its
 * 32-byte scalar `d`, as `web-push generate-vapid-keys` prints them. The encryption is checked
 * byte for byte against RFC 8291's example (webpush.test.ts).
 */
import { concat, fromBase64url, toBase64url, utf8 } from "./bytes";

export type PushSubscription = { endpoint: string; keys: { p256dh: string; auth: string } };
export type VapidKeys = { publicKey: string; privateKey: string };

/** Push services must take 4096 bytes of body: 86 bytes of header and 17 of padding and tag leave this much. */
export const MAX_PAYLOAD_BYTES = 3993;
const RECORD_SIZE = 4096;
const JWT_LIFETIME_SECONDS = 12 * 3600;

const EC = { name: "ECDSA", namedCurve: "P-256" } as const;
const ECDH = { name: "ECDH", namedCurve: "P-256" } as const;

function pointJwk(publicKey: Uint8Array, d?: string): JsonWebKey {
  if (publicKey.length !== 65 || publicKey[0] !== 4) throw new Error("a P-256 public key is 65 bytes, starting with 0x04");
  return { kty: "EC", crv: "P-256", x: toBase64url(publicKey.subarray(1, 33)), y: toBase64url(publicKey.subarray(33, 65)), ...(d ? { d } : {}), ext: true };
}

export async function generateVapidKeys(): Promise<VapidKeys> {
  const pair = (await crypto.subtle.generateKey(EC, true, ["sign", "verify"])) as CryptoKeyPair;
  const publicKey = toBase64url((await crypto.subtle.exportKey("raw", pair.publicKey)) as ArrayBuffer);
  const { d } = (await crypto.subtle.exportKey("jwk", pair.privateKey)) as JsonWebKey;
  return { publicKey, privateKey: d! };
}

const signingKey = (keys: VapidKeys) => crypto.subtle.importKey("jwk", pointJwk(fromBase64url(keys.publicKey), keys.privateKey), EC, false, ["sign"]);

/** Why the key pair cannot be used (unreadable, or the halves do not match), or null. */
export async function checkVapidKeys(keys: VapidKeys): Promise<string | null> {
  try {
    const data = utf8("parcours vapid check");
    const signature = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, await signingKey(keys), data);
    const verifier = await crypto.subtle.importKey("raw", fromBase64url(keys.publicKey), EC, false, ["verify"]);
    return (await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, verifier, signature, data)) ? null : "The private key does not match the public key";
  } catch (err) {
    return `Not a P-256 key pair in base64url: ${(err as Error).message}`;
  }
}

/** The `Authorization` header for a push to `endpoint` (RFC 8292). */
export async function vapidAuthorization(endpoint: string, keys: VapidKeys, subject: string, now = Date.now()): Promise<string> {
  const b64json = (value: unknown) => toBase64url(utf8(JSON.stringify(value)));
  const unsigned = `${b64json({ typ: "JWT", alg: "ES256" })}.${b64json({ aud: new URL(endpoint).origin, exp: Math.floor(now / 1000) + JWT_LIFETIME_SECONDS, sub: subject })}`;
  const signature = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, await signingKey(keys), utf8(unsigned));
  return `vapid t=${unsigned}.${toBase64url(signature)}, k=${keys.publicKey}`;
}

async function hmac(key: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const k = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", k, data));
}

/** HKDF-SHA-256 with one block of output, which is all RFC 8291 needs. */
async function hkdf(salt: Uint8Array<ArrayBuffer>, ikm: Uint8Array<ArrayBuffer>, info: Uint8Array<ArrayBuffer>, length: number) {
  const prk = await hmac(salt, ikm);
  return (await hmac(prk, concat(info, new Uint8Array([1])))).slice(0, length);
}

export type Ephemeral = { privateKey: CryptoKey; publicKey: Uint8Array<ArrayBuffer> };

/** An application server's key pair for one message; RFC 8291's example passes its own. */
export async function ephemeralKey(fixed?: { privateKey: string; publicKey: string }): Promise<Ephemeral> {
  if (fixed) {
    const publicKey = fromBase64url(fixed.publicKey);
    return { privateKey: await crypto.subtle.importKey("jwk", pointJwk(publicKey, fixed.privateKey), ECDH, false, ["deriveBits"]), publicKey };
  }
  const pair = (await crypto.subtle.generateKey(ECDH, true, ["deriveBits"])) as CryptoKeyPair;
  return { privateKey: pair.privateKey, publicKey: new Uint8Array((await crypto.subtle.exportKey("raw", pair.publicKey)) as ArrayBuffer) };
}

/** The aes128gcm body of a push message for this subscription (RFC 8291 §3, RFC 8188 §2). */
export async function encryptPayload(plaintext: Uint8Array<ArrayBuffer>, keys: PushSubscription["keys"], opts: { salt?: Uint8Array<ArrayBuffer>; ephemeral?: Ephemeral } = {}): Promise<Uint8Array<ArrayBuffer>> {
  if (plaintext.length > MAX_PAYLOAD_BYTES) throw new Error(`the payload is ${plaintext.length} bytes; push carries at most ${MAX_PAYLOAD_BYTES}`);
  const uaPublic = fromBase64url(keys.p256dh);
  const authSecret = fromBase64url(keys.auth);
  const uaKey = await crypto.subtle.importKey("raw", uaPublic, ECDH, false, []);
  const as = opts.ephemeral ?? (await ephemeralKey());
  const salt = opts.salt ?? crypto.getRandomValues(new Uint8Array(16));

  // workerd's types spell the standard `public` member `$public`; the runtime takes `public`.
  const ecdh = { name: "ECDH", public: uaKey } as unknown as SubtleCryptoDeriveKeyAlgorithm;
  const shared = new Uint8Array(await crypto.subtle.deriveBits(ecdh, as.privateKey, 256));
  const ikm = await hkdf(authSecret, shared, concat(utf8("WebPush: info\0"), uaPublic, as.publicKey), 32);
  const cek = await hkdf(salt, ikm, utf8("Content-Encoding: aes128gcm\0"), 16);
  const nonce = await hkdf(salt, ikm, utf8("Content-Encoding: nonce\0"), 12);

  const key = await crypto.subtle.importKey("raw", cek, "AES-GCM", false, ["encrypt"]);
  // One record, the last: the content, then the delimiter 0x02 and no padding.
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv: nonce }, key, concat(plaintext, new Uint8Array([2]))));
  const header = new Uint8Array(21);
  header.set(salt, 0);
  new DataView(header.buffer).setUint32(16, RECORD_SIZE);
  header[20] = as.publicKey.length;
  return concat(header, as.publicKey, ciphertext);
}

/** A push `Topic` (at most 32 base64url characters): a redelivered message replaces its copy still waiting at the push service. */
export async function topicOf(deliveryId: string): Promise<string> {
  return toBase64url(await crypto.subtle.digest("SHA-256", utf8(deliveryId))).slice(0, 32);
}
