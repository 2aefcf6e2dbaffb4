/**
 * `GET /v1/openapi.json` and `GET /docs`: the data plane's OpenAPI document and its reference
 * page. Both are built once per isolate (the page once per origin, for its curl examples) and
 * cached by browsers and the edge for five minutes.
 */
import type { Context } from "hono";
import { factory } from "../http/factory";
import type { AppEnv } from "../http/middleware";
import { openApiDocument } from "./document";
import { DOCS_CSS, renderDocs } from "./render";

const CACHE = "public, max-age=300";

let documentJson: string | undefined;

export const openApiRoutes = factory.createApp().get("/openapi.json", (c) => {
  documentJson ??= JSON.stringify(openApiDocument());
  return c.body(documentJson, 200, {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": CACHE,
    // A public description: tools on other origins (editors, code generators) may read it.
    "Access-Control-Allow-Origin": "*",
  });
});

let styleHash: Promise<string> | undefined;
const pages = new Map<string, string>();
const MAX_PAGES = 8;

/** The page's only resource is its inline style, allowed by hash: no script can run. */
async function contentSecurityPolicy(): Promise<string> {
  styleHash ??= crypto.subtle.digest("SHA-256", new TextEncoder().encode(DOCS_CSS)).then((d) => btoa(String.fromCharCode(...new Uint8Array(d))));
  return `default-src 'none'; style-src 'sha256-${await styleHash}'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

export async function docsPage(c: Context<AppEnv>): Promise<Response> {
  const origin = new URL(c.req.url).origin;
  let html = pages.get(origin);
  if (!html) {
    html = renderDocs(openApiDocument(), { origin });
    if (pages.size >= MAX_PAGES) pages.delete(pages.keys().next().value!);
    pages.set(origin, html);
  }
  return c.html(html, 200, {
    "Content-Security-Policy": await contentSecurityPolicy(),
    "Cache-Control": CACHE,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  });
}
