/** KV keys of the identity graph's read-through cache (see lookup.ts). */
import type { IdentityRef } from "./namespaces";

export const graphCacheKey = (sandbox: string, ref: IdentityRef) => `idg/${sandbox}/${ref.namespace}/${encodeURIComponent(ref.value)}`;

/** Removes cached entries of identities that no longer exist. */
export async function forgetCached(env: Env, sandbox: string, refs: IdentityRef[]): Promise<void> {
  await Promise.all(refs.map((r) => env.CONFIG.delete(graphCacheKey(sandbox, r))));
}
