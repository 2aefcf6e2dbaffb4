/**
 * The edge client: knows the two data-plane routes, stamps events, and keeps the device id (pcid).
 * The edge sets a cookie too, but third-party cookies are often blocked, so we echo the id in the body.
 */
import { now, uuid } from "./ids";
import { memoryStorage } from "./storage";
import { post } from "./transport";
import type { EdgeEvent, FetchLike, InteractResult, KeyValueStorage } from "./types";

export interface ClientOptions {
  edgeUrl: string;
  datastream: string;
  /** Where the pcid is kept between visits; memory by default. */
  storage?: KeyValueStorage;
  fetch?: FetchLike;
}

export interface Client {
  interact(events: EdgeEvent[], placements?: string[]): Promise<InteractResult>;
  collect(events: EdgeEvent[]): Promise<void>;
  pcid(): string | undefined;
}

export const PCID_KEY = "parcours.pcid";

export function createEvent(type: string, data?: Record<string, unknown>): EdgeEvent {
  return data ? { id: uuid(), type, timestamp: now(), data } : { id: uuid(), type, timestamp: now() };
}

export function createClient(options: ClientOptions): Client {
  const storage = options.storage || memoryStorage();
  const base = options.edgeUrl.replace(/\/+$/, "");
  const query = "?datastream=" + encodeURIComponent(options.datastream);
  // While the first interact mints an id, later requests wait for it instead of minting another.
  let minting: Promise<unknown> | undefined;

  const pcid = () => storage.getItem(PCID_KEY) || undefined;

  async function send(path: string, body: Record<string, unknown>, keepalive: boolean) {
    if (!pcid() && minting) await minting.catch(() => undefined);
    const id = pcid();
    return post(options.fetch, base + path + query, id ? { pcid: id, ...body } : body, keepalive);
  }

  function interact(events: EdgeEvent[], placements?: string[]): Promise<InteractResult> {
    const firstContact = !pcid() && !minting;
    const p = send("/v1/interact", placements && placements.length ? { events, placements } : { events }, false).then(
      (json) => {
        const res = (json || {}) as Partial<InteractResult>;
        if (typeof res.pcid === "string" && res.pcid) storage.setItem(PCID_KEY, res.pcid);
        return { ...res, propositions: Array.isArray(res.propositions) ? res.propositions : [] };
      },
    );
    if (firstContact) {
      minting = p;
      // A failed first contact lets the next request try to mint again.
      const reset = () => void (minting === p && (minting = undefined));
      p.then(reset, reset);
    }
    return p;
  }

  return {
    pcid,
    interact,
    async collect(events) {
      // collect answers 204 without the id, so a first contact goes through interact to learn it.
      if (!pcid() && !minting) await interact(events);
      else await send("/v1/collect", { events }, true);
    },
  };
}
