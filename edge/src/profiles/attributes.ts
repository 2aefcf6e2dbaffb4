/**
 * Profile attributes with a timestamp per attribute, and how two sets of them merge.
 *
 * Each attribute remembers when it was last written; an unset is kept as a tombstone so that a
 * later unset beats an earlier set when profiles merge. Under the `last-write` policy the newest
 * write wins per attribute, with ties broken by comparing the values, so the result does not
 * depend on which profile absorbs which or in what order merges happen. Under `known-wins` the
 * surviving (known) profile's attributes win wherever it has them.
 */
import type { JsonValue } from "./events";

export type AttributeEntry = { value: JsonValue; ts: number; unset?: true };
export type AttributeMap = Record<string, AttributeEntry>;
export type MergePolicy = "last-write" | "known-wins";

const tieKey = (e: AttributeEntry) => (e.unset ? "\u0000" : JSON.stringify(e.value));

/** The entry that wins under last-write: newer, or on a tie the larger by a fixed order. */
export function newer(a: AttributeEntry, b: AttributeEntry): AttributeEntry {
  if (a.ts !== b.ts) return a.ts > b.ts ? a : b;
  return tieKey(a) >= tieKey(b) ? a : b;
}

export function mergeAttributes(survivor: AttributeMap, absorbed: AttributeMap, policy: MergePolicy): AttributeMap {
  const out: AttributeMap = { ...survivor };
  for (const [name, entry] of Object.entries(absorbed)) {
    const mine = out[name];
    if (!mine) out[name] = entry;
    else if (policy === "last-write") out[name] = newer(mine, entry);
    // known-wins: the survivor keeps what it has.
  }
  return out;
}

/** Applies a `profile.update` (sets and unsets at one time) to the attributes, newest write wins. */
export function applyUpdate(
  current: AttributeMap,
  update: { set?: Record<string, JsonValue>; unset?: string[] },
  ts: number,
): { next: AttributeMap; changed: string[] } {
  const next = { ...current };
  const changed: string[] = [];
  const put = (name: string, entry: AttributeEntry) => {
    const mine = next[name];
    if (mine && newer(mine, entry) === mine) return;
    next[name] = entry;
    changed.push(name);
  };
  for (const [name, value] of Object.entries(update.set ?? {})) put(name, { value, ts });
  for (const name of update.unset ?? []) put(name, { value: null, ts, unset: true });
  return { next, changed };
}

/** The visible attributes: values without tombstones. */
export function visible(attrs: AttributeMap): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [name, e] of Object.entries(attrs)) if (!e.unset) out[name] = e.value;
  return out;
}

/** A profile's attributes may take at most this many bytes (as JSON), as Adobe documents. */
export const MAX_PROFILE_BYTES = 100 * 1024;

/** Size of the visible attributes as UTF-8 JSON, the figure the profile limit applies to. */
export const sizeOf = (attrs: AttributeMap) => new TextEncoder().encode(JSON.stringify(visible(attrs))).length;
