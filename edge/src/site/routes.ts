/**
 * Static parts served through the Worker: the SDK, the demo page (with its stand-in login
 * backend) and the console.
 * The Worker sets caching: `/sdk.js` is short-lived so sites pick up fixes, the versioned
 * `/sdk/<hash>.js` and the console's hashed assets are immutable, HTML is always revalidated.
 */
import type { Context } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { factory } from "../http/factory";
import type { AppEnv } from "../http/middleware";
import { docsPage } from "../openapi/routes";
import { demoLoginRoutes } from "./demo-login";
import { trackingRoutes } from "../content/tracking-routes";

const IMMUTABLE = "public, max-age=31536000, immutable";
const SHORT = "public, max-age=300, stale-while-revalidate=86400";
const REVALIDATE = "no-cache";

async function asset(c: Context<AppEnv>, path: string, cacheControl: string): Promise<Response> {
  const url = new URL(c.req.url);
  url.pathname = path;
  url.search = "";
  const res = await c.env.ASSETS.fetch(new Request(url, { headers: c.req.raw.headers }));
  if (res.status === 404) return c.json({ error: { code: "not_found", message: "Not found" } }, 404);
  const out = new Response(res.body, res);
  if (res.ok) out.headers.set("Cache-Control", cacheControl);
  return out;
}

const pageHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    imgSrc: ["'self'", "data:", "https:"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    scriptSrc: ["'self'", "'unsafe-inline'"],
    connectSrc: ["'self'"],
    frameAncestors: ["'none'"],
  },
});

export const siteRoutes = factory
  .createApp()
  .get("/", (c) => c.redirect("/demo", 302))
  .get("/sdk.js", (c) => asset(c, "/sdk.js", SHORT))
  .get("/sdk.js.map", (c) => asset(c, "/sdk.js.map", SHORT))
  .get("/sdk/:file{[\\w.-]+\\.js(\\.map)?}", (c) => asset(c, `/sdk/${c.req.param("file")}`, IMMUTABLE))
  .get("/demo", pageHeaders, (c) => asset(c, "/demo/index.html", REVALIDATE))
  .route("/demo", demoLoginRoutes)
  .route("/t", trackingRoutes)
  .get("/docs", docsPage)
  .get("/admin/assets/*", (c) => asset(c, new URL(c.req.url).pathname, IMMUTABLE))
  .get("/admin", pageHeaders, (c) => asset(c, "/admin/index.html", REVALIDATE))
  .get("/admin/*", pageHeaders, (c) => {
    const path = new URL(c.req.url).pathname;
    // Console routes are client-side: anything without a file extension gets the app shell.
    return /\.[a-z0-9]+$/i.test(path) ? asset(c, path, REVALIDATE) : asset(c, "/admin/index.html", REVALIDATE);
  });
