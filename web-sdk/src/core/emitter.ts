/**
 * A tiny event emitter. A throwing listener is the host's bug: it must not stop our work, but it
 * should still reach the host's console. reportError does that in browsers; rethrowing from a timer
 * would crash a Node process, so elsewhere it is only logged.
 */

type Listener = (payload: any) => void;

export interface Emitter {
  on(name: string, fn: Listener): void;
  off(name: string, fn: Listener): void;
  emit(name: string, payload: unknown): void;
}

export function createEmitter(): Emitter {
  const listeners: Record<string, Listener[]> = {};
  return {
    on(name, fn) {
      (listeners[name] = listeners[name] || []).push(fn);
    },
    off(name, fn) {
      listeners[name] = (listeners[name] || []).filter((l) => l !== fn);
    },
    emit(name, payload) {
      for (const fn of (listeners[name] || []).slice()) {
        try {
          fn(payload);
        } catch (err) {
          const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
          if (report) report(err);
          else console.error(err);
        }
      }
    },
  };
}
