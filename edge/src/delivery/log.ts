/**
 * The delivery log (`deliveries`): one row per message, keyed by its step id, from `queued` to
 * `sent` or `failed`, with its attempts, its provider and the latest reason. It is also what
 * makes sending idempotent:
 * - **recorded once**: a message is inserted if new; a row already `sent` or `failed` means
 *   there is nothing left to do;
 * - **claimed before sending**: an attempt increments `attempts` and marks the row
 *   `sending (attempt n, <batch>)` unless another attempt is in flight (marked within the last
 *   minute), so two copies of a message never send at the same time; an attempt that crashed
 *   mid-send is taken over once its minute has passed;
 * - **finished by its claimant**: the outcome is written only where the row still carries the
 *   claim, so a stale attempt overwrites nothing.
 * Recording and claiming are one D1 batch for the whole queue batch; finishing is another.
 */
import type { Outcome } from "../providers/retry";

export type LogStatus = "queued" | "sent" | "failed" | "blocked";
export type LogState = { status: LogStatus; attempts: number; detail: string | null; updatedAt: number };
export type LogEntry = { sandbox: string; id: string; profileId: string; channel: string; source: string; payload: Record<string, unknown> };

/** How long an attempt holds its message before another copy may take it over. */
export const LEASE_MS = 60_000;
const SENDING = "sending (attempt ";
const RETRYING = "; retrying in ";


async function batch(env: Env, statements: D1PreparedStatement[]) {
  return statements.length ? env.DB.batch(statements) : [];
}

/** A message's row after `claim`: `owned` when this batch holds its current attempt. */
export type Claimed = LogState & { owned: boolean; token: string };

/**
 * Records each new message as `queued` and claims an attempt at every queued one that no other
 * copy holds — insert, claim and read back per message, all in one round trip. The claim's
 * token (`sending (attempt n, <claim>)`) is what later writes must still find.
 */
export async function claim(env: Env, entries: LogEntry[], now: number): Promise<(Claimed | null)[]> {
  const batchId = crypto.randomUUID().slice(0, 8);
  const insert = env.DB.prepare("INSERT INTO deliveries (sandbox_id, id, profile_id, channel, source, status, payload) VALUES (?, ?, ?, ?, ?, 'queued', ?) ON CONFLICT DO NOTHING");
  const take = env.DB.prepare(
    `UPDATE deliveries SET attempts = attempts + 1, detail = '${SENDING}' || (attempts + 1) || ', ' || ? || ')', updated_at = ?
     WHERE sandbox_id = ? AND id = ? AND status = 'queued' AND NOT (coalesce(detail, '') LIKE '${SENDING}%' AND updated_at > ?)`,
  );
  const read = env.DB.prepare("SELECT status, attempts, detail, updated_at AS updatedAt FROM deliveries WHERE sandbox_id = ? AND id = ?");
  const results = await batch(
    env,
    entries.flatMap((e, i) => [
      insert.bind(e.sandbox, e.id, e.profileId, e.channel, e.source, JSON.stringify(e.payload)),
      take.bind(`${batchId}.${i}`, now, e.sandbox, e.id, now - LEASE_MS),
      read.bind(e.sandbox, e.id),
    ]),
  );
  return entries.map((_, i) => {
    const row = results[3 * i + 2]?.results?.[0] as LogState | undefined;
    if (!row) return null;
    // Per message, so two copies in one batch are two claimants too.
    const token = `${SENDING}${row.attempts}, ${batchId}.${i})`;
    return { ...row, token, owned: row.status === "queued" && row.detail === token };
  });
}

export type Finished = { sandbox: string; id: string; token: string; providerId: string | null; outcome: Outcome; payload?: Record<string, unknown> };

/**
 * Writes each attempt's outcome — sent, failed with the reason, or queued again with it — the
 * provider it went through and the message as rendered, where the claim still stands (a stale
 * attempt writes nothing).
 */
export async function finish(env: Env, done: Finished[], now: number): Promise<void> {
  const final = env.DB.prepare("UPDATE deliveries SET status = ?, detail = ?, provider_id = ?, updated_at = ? WHERE sandbox_id = ? AND id = ? AND status = 'queued' AND detail = ?");
  const again = env.DB.prepare("UPDATE deliveries SET detail = ?, provider_id = ?, updated_at = ? WHERE sandbox_id = ? AND id = ? AND status = 'queued' AND detail = ?");
  // The rendered message joins its entry first, while the claim still stands.
  const content = env.DB.prepare("UPDATE deliveries SET payload = json_patch(payload, ?) WHERE sandbox_id = ? AND id = ? AND status = 'queued' AND detail = ?");
  await batch(
    env,
    done.flatMap(({ sandbox, id, token, providerId, outcome: o, payload }) => [
      ...(payload ? [content.bind(JSON.stringify(payload), sandbox, id, token)] : []),
      o.kind === "retry"
        ? again.bind(`${o.reason}${RETRYING}${o.delaySeconds} s`, providerId, now, sandbox, id, token)
        : final.bind(o.kind, o.kind === "sent" ? o.detail : o.reason, providerId, now, sandbox, id, token),
    ]),
  );
}

/**
 * Marks messages the queue gave up on (the dead-letter queue) as failed, with the attempts made
 * and the last reason; a message never recorded (D1 was down every time) is recorded failed.
 */
export async function giveUp(env: Env, entries: LogEntry[], now: number): Promise<void> {
  const upsert = env.DB.prepare(
    `INSERT INTO deliveries (sandbox_id, id, profile_id, channel, source, status, payload, detail, updated_at)
     VALUES (?, ?, ?, ?, ?, 'failed', ?, 'gave up: the queue ran out of attempts before any was recorded', ?)
     ON CONFLICT (sandbox_id, id) DO UPDATE SET status = 'failed', updated_at = excluded.updated_at,
       detail = 'gave up after ' || deliveries.attempts || (CASE deliveries.attempts WHEN 1 THEN ' attempt' ELSE ' attempts' END)
         || CASE
              WHEN deliveries.detail IS NULL OR deliveries.detail LIKE 'sending (attempt %' THEN ''
              WHEN instr(deliveries.detail, '${RETRYING}') > 0 THEN ': ' || substr(deliveries.detail, 1, instr(deliveries.detail, '${RETRYING}') - 1)
              ELSE ': ' || deliveries.detail
            END
     WHERE deliveries.status = 'queued'`,
  );
  await batch(env, entries.map((e) => upsert.bind(e.sandbox, e.id, e.profileId, e.channel, e.source, JSON.stringify(e.payload), now)));
}
