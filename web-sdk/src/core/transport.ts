/**
 * One POST to the edge. Bodies go as text/plain JSON: a CORS "simple" request, so no preflight
 * round trip before the first personalized paint. Failures become a ParcoursError rejection,
 * which says whether trying again could help (network, 5xx, 429) and how long the edge asked us to wait.
 */
import type { FetchLike } from "./types";

/** Browsers refuse keepalive requests over 64 KB (counting all in flight): stay clear of it. */
export const KEEPALIVE_BYTES = 60_000;

export class ParcoursError extends Error {
  constructor(
    message: string,
    /** Edge error code (docs/api.md), or "network" / "bad_response" for client-side failures. */
    readonly code: string,
    readonly status = 0,
    readonly requestId?: string,
    /** Seconds from the edge's Retry-After header, when it sent one. */
    readonly retryAfter?: number,
    /** What the edge found wrong, field by field (`events.3.data.sku`), for validation errors. */
    readonly details?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = "ParcoursError";
  }
}

/** Worth sending again: the request may not have arrived, or the edge asked for patience. */
export function retryable(err: unknown): boolean {
  const e = err as ParcoursError;
  return !!e && (e.code === "network" || e.status === 429 || e.status >= 500);
}

export async function post(
  fetchFn: FetchLike | undefined,
  url: string,
  body: unknown,
  keepalive: boolean,
  credentials: RequestCredentials = "include",
): Promise<unknown> {
  const text = JSON.stringify(body);
  let res: Response;
  try {
    res = await (fetchFn || fetch)(url, {
      method: "POST",
      headers: { "Content-Type": "text/plain;charset=UTF-8" },
      body: text,
      credentials,
      keepalive: keepalive && text.length < KEEPALIVE_BYTES,
    });
  } catch (err) {
    throw new ParcoursError(String((err && (err as Error).message) || err), "network");
  }
  if (res.status === 204) return undefined;
  let json: any;
  try {
    json = await res.json();
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const e = (json && json.error) || {};
    const wait = res.headers && res.headers.get("Retry-After");
    throw new ParcoursError(e.message || "HTTP " + res.status, e.code || "http", res.status, json && json.requestId, wait && +wait >= 0 ? +wait : undefined, e.details);
  }
  if (!json || typeof json !== "object") throw new ParcoursError("Unreadable answer", "bad_response", res.status);
  return json;
}
