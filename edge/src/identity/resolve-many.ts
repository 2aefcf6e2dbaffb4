/**
 * Identity resolution for batches (server events, imports): one graph read and one claim batch
 * for the whole batch instead of per record. Records whose identities point at several existing
 * profiles take the careful path (`resolveProfile`), which merges them.
 *
 * Ids minted here for people nobody knew are listed in `minted`: nothing else can hold state
 * for them yet, which lets imports write them cold (profiles/cold.ts) and server events skip
 * looking for cold state.
 */
import type { SandboxSettings } from "../config/snapshot";
import { database } from "../db";
import { insertClaims, ownersOf } from "./graph";
import type { IdentityRef } from "./namespaces";
import { resolveProfile, type Claim } from "./resolve";

const key = (r: IdentityRef) => `${r.namespace}\u0000${r.value}`;

export async function resolveMany(
  env: Env,
  sandbox: string,
  settings: Pick<SandboxSettings, "mergePolicy">,
  records: Claim[][],
  now: number,
): Promise<{ profileIds: string[]; minted: Set<string> }> {
  const db = database(env.DB);
  const unique = new Map<string, Claim>();
  for (const claims of records) for (const c of claims) unique.set(key(c.ref), c);
  const before = await ownersOf(db, sandbox, [...unique.values()].map((c) => c.ref));

  // A first guess per record: its one existing owner, or a new profile when nobody owns any,
  // named by its device id if it has one, as the edge names a device's profile.
  const guess: (string | null)[] = records.map((claims) => {
    const owners = new Set(claims.map((c) => before.get(key(c.ref))).filter((o): o is string => !!o));
    if (owners.size > 1) return null;
    if (owners.size === 1) return [...owners][0];
    return claims.find((c) => c.ref.namespace === "pcid")?.ref.value ?? crypto.randomUUID();
  });
  // The first record to claim an identity owns it; a later record in the batch with the same
  // identity then finds that owner when owners are read back.
  const claims = records.flatMap((cs, i) => (guess[i] ? cs.filter((c) => !before.has(key(c.ref))).map((c) => ({ c, owner: guess[i]! })) : []));
  const firstClaim = new Map<string, { c: Claim; owner: string }>();
  for (const x of claims) if (!firstClaim.has(key(x.c.ref))) firstClaim.set(key(x.c.ref), x);
  await insertClaims(db, sandbox, [...firstClaim.values()].map(({ c, owner }) => ({ ...c, owner })), now);
  const after = await ownersOf(db, sandbox, [...unique.values()].map((c) => c.ref));

  const profileIds: string[] = [];
  const minted = new Set<string>();
  for (const [i, cs] of records.entries()) {
    const owners = new Set(cs.map((c) => after.get(key(c.ref)) ?? guess[i]!));
    if (guess[i] && owners.size === 1) {
      const owner = [...owners][0];
      profileIds.push(owner);
      const device = cs.some((c) => c.ref.namespace === "pcid");
      if (!device && owner === guess[i] && cs.every((c) => !before.has(key(c.ref)))) minted.add(owner);
    } else profileIds.push((await resolveProfile(env, sandbox, settings, cs, now)).profileId);
  }
  return { profileIds, minted };
}
