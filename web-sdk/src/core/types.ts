/**
 * Wire types of the edge data plane (docs/api.md), shared by every runtime the core runs in.
 */

export type Format = "html" | "text" | "image" | "json";

/** One offer representation chosen for a placement. */
export interface Item {
  offerId: string;
  format: Format;
  content: string;
  trackingToken: string;
  link?: string | null;
  alt?: string | null;
}

export interface Proposition {
  id: string;
  placement: string;
  items: Item[];
  fallback: boolean;
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
