/**
 * The browser SDK instance behind the `parcours(command, ...args)` function: configuration,
 * the automatic page view and the command API. Showing propositions is present.ts's job.
 * Every command returns a promise; failures reject it and fire `error`, never throw.
 */
import { createClient, createEvent, PCID_KEY, type Client } from "../core/client";
import { createEmitter } from "../core/emitter";
import { forget, safeStorage } from "../core/storage";
import { ParcoursError } from "../core/transport";
import type { FetchLike, KeyValueStorage, Proposition, SignedIdentity } from "../core/types";
import { pageData, whenReady } from "./page";
import { findPlacements, lift } from "./placements";
import { createPresenter } from "./present";

export interface Config {
  datastream?: string;
  /** Edge origin; defaults to the SDK script's origin, else the page's. */
  edgeUrl?: string;
  /** false: no automatic page view. */
  pageView?: boolean;
  /** Milliseconds before hidden placements are shown whatever happens. */
  timeout?: number;
}

export interface SendEventOptions {
  data?: Record<string, unknown>;
  placements?: string[];
  /** Render returned html/text/image propositions into their placements (default true). */
  renderDecisions?: boolean;
}

export interface Env {
  window?: Window;
  fetch?: FetchLike;
  storage?: KeyValueStorage;
}

export interface Parcours {
  (command: string, ...args: any[]): Promise<any>;
  /** Arms the automatic page view and the flicker timeout; the script-tag entry calls it on load. */
  start(): void;
}

export function createParcours(env: Env = {}): Parcours {
  const win = env.window || window;
  const doc = win.document;
  const storage = env.storage || safeStorage(() => win.localStorage);
  const emitter = createEmitter();
  const current = new Map<string, Proposition>();
  let config: Config = {};
  let client: Client | undefined;
  let started = false;
  let pageView: Promise<void> | undefined;

  const report = (err: unknown) => emitter.emit("error", err);
  const present = createPresenter(doc, (type, tokens) => {
    if (client) client.collect([createEvent(type, { tokens })]).catch(report);
  });

  async function interact(type: string, data: Record<string, unknown> | undefined, placements: string[], draw: boolean) {
    if (!client) throw new ParcoursError("Configure a datastream first", "not_configured");
    const { propositions } = await client.interact([createEvent(type, data)], placements);
    for (const p of propositions) current.set(p.placement, p);
    if (draw) present(propositions);
    emitter.emit("propositions", { propositions });
    return propositions;
  }

  function maybePageView() {
    if (!started || pageView) return;
    // No page view will render anything, so hiding placements would only delay them.
    if (config.pageView === false) {
      pageView = Promise.resolve();
      return lift(doc);
    }
    if (!client) return;
    pageView = new Promise<unknown>((resolve, reject) =>
      whenReady(doc, () => {
        // May run from a DOMContentLoaded listener, where a throw would reach the host page.
        try {
          const names = Array.from(findPlacements(doc).keys());
          if (!names.length) lift(doc);
          resolve(interact("page.view", pageData(win), names, true));
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

  const commands: Record<string, (...args: any[]) => unknown> = {
    configure(options: Config = {}) {
      for (const key of Object.keys(options) as (keyof Config)[]) {
        if (options[key] !== undefined) (config as any)[key] = options[key];
      }
      if (config.datastream) {
        client = createClient({
          edgeUrl: config.edgeUrl || win.location.origin,
          datastream: config.datastream,
          storage,
          fetch: env.fetch,
        });
      }
      maybePageView();
    },
    async sendEvent(type: string, options: SendEventOptions = {}) {
      const { data, placements = [], renderDecisions = true } = options;
      if (!type) throw new ParcoursError("An event type is required", "invalid_argument");
      if (!client) throw new ParcoursError("Configure a datastream first", "not_configured");
      if (placements.length) return { propositions: await interact(type, data, placements, renderDecisions) };
      await client.collect([createEvent(type, data)]);
      return { propositions: [] };
    },
    async getPropositions() {
      await pageView;
      return Array.from(current.values());
    },
    /** Log in: presents identities signed by the site's backend, so this device joins the known profile. */
    async identify(claims: SignedIdentity | SignedIdentity[]) {
      const identify = ([] as SignedIdentity[]).concat(claims || []);
      const valid = (c: SignedIdentity) =>
        c && typeof c.namespace == "string" && typeof c.value == "string" && typeof c.expires == "number" && typeof c.signature == "string";
      if (!identify.length || !identify.every(valid)) {
        throw new ParcoursError("identify needs { namespace, value, expires, signature } from your backend", "invalid_argument");
      }
      if (!client) throw new ParcoursError("Configure a datastream first", "not_configured");
      await client.interact([createEvent("identity.login")], [], { identify });
    },
    /** Log out: forgets the device id, so the next request starts a new anonymous profile. */
    reset() {
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

  parcours.start = () => {
    if (started) return;
    started = true;
    const timeout = Number(config.timeout);
    setTimeout(() => lift(doc), timeout >= 0 ? timeout : 1000);
    maybePageView();
  };

  return parcours;
}
