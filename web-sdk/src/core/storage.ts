/**
 * Storage adapters. Host storage can throw (Safari private mode, sandboxed iframes, quota),
 * so every access goes through `safeStorage` and a failure just means "not remembered".
 */
import type { KeyValueStorage } from "./types";

export function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return {
    getItem: (key) => (map.has(key) ? (map.get(key) as string) : null),
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

/** Removes a key, also from storages that only know getItem and setItem. */
export function forget(storage: KeyValueStorage, key: string): void {
  if (storage.removeItem) storage.removeItem(key);
  else storage.setItem(key, "");
}

/** Takes a getter, not the storage, because merely reading `window.localStorage` can throw. */
export function safeStorage(get: () => KeyValueStorage | null | undefined): KeyValueStorage {
  const fallback = memoryStorage();
  const pick = (): KeyValueStorage => {
    try {
      return get() || fallback;
    } catch {
      return fallback;
    }
  };
  return {
    getItem(key) {
      try {
        return pick().getItem(key);
      } catch {
        return fallback.getItem(key);
      }
    },
    setItem(key, value) {
      // Keep a copy in memory so the id survives this page even when the host storage refuses it.
      fallback.setItem(key, value);
      try {
        pick().setItem(key, value);
      } catch {
        /* not persisted: the edge cookie still carries the id where cookies work */
      }
    },
    removeItem(key) {
      fallback.removeItem!(key);
      try {
        forget(pick(), key);
      } catch {
        /* the memory copy is gone, and a host that refuses writes kept nothing to forget */
      }
    },
  };
}
