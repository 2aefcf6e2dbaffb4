/**
 * One POST to the edge. Bodies go as text/plain JSON: a CORS "simple" request, so no preflight
 * round trip before the first personalized paint. Failures become a ParcoursError rejection.
 */
import type { FetchLike } from "./types";

export class ParcoursError extends Error {
  constructor(
    message: string,
    /** Edge error code (docs/api.md), or "network" / "bad_response" for client-side failures. */
    readonly code: string,
    readonly status = 0,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = "ParcoursError";
  }
}

export async function post(
  fetchFn: FetchLike | undefined,
  url: string,
  body: unknown,
  keepalive: boolean,
): Promise<unknown> {
  let res: Response;
  try {
    res = await (fetchFn || fetch)(url, {
      method: "POST",
      headers: { "Content-Type": "text/plain;charset=UTF-8" },
      body: JSON.stringify(body),
      credentials: "include",
      keepalive,
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
    throw new ParcoursError(e.message || "HTTP " + res.status, e.code || "http", res.status, json && json.requestId);
  }
  if (json === undefined) throw new ParcoursError("Unreadable answer", "bad_response", res.status);
  return json;
}
