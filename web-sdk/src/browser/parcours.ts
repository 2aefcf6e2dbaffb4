/**
 * The browser SDK instance behind the `parcours(command, ...args)` function: configuration,
 * consent, automatic page views and the command API. Showing propositions is present.ts's job,
 * messages messages.ts's, and events that need no answer wait in the outbox (core/outbox.ts).
 * Every command returns a promise; failures reject it and fire `error`, never throw.
 */
import { createClient, createEvent, isProposition, PCID_KEY, type Client, type InteractFields } from "../core/client";
import { createEmitter } from "../core/emitter";
import { createOutbox } from "../core/outbox";
import { forget, safeStorage } from "../core/storage";
import { ParcoursError, retryable } from "../core/transport";
import type { Consent, EdgeEvent, FetchLike, KeyValueStorage, Message, Proposition, SignedIdentity } from "../core/types";
import { createMessenger } from "./messages";
import { pageData, pageUrl, watchHistory, whenReady } from "./page";
import { lift, placementNames } from "./placements";
import { createPresenter, type PresentConfig } from "./present";

export type { PlacementConfig } from "./present";

export interface Config extends PresentConfig {
  datastream?: string;
  /** Edge origin; defaults to the SDK script's origin, else the page's. */
  edgeUrl?: string;
  /** false: no automatic page view; "load": only the first, not single-page-app route changes. */
  pageView?: boolean | "load";
  /** Milliseconds before hidden placements are shown whatever happens. */
  timeout?: number;
  /** Consent until the visitor chooses (setConsent); "in" by default. */
  defaultConsent?: Consent;
  /** false: never send or accept the edge's cookie; the device id lives in storage only. */
  cookies?: boolean;
  /** Saved decisions each automatic page view runs, besides the page's placements. */
  decisions?: string[];
  /** false: fire the `message` event only, and let the page show messages itself. */
  messages?: boolean;
}

export interface SendEventOptions {
  data?: Record<string, unknown>;
  placements?: string[];
  decisions?: string[];
  /** Render returned propositions into their placements (default true). */
  renderDecisions?: boolean;
}

export interface Env {
  window?: Window;
  fetch?: FetchLike;
  storage?: KeyValueStorage;
}

export interface Parcours {
  (command: string, ...args: any[]): Promise<any>;
  /** Arms the automatic page view, the flicker timeout and the page-exit beacon; the script-tag entry calls it on load. */
  start(): void;
}

export const CONSENT_KEY = "parcours.consent";
const CONSENTS: Consent[] = ["in", "out", "pending"];
const CONSENT_EVENT = "consent.update";
/** Route changes settle (the new view renders, the title changes) before their page view. */
const ROUTE_MS = 100;

export function createParcours(env: Env = {}): Parcours {
  const win = env.window || window;
  const doc = win.document;
  const storage = env.storage || safeStorage(() => win.localStorage);
  const emitter = createEmitter();
  const current = new Map<string, Proposition>();
  const seenMessages = new Set<string>();
  let config: Config = {};
  let client: Client | undefined;
  let clientKey = "";
  let started = false;
  let pageView: Promise<void> | undefined;
  let lastUrl = "";
  let routeTimer: ReturnType<typeof setTimeout> | undefined;

  const report = (err: unknown) => emitter.emit("error", err);
  const isConsent = (c: unknown): c is Consent => CONSENTS.indexOf(c as Consent) >= 0;
  const consent = (): Consent => {
    const stored = storage.getItem(CONSENT_KEY);
    return isConsent(stored) ? stored : isConsent(config.defaultConsent) ? config.defaultConsent : "in";
  };
  const configured = () => {
    if (!client) throw new ParcoursError("Configure a datastream first", "not_configured");
    return client;
  };

  const outbox = createOutbox({
    storage,
    send: (events) => configured().collect(events),
    // Out still lets the consent.update saying so reach the edge; pending sends nothing.
    sendable: (e) => !!client && (consent() === "in" || (consent() === "out" && e.type === CONSENT_EVENT)),
    onError: report,
  });
  /** Keeps events for the edge, unless the visitor refused collection. */
  const queue = (events: EdgeEvent[]) => void (consent() !== "out" && outbox.push(events));
  const track = (type: string, tokens: string[]) => queue([createEvent(type, { tokens })]);

  const present = createPresenter(win, () => config, track);
  const showMessage = createMessenger(doc, (type, token) => track(type, [token]));

  function receive(m: Message) {
    if (seenMessages.has(m.id)) return;
    seenMessages.add(m.id);
    emitter.emit("message", m);
    if (config.messages !== false) showMessage(m);
  }

  /** One event that asks for propositions. Without consent it only joins the outbox (or nothing). */
  async function interact(type: string, data: Record<string, unknown> | undefined, placements: string[], fields: InteractFields, draw: boolean) {
    const c = configured();
    const events = [createEvent(type, data)];
    if (consent() !== "in") {
      queue(events);
      return [];
    }
    let res;
    try {
      res = await c.interact(events, placements, fields);
    } catch (err) {
      // The answer is lost, but the event can still arrive later.
      if (retryable(err)) queue(events);
      throw err;
    }
    const { propositions, messages } = res;
    for (const p of propositions) current.set(p.placement, p);
    if (draw) present(propositions);
    emitter.emit("propositions", { propositions });
    messages.forEach(receive);
    return propositions;
  }

  /**
   * A page view for the current URL, unless it had one already (route changes that only touch the
   * fragment). Async, so that even a surprise in the page's DOM becomes a rejection, never a throw
   * from our timer; the request still starts synchronously, ahead of events replayed after it.
   */
  async function sendPageView(first?: boolean) {
    const url = pageUrl(win);
    if (url === lastUrl) return [];
    const data = pageData(win, first ? undefined : lastUrl);
    lastUrl = url;
    const names = placementNames(doc, config.placements);
    // No page view will render anything, so hiding placements would only delay them.
    if (!names.length) lift(doc);
    return interact("page.view", data, names, { decisions: config.decisions }, true);
  }

  function onRoute() {
    clearTimeout(routeTimer);
    routeTimer = setTimeout(() => client && sendPageView().catch(report), ROUTE_MS);
  }

  function maybePageView() {
    if (!started || pageView) return;
    if (config.pageView === false) {
      pageView = Promise.resolve();
      return lift(doc);
    }
    if (!client) return;
    if (config.pageView !== "load") watchHistory(win, onRoute);
    pageView = new Promise<unknown>((resolve, reject) =>
      whenReady(doc, () => {
        // May run from a DOMContentLoaded listener, where a throw would reach the host page.
        try {
          resolve(sendPageView(true));
        } catch (err) {
          reject(err);
        }
      }),
    ).then(
      () => lift(doc),
      (err) => {
        lift(doc);
        report(err);
      },
    );
  }

  /** The edge's cookie, when this page can read it, spares a first-contact round trip. */
  function adoptCookie() {
    try {
      const id = /(?:^|;\s*)pcid=([\w-]+)/.exec(doc.cookie);
      if (id && config.cookies !== false && !storage.getItem(PCID_KEY)) storage.setItem(PCID_KEY, id[1]);
    } catch {
      /* a sandboxed document has no cookies to read */
    }
  }

  const commands: Record<string, (...args: any[]) => unknown> = {
    configure(options: Config = {}) {
      for (const key of Object.keys(options) as (keyof Config)[]) {
        if (options[key] !== undefined) (config as any)[key] = options[key];
      }
      const key = [config.datastream, config.edgeUrl, config.cookies].join(" ");
      if (config.datastream && key !== clientKey) {
        clientKey = key;
        adoptCookie();
        client = createClient({
          edgeUrl: config.edgeUrl || win.location.origin,
          datastream: config.datastream,
          storage,
          fetch: env.fetch,
          cookies: config.cookies,
        });
        // Events a previous page could not deliver go out now.
        outbox.schedule();
      }
      maybePageView();
    },
    async sendEvent(type: string, options: SendEventOptions = {}) {
      const { data, renderDecisions = true } = options;
      const placements = ([] as string[]).concat(options.placements || []);
      const decisions = ([] as string[]).concat(options.decisions || []);
      if (!type || typeof type != "string") throw new ParcoursError("An event type is required", "invalid_argument");
      configured();
      if (placements.length || decisions.length) return { propositions: await interact(type, data, placements, { decisions }, renderDecisions) };
      queue([createEvent(type, data)]);
      return { propositions: [] };
    },
    async getPropositions() {
      await pageView;
      return Array.from(current.values());
    },
    /** Renders propositions the page kept (renderDecisions: false); tokens already reported are not reported again. */
    applyPropositions(propositions: Proposition[]) {
      const valid = (Array.isArray(propositions) ? propositions : []).filter(isProposition);
      present(valid);
      return { propositions: valid };
    },
    /** "in" | "out" | "pending", or purposes: { collect: "in", personalize: "out" }. */
    async setConsent(value: Consent | ({ collect: Consent } & Record<string, unknown>)) {
      const purposes = value && typeof value == "object" ? value : { collect: value };
      if (!isConsent(purposes.collect)) throw new ParcoursError('setConsent needs "in", "out" or "pending"', "invalid_argument");
      storage.setItem(CONSENT_KEY, purposes.collect);
      if (purposes.collect === "out") outbox.clear();
      // Ahead of what waits, so the edge learns the choice before the events it covers.
      outbox.push([createEvent(CONSENT_EVENT, { ...purposes })], true);
      await outbox.flush();
    },
    /** Log in: presents identities signed by the site's backend, so this device joins the known profile. */
    async identify(claims: SignedIdentity | SignedIdentity[]) {
      const identify = ([] as SignedIdentity[]).concat(claims || []);
      const valid = (c: SignedIdentity) =>
        c && typeof c.namespace == "string" && typeof c.value == "string" && typeof c.expires == "number" && typeof c.signature == "string";
      if (!identify.length || !identify.every(valid)) {
        throw new ParcoursError("identify needs { namespace, value, expires, signature } from your backend", "invalid_argument");
      }
      configured();
      if (consent() !== "in") throw new ParcoursError("Collection consent is not given", "consent");
      await interact("identity.login", undefined, [], { identify }, false);
    },
    /** Log out: forgets the device id, so the next request starts a new anonymous profile. */
    async reset() {
      // What this person did before logging out goes out under their id first, if it can.
      if (client) await outbox.flush();
      if (client) client.reset();
      else forget(storage, PCID_KEY);
      try {
        // The edge's cookie would bring the old id back; it is not HttpOnly so that this works.
        doc.cookie = "pcid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
      } catch {
        /* cookies disabled or a sandboxed document: nothing stored there to forget */
      }
    },
    on(name: string, fn: (payload: any) => void) {
      if (typeof fn !== "function") throw new ParcoursError("on needs a function", "invalid_argument");
      emitter.on(name, fn);
    },
    off(name: string, fn: (payload: any) => void) {
      emitter.off(name, fn);
    },
  };

  const parcours = ((name: string, ...args: any[]) =>
    new Promise((resolve) => {
      if (!Object.prototype.hasOwnProperty.call(commands, name)) {
        throw new ParcoursError("Unknown command: " + name, "unknown_command");
      }
      resolve(commands[name](...args));
    }).catch((err) => {
      report(err);
      throw err;
    })) as Parcours;

  /** Runs a page-lifecycle handler; whatever happens stays ours. */
  const listen = (target: EventTarget, type: string, fn: () => void) =>
    target.addEventListener(type, () => {
      try {
        fn();
      } catch (err) {
        report(err);
      }
    });

  parcours.start = () => {
    if (started) return;
    started = true;
    const timeout = Number(config.timeout);
    setTimeout(() => lift(doc), timeout >= 0 ? timeout : 1000);
    maybePageView();
    // fetch may not outlive the page; a beacon does. What it cannot take waits for the next page,
    // and so does everything while offline: a beacon accepted then would be lost.
    listen(win, "pagehide", () => {
      const nav = win.navigator;
      if (client && nav.onLine !== false) outbox.drain((events) => client!.beacon(events, (url, body) => nav.sendBeacon(url, body)));
    });
    listen(win, "online", outbox.flush);
  };

  return parcours;
}
