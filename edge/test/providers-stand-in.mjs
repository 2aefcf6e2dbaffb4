/**
 * A provider stand-in for the Worker tests: a real HTTP server on 127.0.0.1, started in Node by
 * vitest's globalSetup, so the Worker under test (in workerd) sends real requests over a real
 * socket and no request leaves the machine.
 *
 * Each test takes its own scope (`/s/<scope>/…`), so test files running side by side never read
 * each other's requests. Under its scope the stand-in:
 * - records every request (method, path, headers, body as text and base64);
 * - answers from a script the test set (`POST /_control/<scope>/script`): a list of answers used
 *   in order — a status, headers (`Retry-After`), a body, a delay to answer slowly — then a
 *   default answer, or the last one again with `repeat`;
 * - plays a web push service: `POST /_control/<scope>/push-subscription` makes a browser-like
 *   subscription (P-256 key pair and auth secret kept here), and a push to its endpoint is
 *   decrypted (RFC 8291, with Node's crypto, independently of the Worker's WebCrypto code) and its
 *   VAPID token checked (RFC 8292), the results recorded beside the request.
 *
 * Plain JavaScript on purpose: the Worker's tsconfig covers edge/test with workerd's types, and
 * this file runs in Node.
 */
import { createECDH, createHmac, createDecipheriv, createPublicKey, randomBytes, verify } from "node:crypto";
import { createServer } from "node:http";

const scopes = new Map();
const scopeOf = (name) => {
  let s = scopes.get(name);
  if (!s) scopes.set(name, (s = { requests: [], script: [], repeat: false, subscriptions: new Map() }));
  return s;
};

const b64u = (buf) => Buffer.from(buf).toString("base64url");
const hmac = (key, data) => createHmac("sha256", key).update(data).digest();

/** RFC 8291 decryption, as a browser does it. */
function decryptPush(body, sub) {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20];
  const asPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  const shared = sub.ecdh.computeSecret(asPublic);
  const prkKey = hmac(sub.auth, shared);
  const ikm = hmac(prkKey, Buffer.concat([Buffer.from("WebPush: info\0"), sub.ecdh.getPublicKey(), asPublic, Buffer.from([1])]));
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from("Content-Encoding: aes128gcm\0\x01")).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from("Content-Encoding: nonce\0\x01")).subarray(0, 12);
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  // The last record ends with 0x02, then zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error("no final record delimiter");
  return { rs, idlen, text: padded.subarray(0, end).toString("utf8") };
}

/** RFC 8292: `vapid t=<JWT>, k=<public key>`; the JWT is ES256 over the push service's origin. */
function checkVapid(authorization, origin) {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? "");
  if (!m) return { valid: false, reason: "no vapid authorization" };
  const [header, claims, signature] = m[1].split(".");
  const raw = Buffer.from(m[2], "base64url");
  const key = createPublicKey({ key: { kty: "EC", crv: "P-256", x: b64u(raw.subarray(1, 33)), y: b64u(raw.subarray(33, 65)) }, format: "jwk" });
  const valid = verify("sha256", Buffer.from(`${header}.${claims}`), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(signature, "base64url"));
  const parsedClaims = JSON.parse(Buffer.from(claims, "base64url").toString("utf8"));
  const parsedHeader = JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
  return { valid: valid && parsedClaims.aud === origin && parsedClaims.exp * 1000 > Date.now(), header: parsedHeader, claims: parsedClaims, publicKey: m[2] };
}

const readBody = (req) =>
  new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });

function answer(res, { status = 200, headers = {}, body = "" }) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain" : "application/json", ...headers });
  res.end(text);
}

async function control(req, res, name, action, base) {
  const s = scopeOf(name);
  if (req.method === "GET" && action === "requests") return answer(res, { body: s.requests });
  const input = JSON.parse((await readBody(req)).toString("utf8") || "{}");
  if (action === "script") {
    s.script = input.responses ?? [];
    s.repeat = !!input.repeat;
    return answer(res, { body: { ok: true } });
  }
  if (action === "push-subscription") {
    const ecdh = createECDH("prime256v1");
    ecdh.generateKeys();
    const auth = randomBytes(16);
    const id = `sub${s.subscriptions.size + 1}`;
    s.subscriptions.set(id, { ecdh, auth });
    return answer(res, { body: { endpoint: `${base}/s/${name}/push/${id}`, keys: { p256dh: b64u(ecdh.getPublicKey()), auth: b64u(auth) } } });
  }
  return answer(res, { status: 404, body: { error: "unknown control" } });
}

async function record(req, res, name, rest, origin) {
  const s = scopeOf(name);
  const body = await readBody(req);
  const entry = {
    method: req.method,
    path: rest.split("?")[0],
    query: rest.includes("?") ? rest.slice(rest.indexOf("?") + 1) : "",
    headers: req.headers,
    body: body.toString("utf8"),
    bodyBase64: body.toString("base64"),
    at: Date.now(),
  };
  const push = /^\/push\/([\w-]+)$/.exec(entry.path);
  if (push && s.subscriptions.has(push[1])) {
    try {
      entry.push = decryptPush(body, s.subscriptions.get(push[1]));
    } catch (err) {
      entry.push = { error: String(err) };
    }
    entry.vapid = checkVapid(req.headers.authorization, origin);
  }
  s.requests.push(entry);
  const next = s.script.length > 1 || !s.repeat ? s.script.shift() : s.script[0];
  const reply = next ?? (push ? { status: 201, body: "" } : { status: 200, body: { ok: true, id: `msg-${s.requests.length}` } });
  if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
  if (!res.destroyed) answer(res, reply);
}

export default async function setup(project) {
  let base = "";
  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    const c = /^\/_control\/([\w-]+)\/([\w-]+)$/.exec(url);
    const s = /^\/s\/([\w-]+)(\/.*)?$/.exec(url);
    const run = c ? control(req, res, c[1], c[2], base) : s ? record(req, res, s[1], s[2] ?? "/", base) : Promise.resolve(answer(res, { status: 404, body: "no such scope" }));
    run.catch((err) => {
      if (!res.headersSent) answer(res, { status: 599, body: String(err) });
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  project.provide("providerStandIn", base);
  return async () => {
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(resolve));
  };
}
