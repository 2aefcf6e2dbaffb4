/**
 * Public routes of email tracking, mounted at `/t`:
 * - `GET /t/c/:token`: records a click and redirects (302) to the signed destination;
 * - `GET /t/o/:token.gif`: records an open and answers a 1×1 GIF;
 * - `GET /t/u/:token`: a small page asking to confirm (mail scanners follow links, so a GET
 *   never unsubscribes); `POST /t/u/:token`: unsubscribes — the page's button, and the
 *   one-click POST of RFC 8058 that mailbox providers send.
 *
 * A malformed token answers 400, a token whose signature does not hold 404; neither redirects.
 * Clicks and opens are recorded after the answer (the person is not kept waiting); an
 * unsubscribe is recorded before it is confirmed.
 */
import type { Context } from "hono";
import { ApiError, envelope } from "../http/errors";
import { factory } from "../http/factory";
import type { AppEnv } from "../http/middleware";
import { recordForProfile, UNSUBSCRIBE_CONSENT } from "./record";
import { trackingSecret, verifyToken, type TrackingClaim, type TrackingKind } from "./tracking";

/** The smallest transparent GIF: 1×1, one colour. */
const PIXEL = Uint8Array.from(atob("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"), (c) => c.charCodeAt(0));

const PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
};

type Refusal = { status: 400 | 404 | 503; message: string };

async function claimOf(c: Context<AppEnv>, token: string, kind: TrackingKind): Promise<TrackingClaim | Refusal> {
  const secret = trackingSecret(c.env);
  if (!secret) return { status: 503, message: "Tracking is not configured on this Worker" };
  const verdict = await verifyToken(secret, token);
  if (!verdict.ok) return verdict.reason === "malformed" ? { status: 400, message: "This link is not valid" } : { status: 404, message: "This link is not known" };
  if (verdict.claim.kind !== kind) return { status: 404, message: "This link is not known" };
  return verdict.claim;
}

const refused = (x: TrackingClaim | Refusal): x is Refusal => "status" in x;

function refuse(c: Context<AppEnv>, r: Refusal) {
  const code = r.status === 400 ? "invalid_token" : r.status === 404 ? "not_found" : "unavailable";
  return c.json(envelope(new ApiError(r.status, code, r.message), c.get("requestId")), r.status, { "cache-control": "no-store" });
}

/** Records after the answer; a failure is logged, the person is redirected all the same. */
function later(c: Context<AppEnv>, claim: TrackingClaim, type: string, data: Record<string, string>) {
  // A HEAD (link checkers) is answered like a GET but counts nothing.
  if (c.req.method === "HEAD") return;
  // The delivery log keeps the first open and click of each message, for campaign and journey counts.
  const column = type === "message.click" ? "clicked_at" : "opened_at";
  const work = Promise.all([
    recordForProfile(c.env, claim.sandbox, claim.profileId, [{ type, data: { deliveryId: claim.deliveryId, channel: claim.channel, ...data } }]),
    c.env.DB.prepare(`UPDATE deliveries SET ${column} = coalesce(${column}, ?) WHERE sandbox_id = ? AND id = ?`).bind(Date.now(), claim.sandbox, claim.deliveryId).run(),
  ]).catch((err) => console.error(`recording ${type} failed`, c.get("requestId"), err));
  c.executionCtx.waitUntil(work);
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#111}button{font:inherit;padding:.5rem 1rem;border-radius:.375rem;border:1px solid #111;background:#111;color:#fff;cursor:pointer}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function htmlRefusal(c: Context<AppEnv>, r: Refusal) {
  return c.body(page("Link not valid", "<p>This unsubscribe link is not valid. Use the link in the email you received.</p>"), r.status, PAGE_HEADERS);
}

export const trackingRoutes = factory
  .createApp()
  .get("/c/:token", async (c) => {
    const claim = await claimOf(c, c.req.param("token"), "click");
    if (refused(claim)) return refuse(c, claim);
    later(c, claim, "message.click", { url: claim.url! });
    return c.body(null, 302, { location: claim.url!, "cache-control": "no-store", "referrer-policy": "no-referrer" });
  })
  .get("/o/:file{[A-Za-z0-9_.-]+\\.gif}", async (c) => {
    const claim = await claimOf(c, c.req.param("file").slice(0, -".gif".length), "open");
    if (refused(claim)) return refuse(c, claim);
    later(c, claim, "message.open", {});
    return c.body(PIXEL, 200, { "content-type": "image/gif", "cache-control": "no-store, max-age=0", "content-length": String(PIXEL.length) });
  })
  .get("/u/:token", async (c) => {
    const claim = await claimOf(c, c.req.param("token"), "unsubscribe");
    if (refused(claim)) return htmlRefusal(c, claim);
    return c.body(
      page("Unsubscribe", `<p>Stop receiving marketing emails from us at this address?</p><form method="post"><button type="submit">Unsubscribe</button></form>`),
      200,
      PAGE_HEADERS,
    );
  })
  .post("/u/:token", async (c) => {
    const claim = await claimOf(c, c.req.param("token"), "unsubscribe");
    if (refused(claim)) return htmlRefusal(c, claim);
    await recordForProfile(c.env, claim.sandbox, claim.profileId, [
      { type: "message.unsubscribe", data: { deliveryId: claim.deliveryId, channel: claim.channel } },
      { type: "consent.update", data: UNSUBSCRIBE_CONSENT[claim.channel] },
    ]);
    return c.body(page("You are unsubscribed", "<p>You will no longer receive marketing emails from us at this address.</p>"), 200, PAGE_HEADERS);
  });
