/**
 * The outbox holds events that need no answer (displays, clicks, custom events) until the edge
 * has them. They wait in storage, so a reload while offline keeps them, and leave it only once
 * the edge accepted them; each event's id makes a resend harmless, since the edge stores it once.
 * - Batched: what is pushed within FLUSH_MS goes in one request, at most MAX_BATCH events and under
 *   KEEPALIVE_BYTES so it can outlive the page.
 * - Bounded: at most MAX_QUEUED events; the oldest go first.
 * - Retried: network errors, 5xx and 429 wait with exponential backoff and jitter, or as long as
 *   Retry-After says; any other 4xx is final and the batch is dropped, except that when the edge
 *   names the events it refused (`events.3…` in a 400's details) only those go.
 * - Gated: `sendable` says which events may go now (consent); the others stay queued.
 */
import { KEEPALIVE_BYTES, retryable, type ParcoursError } from "./transport";
import type { EdgeEvent, KeyValueStorage } from "./types";

export const QUEUE_KEY = "parcours.queue";
export const MAX_QUEUED = 100;
const MAX_BATCH = 50; // the edge's limit per request
const FLUSH_MS = 100;
const MAX_DELAY_MS = 30_000;
/** 5xx/429 answers tried this many more times before the batch is dropped; network errors retry for as long as the page lives. */
const MAX_RETRIES = 8;

export interface OutboxOptions {
  storage: KeyValueStorage;
  send(events: EdgeEvent[]): Promise<void>;
  /** Which queued events may go now; all by default. */
  sendable?(event: EdgeEvent): boolean;
  /** Each failed attempt, retried or not. */
  onError?(err: unknown): void;
}

export interface Outbox {
  /** Queues events (`first`: ahead of the others) and sends them within FLUSH_MS. */
  push(events: EdgeEvent[], first?: boolean): void;
  /** Sends what may go now, batch after batch; resolves after this pass, never rejects. */
  flush(): Promise<void>;
  /** Sends soon, unless a retry is already scheduled. */
  schedule(): void;
  /** Hands batches to a synchronous sender (sendBeacon on pagehide) until it refuses one. */
  drain(send: (events: EdgeEvent[]) => boolean): void;
  clear(): void;
  /** What waits, sendable or not. */
  queued(): EdgeEvent[];
}

export function createOutbox(o: OutboxOptions): Outbox {
  const sendable = o.sendable || (() => true);
  const report = o.onError || (() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let busy: Promise<void> | undefined;
  let retries = 0;

  function queued(): EdgeEvent[] {
    try {
      const q = JSON.parse(o.storage.getItem(QUEUE_KEY) || "[]");
      return Array.isArray(q) ? q.filter((e) => e && typeof e.type == "string") : [];
    } catch {
      return []; // unreadable: start afresh rather than fail forever
    }
  }
  const save = (q: EdgeEvent[]) => o.storage.setItem(QUEUE_KEY, JSON.stringify(q));
  const remove = (batch: EdgeEvent[]) => {
    const ids = batch.map((e) => e.id);
    save(queued().filter((e) => ids.indexOf(e.id) < 0));
  };

  /** The next batch: sendable events in queue order, within the count and size limits. */
  function next(): EdgeEvent[] {
    const batch: EdgeEvent[] = [];
    let bytes = 0;
    for (const e of queued()) {
      if (!sendable(e)) continue;
      bytes += JSON.stringify(e).length;
      if (batch.length && (batch.length >= MAX_BATCH || bytes >= KEEPALIVE_BYTES)) break;
      batch.push(e);
    }
    return batch;
  }

  /** The events a 400 names in its details (`events.3.data.sku`): the edge stores none of a refused request. */
  const refusedIn = (e: ParcoursError, batch: EdgeEvent[]) =>
    (e.details || []).map((d) => /^events\.(\d+)\b/.exec(d.path)).map((m) => m && batch[+m[1]]).filter(Boolean) as EdgeEvent[];

  function later(ms: number) {
    clearTimeout(timer);
    timer = setTimeout(flush, ms);
  }

  async function pass() {
    for (let batch = next(); batch.length; batch = next()) {
      try {
        await o.send(batch);
        retries = 0;
      } catch (err) {
        report(err);
        const e = err as ParcoursError;
        if (retryable(e) && (e.code === "network" || retries < MAX_RETRIES)) {
          const backoff = Math.min(MAX_DELAY_MS, 1000 * 2 ** retries++) * (0.5 + Math.random() / 2);
          return later(e.retryAfter !== undefined ? e.retryAfter * 1000 : backoff);
        }
        retries = 0; // refused for good: drop it, or it would block everything behind it
        const refused = e.status === 400 ? refusedIn(e, batch) : [];
        if (refused.length) batch = refused; // the others go again with the next batch
      }
      remove(batch);
    }
  }

  function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    // Events pushed while a pass runs are picked up by that pass.
    return busy || (busy = pass().catch(report).then(() => void (busy = undefined)));
  }

  const schedule = () => void (timer || (timer = setTimeout(flush, FLUSH_MS)));

  return {
    push(events, first) {
      const q = queued();
      save(first ? events.concat(q).slice(0, MAX_QUEUED) : q.concat(events).slice(-MAX_QUEUED));
      schedule();
    },
    flush,
    schedule,
    drain(send) {
      for (let batch = next(); batch.length && send(batch); batch = next()) remove(batch);
    },
    clear: () => save([]),
    queued,
  };
}
