import { describe, expect, it } from "vitest";
import { backoffSeconds, classifyAnswer, classifyError, expects, MAX_DELAY_SECONDS, retryAfterSeconds } from "./retry";

const now = Date.UTC(2026, 4, 1, 12, 0, 0);
const opts = { now, success: "sent by p (200)", random: () => 0.5 };

describe("retry decisions", () => {
  it("backs off exponentially, with half of each delay random", () => {
    // Ceilings 2, 6, 18, 54 …: each delay lies between half the ceiling and the ceiling.
    expect([1, 2, 3, 4, 5].map((n) => backoffSeconds(n, () => 0))).toEqual([1, 3, 9, 27, 81]);
    expect([1, 2, 3, 4, 5].map((n) => backoffSeconds(n, () => 1))).toEqual([2, 6, 18, 54, 162]);
    const spread = new Set(Array.from({ length: 50 }, () => backoffSeconds(6)));
    expect(spread.size).toBeGreaterThan(10);
    for (const d of spread) expect(d).toBeGreaterThanOrEqual(243), expect(d).toBeLessThanOrEqual(486);
    expect(backoffSeconds(30, () => 1)).toBe(MAX_DELAY_SECONDS);
  });

  it("reads Retry-After as seconds or as an HTTP date, capped at the queue's longest delay", () => {
    expect(retryAfterSeconds("7", now)).toBe(7);
    expect(retryAfterSeconds(" 0 ", now)).toBe(0);
    expect(retryAfterSeconds(new Date(now + 90_500).toUTCString(), now)).toBe(90);
    expect(retryAfterSeconds(new Date(now - 5000).toUTCString(), now)).toBe(0);
    expect(retryAfterSeconds("999999", now)).toBe(MAX_DELAY_SECONDS);
    expect(retryAfterSeconds("soon", now)).toBeNull();
    expect(retryAfterSeconds(null, now)).toBeNull();
  });

  it("retries 5xx, 429 and 408, honouring Retry-After; fails every other 4xx at once", () => {
    expect(classifyAnswer({ status: 200, body: "{}" }, 1, opts)).toEqual({ kind: "sent", detail: "sent by p (200)" });
    expect(classifyAnswer({ status: 503, body: "down for maintenance" }, 2, opts)).toEqual({ kind: "retry", reason: "answered 503: down for maintenance", delaySeconds: 5 });
    expect(classifyAnswer({ status: 429, retryAfter: "30", body: "" }, 1, opts)).toEqual({ kind: "retry", reason: "answered 429", delaySeconds: 30 });
    expect(classifyAnswer({ status: 429, retryAfter: new Date(now + 120_000).toUTCString(), body: "" }, 1, opts)).toMatchObject({ delaySeconds: 120 });
    expect(classifyAnswer({ status: 429, body: "" }, 3, opts)).toMatchObject({ kind: "retry", delaySeconds: 14 });
    expect(classifyAnswer({ status: 408, body: "" }, 1, opts)).toMatchObject({ kind: "retry" });
    expect(classifyAnswer({ status: 400, body: '{"Message":"Invalid To address"}' }, 1, opts)).toEqual({ kind: "failed", reason: 'answered 400: {"Message":"Invalid To address"}' });
    for (const status of [401, 403, 404, 410, 413, 422]) expect(classifyAnswer({ status, body: "" }, 1, opts).kind).toBe("failed");
    expect(classifyAnswer({ status: 400, body: "x".repeat(500) }, 1, opts)).toMatchObject({ reason: `answered 400: ${"x".repeat(200)}…` });
  });

  it("counts the expected statuses of a custom action as success, codes or classes", () => {
    expect(expects(undefined, 204)).toBe(true);
    expect(expects(["2xx"], 302)).toBe(false);
    expect(expects([200, 404], 404)).toBe(true);
    expect(classifyAnswer({ status: 404, body: "" }, 1, { ...opts, expected: [200, 404] }).kind).toBe("sent");
    expect(classifyAnswer({ status: 201, body: "" }, 1, { ...opts, expected: [200] }).kind).toBe("failed");
  });

  it("retries timeouts and network errors", () => {
    expect(classifyError(new DOMException("signal timed out", "TimeoutError"), 1, 2500, () => 0)).toEqual({ kind: "retry", reason: "no answer within 2500 ms", delaySeconds: 1 });
    expect(classifyError(new TypeError("connection refused"), 2, 2500, () => 0)).toEqual({ kind: "retry", reason: "network error: connection refused", delaySeconds: 3 });
  });
});
