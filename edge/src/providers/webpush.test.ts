import { describe, expect, it } from "vitest";
import { fromBase64url, toBase64url, utf8 } from "./bytes";
import { checkVapidKeys, encryptPayload, ephemeralKey, generateVapidKeys, topicOf, vapidAuthorization } from "./webpush";

/** RFC 8291, Appendix A: fixed keys and salt, so the body must match byte for byte. */
const RFC8291 = {
  plaintext: "When I grow up, I want to be a watermelon",
  asPrivate: "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw",
  asPublic: "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8",
  uaPublic: "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
  auth: "BTBZMqHH6r4Tts7J_aSIgg",
  salt: "DGv6ra1nlYgDCS1FRnbzlw",
  body:
    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
};

describe("web push", () => {
  it("encrypts RFC 8291's example to its exact body", async () => {
    const body = await encryptPayload(utf8(RFC8291.plaintext), { p256dh: RFC8291.uaPublic, auth: RFC8291.auth }, {
      salt: fromBase64url(RFC8291.salt),
      ephemeral: await ephemeralKey({ privateKey: RFC8291.asPrivate, publicKey: RFC8291.asPublic }),
    });
    expect(toBase64url(body)).toBe(RFC8291.body);
  });

  it("signs a VAPID token that its public key verifies, for the endpoint's origin", async () => {
    const keys = await generateVapidKeys();
    expect(await checkVapidKeys(keys)).toBeNull();
    const now = Date.UTC(2026, 0, 1);
    const header = await vapidAuthorization("https://push.example.net/send/abc?x=1", keys, "mailto:ops@example.com", now);
    const m = /^vapid t=([^.]+)\.([^.]+)\.([^,]+), k=(.+)$/.exec(header)!;
    expect(m[4]).toBe(keys.publicKey);
    expect(JSON.parse(new TextDecoder().decode(fromBase64url(m[1])))).toEqual({ typ: "JWT", alg: "ES256" });
    expect(JSON.parse(new TextDecoder().decode(fromBase64url(m[2])))).toEqual({ aud: "https://push.example.net", exp: now / 1000 + 12 * 3600, sub: "mailto:ops@example.com" });
    const verifier = await crypto.subtle.importKey("raw", fromBase64url(keys.publicKey), { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
    expect(await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, verifier, fromBase64url(m[3]), utf8(`${m[1]}.${m[2]}`))).toBe(true);
  });

  it("refuses halves of two different key pairs, and a payload push cannot carry", async () => {
    const [a, b] = [await generateVapidKeys(), await generateVapidKeys()];
    expect(await checkVapidKeys({ publicKey: a.publicKey, privateKey: b.privateKey })).toMatch(/does not match|Not a P-256/);
    expect(await checkVapidKeys({ publicKey: "nope", privateKey: a.privateKey })).toMatch(/Not a P-256/);
    await expect(encryptPayload(new Uint8Array(4000), { p256dh: RFC8291.uaPublic, auth: RFC8291.auth })).rejects.toThrow(/at most 3993/);
  });

  it("makes a topic of at most 32 base64url characters, the same for the same delivery", async () => {
    const t = await topicOf("inst-1:4");
    expect(t).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await topicOf("inst-1:4")).toBe(t);
  });
});
