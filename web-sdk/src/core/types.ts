/**
 * Wire types of the edge data plane (docs/api.md), shared by every runtime the core runs in.
 */

export type Format = "html" | "text" | "image" | "json";

/** How the web SDK puts an item into a placement: a format, or an attribute set on the element. */
export type Action = Format | "attribute";

/** Collection consent: `pending` keeps events on the device, `out` sends nothing more. */
export type Consent = "in" | "out" | "pending";

/** One offer representation chosen for a placement. */
export interface Item {
  offerId: string;
  format: Format;
  content: string;
  /** Absent on dry runs: nothing was counted, so there is nothing to notify. */
  trackingToken?: string;
  link?: string | null;
  alt?: string | null;
  /** Attribute the `attribute` action sets; placement configuration may name it instead. */
  attribute?: string;
}

export interface Proposition {
  id: string;
  placement: string;
  /** The saved decision that chose it; null for a bare placement. */
  decision?: string | null;
  items: Item[];
  fallback: boolean;
  /** The placement's CSS selector and render action, when set in the console. */
  selector?: string;
  action?: Action;
}

/** An in-app message a journey left for the profile; `body` is plain text. */
export interface Message {
  id: string;
  kind: "banner" | "modal";
  title?: string;
  body: string;
  cta?: { label: string; url: string };
  /** Epoch milliseconds. */
  expiresAt: number;
  trackingToken: string;
}

export interface EdgeEvent {
  id: string;
  type: string;
  timestamp: string;
  data?: Record<string, unknown>;
}

/** A known identity signed by the site's backend (docs/identity.md). */
export interface SignedIdentity {
  namespace: string;
  value: string;
  /** Unix time in seconds, at most 24 h ahead. */
  expires: number;
  signature: string;
}

export interface InteractResult {
  pcid?: string;
  propositions: Proposition[];
  /** Always an array: whatever the edge sent, filtered to well-formed, unexpired messages. */
  messages: Message[];
  requestId?: string;
}

/** The smallest key-value surface the core needs: localStorage fits, so does a Map wrapper. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  /** Used to forget the device id; without it an empty string is written instead. */
  removeItem?(key: string): void;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;
