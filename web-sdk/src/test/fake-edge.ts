/**
 * Test helper: a fake edge behind an injected fetch. It records each request (path, query, parsed
 * body, init) and answers from a per-path handler, so tests assert on what really went on the wire.
 */
import type { FetchLike, InteractResult } from "../core/types";

export interface Sent {
  path: string;
  datastream: string | null;
  body: any;
  init: RequestInit;
}

export type Handler = (sent: Sent) => Response | Promise<Response>;

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

export function fakeEdge(interact: Partial<InteractResult> | Handler = { pcid: "pc-1", propositions: [] }) {
  const sent: Sent[] = [];
  const handlers: Record<string, Handler> = {
    // Like the edge, a static answer only proposes for the placements the request asked for.
    "/v1/interact":
      typeof interact === "function"
        ? interact
        : ({ body }) =>
            json({ pcid: "pc-1", ...interact, propositions: (interact.propositions || []).filter((p) => (body.placements || []).includes(p.placement)) }),
    "/v1/collect": () => new Response(null, { status: 204 }),
  };
  const fetch: FetchLike = async (url, init) => {
    const u = new URL(url);
    const entry: Sent = {
      path: u.pathname,
      datastream: u.searchParams.get("datastream"),
      body: JSON.parse(String(init.body)),
      init,
    };
    sent.push(entry);
    const handler = handlers[u.pathname];
    return handler ? handler(entry) : json({ error: { code: "not_found", message: "No route" } }, 404);
  };
  return {
    fetch,
    sent,
    handlers,
    /** Requests to one route, in order. */
    to: (path: string) => sent.filter((s) => s.path === path),
  };
}

/** Lets pending promise chains (fetch → json → render → collect) run to completion. */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}

/** Settles, then waits out the outbox's batching delay (real timers), so queued events are on the wire. */
export async function delivered(): Promise<void> {
  await settle();
  await new Promise((r) => setTimeout(r, 120));
  await settle();
}
