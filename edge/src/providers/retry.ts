/**
 * What an attempt's answer means for the message: sent, failed for good, or tried again later —
 * and how much later. Pure, so the rules are tested without a queue or a clock.
 *
 * - **Retried**: 5xx, 429 and 408 answers, timeouts and network errors — the provider may take
 *   the same request later. A `Retry-After` (seconds or an HTTP date) is honoured as given;
 *   otherwise the delay grows exponentially with "equal jitter" (half fixed, half random), so
 *   messages failing together do not all come back together.
 * - **Failed at once**: every other answer outside the expected statuses (a 400 will be a 400
 *   again), with the status and the start of the provider's reason.
 * - The number of attempts is the queue's (`max_retries` in wrangler.toml); after the last one the
 *   message goes to the dead-letter queue, whose consumer marks it failed.
 */

/** First retry after 1–2 s, then ×3 each time: 8 retries span about two hours at most. */
export const BACKOFF_BASE_SECONDS = 2;
export const BACKOFF_FACTOR = 3;
/** The longest delay a Queues message may be retried with (12 hours). */
export const MAX_DELAY_SECONDS = 43_200;
/** Characters of a provider's answer kept as the reason. */
const REASON_LENGTH = 200;

export type Outcome =
  | { kind: "sent"; detail: string }
  | { kind: "retry"; reason: string; delaySeconds: number }
  | { kind: "failed"; reason: string }
  /** Not sent because a business rule (consent, for one) says so; final, like a failure. */
  | { kind: "blocked"; reason: string };

/** The delay before retrying after failed attempt `attempt` (1 for the first). */
export function backoffSeconds(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_SECONDS, BACKOFF_BASE_SECONDS * BACKOFF_FACTOR ** Math.max(0, attempt - 1));
  return Math.min(MAX_DELAY_SECONDS, Math.ceil(ceiling / 2 + (random() * ceiling) / 2));
}

/** `Retry-After` as seconds from now: a number of seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterSeconds(header: string | null | undefined, now: number): number | null {
  if (!header) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Math.min(MAX_DELAY_SECONDS, Number(text));
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil((at - now) / 1000)));
}

export const isRetryableStatus = (status: number) => status >= 500 || status === 429 || status === 408;

/** Statuses that count as success: a list of codes and `2xx`-style classes. */
export function expects(expected: readonly (number | string)[] | undefined, status: number): boolean {
  if (!expected?.length) return status >= 200 && status < 300;
  return expected.some((e) => (typeof e === "number" ? e === status : Math.floor(status / 100) === Number(e[0])));
}

const clip = (text: string) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > REASON_LENGTH ? `${flat.slice(0, REASON_LENGTH)}…` : flat;
};

export type Answer = { status: number; retryAfter?: string | null; body: string };

/** Classifies an answer: `success` names what was sent (the provider's id, when it gave one). */
export function classifyAnswer(a: Answer, attempt: number, opts: { expected?: readonly (number | string)[]; success: string; now: number; random?: () => number }): Outcome {
  if (expects(opts.expected, a.status)) return { kind: "sent", detail: opts.success };
  const reason = `answered ${a.status}${a.body ? `: ${clip(a.body)}` : ""}`;
  if (!isRetryableStatus(a.status)) return { kind: "failed", reason };
  const after = a.status === 429 || a.status === 503 ? retryAfterSeconds(a.retryAfter, opts.now) : null;
  return { kind: "retry", reason, delaySeconds: after ?? backoffSeconds(attempt, opts.random) };
}

/** Classifies a request that got no answer: a timeout or a network error, both retried. */
export function classifyError(err: unknown, attempt: number, timeoutMs: number, random?: () => number): Outcome {
  const name = (err as { name?: string })?.name;
  const reason = name === "TimeoutError" || name === "AbortError" ? `no answer within ${timeoutMs} ms` : `network error: ${clip(String((err as Error)?.message ?? err))}`;
  return { kind: "retry", reason, delaySeconds: backoffSeconds(attempt, random) };
}
