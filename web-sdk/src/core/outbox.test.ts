/**
 * The outbox on fake timers: batching, backoff and Retry-After, what is final, the storage bound,
 * and events surviving a reload (a new outbox over the same storage).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createEvent } from "./client";
import { createOutbox, MAX_QUEUED, QUEUE_KEY } from "./outbox";
import { memoryStorage } from "./storage";
import { ParcoursError } from "./transport";
import type { EdgeEvent, KeyValueStorage } from "./types";

const network = () => new ParcoursError("Failed to fetch", "network");
const http = (status: number, retryAfter?: number) => new ParcoursError("HTTP " + status, "http", status, undefined, retryAfter);

/** An outbox whose sender answers from a script: each call takes the next outcome (an error to throw, or success). */
function setup(outcomes: (Error | undefined)[] = [], storage: KeyValueStorage = memoryStorage()) {
  const calls: EdgeEvent[][] = [];
  const errors: unknown[] = [];
  const outbox = createOutbox({
    storage,
    send: async (events) => {
      calls.push(events);
      const outcome = outcomes.shift();
      if (outcome) throw outcome;
    },
    onError: (e) => errors.push(e),
  });
  const types = () => outbox.queued().map((e) => e.type);
  return { outbox, calls, errors, storage, types };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(Math, "random").mockReturnValue(1); // no jitter: delays are exactly the backoff
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("outbox", () => {
  it("sends what is pushed within 100 ms as one batch", async () => {
    const { outbox, calls, types } = setup();
    outbox.push([createEvent("a")]);
    await vi.advanceTimersByTimeAsync(50);
    outbox.push([createEvent("b"), createEvent("c")]);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(50);
    expect(calls.map((b) => b.map((e) => e.type))).toEqual([["a", "b", "c"]]);
    expect(types()).toEqual([]);
  });

  it("splits batches at 50 events, the edge's limit per request", async () => {
    const { outbox, calls } = setup();
    outbox.push(Array.from({ length: 70 }, (_, i) => createEvent("e" + i)));
    await vi.advanceTimersByTimeAsync(100);
    expect(calls.map((b) => b.length)).toEqual([50, 20]);
  });

  it("keeps each batch under 60 KB, so it can go with keepalive", async () => {
    const { outbox, calls } = setup();
    const big = "x".repeat(9_000);
    outbox.push(Array.from({ length: 10 }, () => createEvent("big", { big })));
    await vi.advanceTimersByTimeAsync(100);
    expect(calls.map((b) => b.length)).toEqual([6, 4]);
    for (const b of calls) expect(JSON.stringify(b).length).toBeLessThan(60_000);
  });

  it("retries network errors and 5xx with exponential backoff, keeping the events until one succeeds", async () => {
    const { outbox, calls, errors, types } = setup([network(), http(503), network()]);
    outbox.push([createEvent("a")]);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1); // 1 s after the first failure
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1); // then 2 s
    expect(calls).toHaveLength(3);
    expect(types()).toEqual(["a"]);
    await vi.advanceTimersByTimeAsync(4000); // then 4 s, and it goes through
    expect(calls).toHaveLength(4);
    expect(types()).toEqual([]);
    expect(errors.map((e) => (e as ParcoursError).status)).toEqual([0, 503, 0]);
  });

  it("adds jitter: between half and all of the backoff", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    const { outbox, calls } = setup([network()]);
    outbox.push([createEvent("a")]);
    await vi.advanceTimersByTimeAsync(100);
    await vi.advanceTimersByTimeAsync(499);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
  });

  it("waits as long as Retry-After says on 429", async () => {
    const { outbox, calls } = setup([http(429, 7)]);
    outbox.push([createEvent("a")]);
    await vi.advanceTimersByTimeAsync(100);
    await vi.advanceTimersByTimeAsync(6999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
  });

  it("never retries a 400: the batch is dropped and reported, the next one still goes", async () => {
    const { outbox, calls, errors, types } = setup([http(400)]);
    outbox.push(Array.from({ length: 51 }, (_, i) => createEvent("e" + i)));
    await vi.advanceTimersByTimeAsync(100);
    expect(calls.map((b) => b.length)).toEqual([50, 1]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(2);
    expect(types()).toEqual([]);
    expect(errors).toHaveLength(1);
  });

  it("on a 400 naming events, drops only those and sends the rest again", async () => {
    const invalid = new ParcoursError("An event does not match its schema", "validation_failed", 400, undefined, undefined, [
      { path: "events.1.data.sku", message: "Expected string" },
      { path: "events.1.data.qty", message: "Expected number" },
      { path: "events.7", message: "out of range" },
    ]);
    const { outbox, calls, types } = setup([invalid]);
    outbox.push([createEvent("proposition.display"), createEvent("cart.add"), createEvent("proposition.click")]);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls.map((b) => b.map((e) => e.type))).toEqual([
      ["proposition.display", "cart.add", "proposition.click"],
      ["proposition.display", "proposition.click"],
    ]);
    expect(types()).toEqual([]);
  });

  it("gives up a batch the edge keeps failing with 5xx after 8 retries, but never one that meets network errors", async () => {
    const failing = setup(Array.from({ length: 20 }, () => http(500)));
    failing.outbox.push([createEvent("poison")]);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(failing.calls).toHaveLength(9);
    expect(failing.types()).toEqual([]);

    const offline = setup(Array.from({ length: 30 }, network));
    offline.outbox.push([createEvent("kept")]);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(offline.calls.length).toBeGreaterThan(20); // backoff capped at 30 s
    expect(offline.types()).toEqual(["kept"]);
  });

  it("keeps at most 100 events: the 101st drops the oldest", () => {
    const { outbox, types } = setup();
    outbox.push(Array.from({ length: MAX_QUEUED }, (_, i) => createEvent("e" + i)));
    outbox.push([createEvent("e100")]);
    expect(types()).toHaveLength(100);
    expect(types()[0]).toBe("e1");
    expect(types()[99]).toBe("e100");
  });

  it("survives a reload: a new outbox over the same storage sends what the old one could not", async () => {
    const storage = memoryStorage();
    const before = setup(Array.from({ length: 5 }, network), storage);
    before.outbox.push([createEvent("offline.1"), createEvent("offline.2")]);
    await vi.advanceTimersByTimeAsync(100);
    expect(JSON.parse(storage.getItem(QUEUE_KEY)!)).toHaveLength(2);

    const after = setup([], storage); // the page reloaded: only storage is left
    after.outbox.schedule();
    await vi.advanceTimersByTimeAsync(100);
    expect(after.calls.map((b) => b.map((e) => e.type))).toEqual([["offline.1", "offline.2"]]);
    expect(storage.getItem(QUEUE_KEY)).toBe("[]");
  });

  it("holds what `sendable` refuses, and sends it once allowed", async () => {
    let allowed = false;
    const calls: EdgeEvent[][] = [];
    const outbox = createOutbox({ storage: memoryStorage(), send: async (e) => void calls.push(e), sendable: () => allowed });
    outbox.push([createEvent("a")]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toEqual([]);
    allowed = true;
    await outbox.flush();
    expect(calls).toHaveLength(1);
  });

  it("puts `first` events ahead of those waiting", () => {
    const { outbox, types } = setup();
    outbox.push([createEvent("a")]);
    outbox.push([createEvent("consent.update")], true);
    expect(types()).toEqual(["consent.update", "a"]);
  });

  it("drains to a synchronous sender until it refuses", () => {
    const { outbox, types } = setup();
    outbox.push(Array.from({ length: 120 }, (_, i) => createEvent("e" + i)));
    let accepted = 0;
    outbox.drain(() => ++accepted < 2);
    expect(types()).toHaveLength(50); // 100 kept; the first batch of 50 went, the second was refused
  });

  it("starts afresh from unreadable storage", async () => {
    const storage = memoryStorage();
    storage.setItem(QUEUE_KEY, "{not json");
    const { outbox, types } = setup([], storage);
    expect(types()).toEqual([]);
    outbox.push([createEvent("a")]);
    expect(types()).toEqual(["a"]);
  });
});
