/**
 * List audiences: the people named in an uploaded list of identities (a CRM export, a
 * suppression list). The list lives in D1; a profile is in the audience when one of its
 * identities is on the list, whether the person is already known or turns up later.
 */
type Ref = { namespace: string; value: string };

/** Which of `listIds` name at least one of the identities. */
export async function listsOf(d1: D1Database, sandbox: string, identities: Ref[], listIds: string[]): Promise<string[]> {
  if (!identities.length || !listIds.length) return [];
  const { results } = await d1
    .prepare(
      `SELECT DISTINCT l.audience_id FROM json_each(?) AS j
       CROSS JOIN audience_list_members AS l
         ON l.sandbox_id = ? AND l.namespace = json_extract(j.value, '$[0]') AND l.value = json_extract(j.value, '$[1]')
       WHERE l.audience_id IN (SELECT value FROM json_each(?))`,
    )
    .bind(JSON.stringify(identities.map((i) => [i.namespace, i.value])), sandbox, JSON.stringify(listIds))
    .all<{ audience_id: string }>();
  return results.map((r) => r.audience_id).sort();
}

/** For a page of profiles in batch: the lists naming each identity. */
export async function listsByIdentity(d1: D1Database, sandbox: string, identities: Ref[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!identities.length) return out;
  const { results } = await d1
    .prepare(
      `SELECT l.namespace, l.value, l.audience_id FROM json_each(?) AS j
       CROSS JOIN audience_list_members AS l
         ON l.sandbox_id = ? AND l.namespace = json_extract(j.value, '$[0]') AND l.value = json_extract(j.value, '$[1]')`,
    )
    .bind(JSON.stringify(identities.map((i) => [i.namespace, i.value])), sandbox)
    .all<{ namespace: string; value: string; audience_id: string }>();
  for (const r of results) {
    const key = `${r.namespace}\u0000${r.value}`;
    (out.get(key) ?? out.set(key, []).get(key)!).push(r.audience_id);
  }
  return out;
}

/** Replaces a list audience's identities and marks the list's new version, in one transaction. */
export async function replaceList(env: Env, sandbox: string, audienceId: string, identities: Ref[], now = Date.now()) {
  const statements = [env.DB.prepare("DELETE FROM audience_list_members WHERE sandbox_id = ? AND audience_id = ?").bind(sandbox, audienceId)];
  for (let i = 0; i < identities.length; i += 5000) {
    const chunk = JSON.stringify(identities.slice(i, i + 5000).map((r) => [r.namespace, r.value]));
    statements.push(
      env.DB.prepare(
        `INSERT OR IGNORE INTO audience_list_members (sandbox_id, audience_id, namespace, value)
         SELECT ?, ?, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]') FROM json_each(?) AS j`,
      ).bind(sandbox, audienceId, chunk),
    );
  }
  statements.push(env.DB.prepare("UPDATE audiences SET list_version = ?, updated_at = ? WHERE sandbox_id = ? AND id = ?").bind(now, now, sandbox, audienceId));
  statements.push(env.DB.prepare("SELECT count(*) AS n FROM audience_list_members WHERE sandbox_id = ? AND audience_id = ?").bind(sandbox, audienceId));
  const results = await env.DB.batch<{ n: number }>(statements);
  return { identities: results.at(-1)!.results[0].n, version: now };
}
