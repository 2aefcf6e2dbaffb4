/**
 * Replays the calls the inline snippet queued before the SDK loaded. The snippet stores
 * `[arguments, resolve, reject]` so its early calls can return promises; a bare `arguments`
 * entry (older or hand-written stubs) is accepted too.
 */

export interface QueuedCall {
  args: unknown[];
  resolve?: (value: unknown) => void;
  reject?: (reason: unknown) => void;
}

/** Commands that set the stage; they run before the page view so it uses the final setup (and consent). */
const SETUP = ["configure", "on", "off", "setConsent"];

export function readQueue(queue: unknown): { setup: QueuedCall[]; rest: QueuedCall[] } {
  const setup: QueuedCall[] = [];
  const rest: QueuedCall[] = [];
  for (const entry of Array.isArray(queue) ? queue : []) {
    const call: QueuedCall =
      Array.isArray(entry) && entry[0] && typeof entry[1] === "function"
        ? { args: Array.from(entry[0]), resolve: entry[1], reject: entry[2] }
        : { args: Array.from((entry || []) as ArrayLike<unknown>) };
    (SETUP.includes(call.args[0] as string) ? setup : rest).push(call);
  }
  return { setup, rest };
}

export function replay(calls: QueuedCall[], run: (...args: any[]) => Promise<unknown>): void {
  for (const call of calls) {
    // Without a reject callback nobody awaits the result; the `error` event has reported it already.
    run(...call.args).then(call.resolve, call.reject || (() => undefined));
  }
}
