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

export interface InteractResult {
  pcid?: string;
  propositions: Proposition[];
  requestId?: string;
}

/** The smallest key-value surface the core needs: localStorage fits, so does a Map wrapper. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;
