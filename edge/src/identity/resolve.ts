/**
 * Identity resolution: from the identities a request presents to the one profile they belong
 * to, merging profiles that turn out to be the same person.
 *
 * Only authenticated identities (signed by the site's backend, or given by a server with an API
 * key) are claimed in the graph and can cause a merge; the device id (pcid) takes part with the
 * lowest rank, so a device profile always merges into a known one, never the reverse.
 */
import type { SandboxSettings } from "../config/snapshot";
import { database } from "../db";
import { profileStub } from "../profiles/stub";
import { chooseSurvivor, claim, ownersOf, recordMerge, refKey } from "./graph";
import type { IdentityRef } from "./namespaces";

export type Claim = { ref: IdentityRef; authenticated: boolean };

export async function resolveProfile(
  env: Env,
  sandbox: string,
  settings: Pick<SandboxSettings, "mergePolicy">,
  claims: Claim[],
  now: number,
  device?: { pcid: string },
): Promise<{ profileId: string; merged: string[] }> {
  const db = database(env.DB);
  const refs = claims.map((c) => c.ref);
  if (device) refs.push({ namespace: "pcid", value: device.pcid });
  const existing = await ownersOf(db, sandbox, refs);
  // A returning visitor: every identity presented (the device's too) already belongs to one
  // profile, so there is nothing to claim and nothing to merge — one read instead of three
  // round trips. (The graph's `last_seen` then stays at the identity's last claim.)
  const holders = new Set(refs.map((r) => existing.get(refKey(r))));
  if (holders.size === 1 && !holders.has(undefined)) return { profileId: [...holders][0]!, merged: [] };
  const deviceProfile = device ? existing.get(refKey({ namespace: "pcid", value: device.pcid })) ?? device.pcid : undefined;

  const known = [...existing.entries()].map(([key, owner]) => ({ ref: { namespace: key.split("\u0000")[0], value: "" }, owner }));
  const candidate = chooseSurvivor(known, deviceProfile ?? crypto.randomUUID());

  const toClaim: Claim[] = [...claims];
  if (device) toClaim.push({ ref: { namespace: "pcid", value: device.pcid }, authenticated: false });
  const owners = await claim(db, sandbox, toClaim, candidate, now);
  const owned = toClaim.map((c, i) => ({ ref: c.ref, owner: owners[i] }));
  if (deviceProfile) owned.push({ ref: { namespace: "pcid", value: device!.pcid }, owner: deviceProfile });
  const survivor = chooseSurvivor(owned, candidate);

  const others = [...new Set(owned.map((o) => o.owner))].filter((p) => p !== survivor);
  const stub = profileStub(env, sandbox, survivor);
  for (const other of others) {
    await stub.absorb(sandbox, survivor, other, settings.mergePolicy);
    await recordMerge(db, sandbox, other, survivor);
  }
  return { profileId: survivor, merged: others };
}
