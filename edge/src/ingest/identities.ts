/**
 * The identities a browser request presents: normalised, signatures checked. Signed ones are
 * authenticated; unsigned ones are kept as ambiguous.
 */
import type { z } from "zod";
import { ApiError, type ErrorDetail } from "../http/errors";
import { normalizeIdentity } from "../identity/namespaces";
import type { Claim } from "../identity/resolve";
import { datastreamSecret } from "../identity/secrets";
import { verifyIdentity } from "../identity/signature";
import type { interactBody } from "./schemas";

type Body = Pick<z.output<typeof interactBody>, "identify" | "identities">;

const VERDICT_MESSAGES = {
  expired: "The signature has expired; sign the identity again",
  "too-long": "The signature is valid for more than 24 hours; use a shorter expiry",
  forged: "The signature does not match this identity and datastream",
} as const;

export async function readIdentities(env: Env, datastream: string, body: Body, customNamespaces: string[], now: number) {
  const details: ErrorDetail[] = [];
  const signed: Claim[] = [];
  const ambiguous: Claim[] = [];

  for (const [i, claim] of (body.identify ?? []).entries()) {
    const norm = normalizeIdentity(claim.namespace, claim.value, customNamespaces);
    if (!norm.ok) details.push({ path: `identify.${i}.value`, message: norm.message });
    else if (claim.namespace === "pcid") details.push({ path: `identify.${i}.namespace`, message: "The device id cannot be claimed" });
    else signed.push({ ref: { namespace: claim.namespace, value: norm.value }, authenticated: true });
  }
  for (const [i, ref] of (body.identities ?? []).entries()) {
    const norm = normalizeIdentity(ref.namespace, ref.value, customNamespaces);
    if (!norm.ok) details.push({ path: `identities.${i}.value`, message: norm.message });
    else if (ref.namespace !== "pcid") ambiguous.push({ ref: { namespace: ref.namespace, value: norm.value }, authenticated: false });
  }
  if (details.length) throw new ApiError(400, "validation_failed", "An identity is invalid", details);

  if (body.identify?.length) {
    const secret = await datastreamSecret(env, datastream);
    const nowS = Math.floor(now / 1000);
    const failures: ErrorDetail[] = [];
    for (const [i, claim] of body.identify.entries()) {
      // The signature covers the value as the site's backend sent it, before normalisation.
      const verdict = secret ? await verifyIdentity(secret, claim, nowS) : "forged";
      if (verdict !== "valid") failures.push({ path: `identify.${i}.signature`, message: VERDICT_MESSAGES[verdict] });
    }
    if (failures.length) throw new ApiError(401, "invalid_signature", "A signed identity was not accepted", failures);
  }
  return { signed, ambiguous };
}
