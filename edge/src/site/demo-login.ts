/**
 * `POST /demo/login`: stands in for a real site's backend so the demo store can show a login.
 * A real backend signs an email only after checking the visitor's password; this one signs
 * any well-formed email, which is why it serves only the `demo` datastream and is off unless
 * `DEMO_LOGIN` is `"on"`: `npm start` and the tests turn it on locally; a deployment does not
 * have it (anyone could otherwise claim any email on that datastream and be merged into its
 * profile).
 */
import type { Context } from "hono";
import { DEMO_DATASTREAM } from "../../../db/seed";
import { ApiError, validationFailed } from "../http/errors";
import { factory } from "../http/factory";
import { limitBody, type AppEnv } from "../http/middleware";
import { normalizeIdentity } from "../identity/namespaces";
import { datastreamSecret } from "../identity/secrets";
import { signIdentity } from "../identity/signature";
import { readJson } from "../ingest/pipeline";

/** Long enough to reach the edge, short enough that a copied claim goes stale. */
export const DEMO_CLAIM_LIFETIME_S = 10 * 60;

/** The email from a JSON body or a plain HTML form post. */
async function readEmail(c: Context<AppEnv>): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return (await c.req.parseBody()).email;
  const body = await readJson(c);
  return body && typeof body === "object" ? (body as Record<string, unknown>).email : undefined;
}

export const demoLoginRoutes = factory.createApp().post("/login", limitBody(4096), async (c) => {
  // Typed as the literal in wrangler.toml; a deployment may set any string.
  if (c.env.DEMO_LOGIN !== "on") throw new ApiError(404, "not_found", "The demo login is turned off on this deployment");

  const email = await readEmail(c);
  const norm = typeof email === "string" ? normalizeIdentity("email", email) : { ok: false as const, message: "Give an email address" };
  if (!norm.ok) throw validationFailed([{ path: "email", message: norm.message }], "The email address is invalid");

  const secret = await datastreamSecret(c.env, DEMO_DATASTREAM);
  if (!secret) throw new ApiError(404, "unknown_datastream", `No datastream "${DEMO_DATASTREAM}": seed the demo first (npm start)`);
  const expires = Math.floor(Date.now() / 1000) + DEMO_CLAIM_LIFETIME_S;
  // Signed as normalised, so the value the browser echoes is the one stored on the profile.
  const signature = await signIdentity(secret, "email", norm.value, expires);
  return c.json({ namespace: "email" as const, value: norm.value, expires, signature });
});
