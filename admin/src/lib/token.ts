// The admin token, kept in sessionStorage so it survives reloads but not the browser tab.
// Storage access is wrapped: private modes and locked-down browsers can throw on it.
import { signal } from "@preact/signals";

const KEY = "parcours.adminToken";

function read(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** The current token; `null` when signed out. Write it with `storeToken`. */
export const token = signal<string | null>(read());

export function storeToken(value: string | null): void {
  token.value = value;
  try {
    if (value === null) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, value);
  } catch {
    // The in-memory signal still holds it for this page's life.
  }
}
