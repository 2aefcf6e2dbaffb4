/**
 * CapCounter: one shard of a sandbox's global capping counts ("at most 1,000 decisions of this
 * offer per day, across everyone"). A sandbox has N shards (`CAP_SHARDS`), named
 * `${sandbox}#${i}`, and each holds a count per cap key and bucket for every global rule of the
 * sandbox; global-caps.ts decides which shard to ask and what each shard may grant.
 *
 * A shard knows nothing of rules: it is told, per item, the bucket to write, the first bucket
 * that still counts, and its share of the limit. Buckets are instants in ms:
 * - a calendar period counts in one bucket, its start (so a new day is a new, empty bucket);
 * - a lifetime counts in bucket 0;
 * - a rolling window counts in one bucket per UTC hour, and counts the buckets from the hour of
 *   (now − window) to the current one.
 *
 * Each call is one synchronous transaction, so a shard's check-and-increment is atomic: it never
 * grants more than its share, whatever the concurrency. Buckets that no longer count are pruned
 * when a key starts a new bucket, and buckets of keys nobody uses any more after 401 days (the
 * longest window, 400 days, plus a day); a lifetime count stays until the object is deleted.
 */
import { DurableObject } from "cloudflare:workers";

const DAY_MS = 24 * 3600 * 1000;
/** The longest rolling window schemas.ts accepts (400 days), plus a day. */
const KEEP_MS = 401 * DAY_MS;

/**
 * What to do with one key:
 * - `take`: count one unit if the count is below the share (decisions, counted when decided);
 * - `check`: only say whether the count is below the share (counted later, on notification);
 * - `room`: count one unit if the count is below the share, else nothing (a notification's first
 *   choice of shard);
 * - `add`: count one unit whatever the count (a notification no shard had room for);
 * - `release`: give back one unit taken by `take`.
 */
export type ShardOp = "take" | "check" | "room" | "add" | "release";

/** `bucket` is where a unit is counted; the count is over buckets from `from` to `bucket`. */
export type ShardItem = { key: string; op: ShardOp; bucket: number; from: number; share: number };

/** The RPC surface, spelled out so callers' types stay simple. */
export interface CapShardRpc {
  /** One answer per item, in order: whether it was granted (`take`, `check`, `room`) or done. */
  apply(items: ShardItem[], now: number): Promise<boolean[]>;
  /** The key's count from `from` to `bucket` on this shard. */
  count(key: string, from: number, bucket: number): Promise<number>;
}

export class CapCounter extends DurableObject<Env> implements CapShardRpc {
  #sql: SqlStorage;
  /** When this instance last swept abandoned buckets; once a day is plenty. */
  #sweptAt = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    this.#sql.exec("CREATE TABLE IF NOT EXISTS counts (key TEXT NOT NULL, bucket INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (key, bucket))");
  }

  async apply(items: ShardItem[], now: number): Promise<boolean[]> {
    return this.ctx.storage.transactionSync(() => items.map((item) => this.#applyOne(item, now)));
  }

  async count(key: string, from: number, bucket: number): Promise<number> {
    return this.#count(key, from, bucket);
  }

  #applyOne(item: ShardItem, now: number): boolean {
    const { key, op, bucket, from, share } = item;
    if (op === "release") {
      this.#sql.exec("UPDATE counts SET n = n - 1 WHERE key = ? AND bucket = ? AND n > 0", key, bucket);
      return true;
    }
    const room = op === "add" || this.#count(key, from, bucket) < share;
    if (op === "check" || !room) return room;
    this.#increment(key, bucket, from, now);
    return true;
  }

  #count(key: string, from: number, bucket: number): number {
    return this.#sql.exec<{ n: number }>("SELECT COALESCE(SUM(n), 0) AS n FROM counts WHERE key = ? AND bucket BETWEEN ? AND ?", key, from, bucket).one().n;
  }

  /** Counts one unit; the first unit of a bucket prunes what no longer counts. */
  #increment(key: string, bucket: number, from: number, now: number) {
    const { n } = this.#sql
      .exec<{ n: number }>("INSERT INTO counts (key, bucket, n) VALUES (?, ?, 1) ON CONFLICT (key, bucket) DO UPDATE SET n = n + 1 RETURNING n", key, bucket)
      .one();
    if (n !== 1) return;
    this.#sql.exec("DELETE FROM counts WHERE key = ? AND bucket < ?", key, from);
    if (now - this.#sweptAt < DAY_MS) return;
    this.#sweptAt = now;
    // Keys of edited or deleted rules are never written again: their buckets go here.
    this.#sql.exec("DELETE FROM counts WHERE bucket <> 0 AND bucket < ?", now - KEEP_MS);
  }
}
