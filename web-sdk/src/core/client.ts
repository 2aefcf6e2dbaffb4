/**
 * The edge client: knows the two data-plane routes, stamps events, and keeps the device id (pcid).
 * The edge sets a cookie too, but third-party cookies are often blocked, so we echo the id in the body.
 */
import { now, uuid } from "./ids";
import { forget, memoryStorage } from "./storage";
import { post } from "./transport";
import type { EdgeEvent, FetchLike, InteractResult, KeyValueStorage, SignedIdentity } from "./types";

export interface ClientOptions {
  edgeUrl: string;
  datastream: string;
  /** Where the pcid is kept between visits; memory by default. */
  storage?: KeyValueStorage;
  fetch?: FetchLike;
}

/** Identities a request presents besides the device id (docs/identity.md). */
export interface IdentityFields {
  /** Signed by the site's backend: may merge the device into the known profile. */
  identify?: SignedIdentity[];
  /** Unsigned: kept on the profile as ambiguous, never merged on. */
  identities?: { namespace: string; value: string }[];
}

export interface Client {
  interact(events: EdgeEvent[], placements?: string[], identities?: IdentityFields): Promise<InteractResult>;
  collect(events: EdgeEvent[]): Promise<void>;
  pcid(): string | undefined;
  /** Forgets the device id (log out): the next request gets a new one from the edge. */
  reset(): void;
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
  // Bumped by reset, so an answer still in flight cannot bring the forgotten id back.
  let epoch = 0;

  const pcid = () => storage.getItem(PCID_KEY) || undefined;

  async function send(path: string, body: Record<string, unknown>, keepalive: boolean, remember?: boolean) {
    if (!pcid() && minting) await minting.catch(() => undefined);
    const id = pcid();
    const at = epoch;
    const json = (await post(options.fetch, base + path + query, id ? { pcid: id, ...body } : body, keepalive)) as Partial<InteractResult> | undefined;
    if (remember && json && typeof json.pcid === "string" && json.pcid && at === epoch) storage.setItem(PCID_KEY, json.pcid);
    return json;
  }

  function interact(events: EdgeEvent[], placements?: string[], identities?: IdentityFields): Promise<InteractResult> {
    const firstContact = !pcid() && !minting;
    const body = placements && placements.length ? { ...identities, events, placements } : { ...identities, events };
    const p = send("/v1/interact", body, false, true).then((json) => {
      const res = json || {};
      return { ...res, propositions: Array.isArray(res.propositions) ? res.propositions : [] };
    });
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
    reset() {
      epoch++;
      minting = undefined;
      forget(storage, PCID_KEY);
    },
    async collect(events) {
      // collect answers 204 without the id, so a first contact goes through interact to learn it.
      if (!pcid() && !minting) await interact(events);
      else await send("/v1/collect", { events }, true);
    },
  };
}
