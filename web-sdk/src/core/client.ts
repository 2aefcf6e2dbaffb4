/**
 * The edge client: knows the two data-plane routes, stamps events, and keeps the device id (pcid).
 * The edge sets a cookie too, but third-party cookies are often blocked, so we echo the id in the body.
 * Answers are checked before anyone reads them: a proxy or a bug must not hand garbage to the page.
 */
import { now, uuid } from "./ids";
import { forget, memoryStorage } from "./storage";
import { post } from "./transport";
import type { EdgeEvent, FetchLike, InteractResult, KeyValueStorage, Message, Proposition, SignedIdentity } from "./types";

export interface ClientOptions {
  edgeUrl: string;
  datastream: string;
  /** Where the pcid is kept between visits; memory by default. */
  storage?: KeyValueStorage;
  fetch?: FetchLike;
  /** false: send no cookies and accept none; the pcid travels in the body only. */
  cookies?: boolean;
}

/** Identities a request presents besides the device id (docs/identity.md). */
export interface IdentityFields {
  /** Signed by the site's backend: may merge the device into the known profile. */
  identify?: SignedIdentity[];
  /** Unsigned: kept on the profile as ambiguous, never merged on. */
  identities?: { namespace: string; value: string }[];
}

/** What an interact asks for besides events and placements. */
export interface InteractFields extends IdentityFields {
  /** Saved decisions to run, each over its own placements. */
  decisions?: string[];
}

export interface Client {
  interact(events: EdgeEvent[], placements?: string[], fields?: InteractFields): Promise<InteractResult>;
  collect(events: EdgeEvent[]): Promise<void>;
  /** Hands a collect body to `send` (navigator.sendBeacon) when the device id is known; true if it took it. */
  beacon(events: EdgeEvent[], send: (url: string, body: string) => boolean): boolean;
  pcid(): string | undefined;
  /** Forgets the device id (log out): the next request gets a new one from the edge. */
  reset(): void;
}

export const PCID_KEY = "parcours.pcid";

export function createEvent(type: string, data?: Record<string, unknown>): EdgeEvent {
  return data ? { id: uuid(), type, timestamp: now(), data } : { id: uuid(), type, timestamp: now() };
}

const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);

export const isProposition = (p: any): p is Proposition => !!p && typeof p.placement == "string" && Array.isArray(p.items);

const isMessage = (m: any): m is Message =>
  !!m &&
  typeof m.id == "string" &&
  (m.kind == "banner" || m.kind == "modal") &&
  typeof m.body == "string" &&
  typeof m.trackingToken == "string" &&
  !(m.expiresAt <= Date.now());

export function createClient(options: ClientOptions): Client {
  const storage = options.storage || memoryStorage();
  const base = options.edgeUrl.replace(/\/+$/, "");
  const query = "?datastream=" + encodeURIComponent(options.datastream);
  const credentials = options.cookies === false ? "omit" : "include";
  // While the first interact mints an id, later requests wait for it instead of minting another.
  let minting: Promise<unknown> | undefined;
  // Bumped by reset, so an answer still in flight cannot bring the forgotten id back.
  let epoch = 0;

  const pcid = () => storage.getItem(PCID_KEY) || undefined;
  const withId = (body: Record<string, unknown>) => (pcid() ? { pcid: pcid(), ...body } : body);

  async function send(path: string, body: Record<string, unknown>, keepalive: boolean, remember?: boolean) {
    if (!pcid() && minting) await minting.catch(() => undefined);
    const at = epoch;
    const json = (await post(options.fetch, base + path + query, withId(body), keepalive, credentials)) as Record<string, unknown> | undefined;
    if (remember && json && typeof json.pcid === "string" && json.pcid && at === epoch) storage.setItem(PCID_KEY, json.pcid);
    return json;
  }

  function interact(events: EdgeEvent[], placements?: string[], fields: InteractFields = {}): Promise<InteractResult> {
    const firstContact = !pcid() && !minting;
    const body: Record<string, unknown> = { ...fields, events };
    if (placements && placements.length) body.placements = placements;
    if (!(fields.decisions && fields.decisions.length)) delete body.decisions;
    const p = send("/v1/interact", body, false, true).then((json): InteractResult => {
      const res = json || {};
      return { ...res, propositions: list(res.propositions).filter(isProposition), messages: list(res.messages).filter(isMessage) };
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
    beacon(events, sendBeacon) {
      return !!pcid() && sendBeacon(base + "/v1/collect" + query, JSON.stringify(withId({ events })));
    },
  };
}
