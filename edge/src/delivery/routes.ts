/**
 * Admin route of the delivery log: what journeys (and campaigns) handed to channels, newest
 * first — each message's status (queued, sent, failed, blocked), its latest reason, how many
 * attempts it took and the provider it went through. Email, SMS and push sent to no provider
 * stay here: this is also the local outbox.
 */
import { and, desc, eq, lt } from "drizzle-orm";
import { z } from "zod";
import { database, schema } from "../db";
import { notFound } from "../http/errors";
import { factory, requireSandbox, sandboxParam } from "../http/factory";
import { param, query } from "../http/validate";

const { deliveries } = schema;

const listQuery = z.object({
  profileId: z.string().min(1).max(128).optional(),
  channel: z.string().min(1).max(32).optional(),
  status: z.enum(["queued", "sent", "failed", "blocked"]).optional(),
  /** A provider's id, or a custom action's for webhooks. */
  providerId: z.string().min(1).max(64).optional(),
  /** Rows created before this moment (epoch ms), to page back. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const DAY_MS = 86_400_000;
const summaryQuery = z.object({
  days: z.coerce.number().int().min(1).max(90).default(14),
  /** A source or its prefix: `campaign:<id>`, `campaign:<id>:<run>`, `journey:<id>`. */
  source: z.string().regex(/^(journey|campaign|test)(:[A-Za-z0-9_.-]+){0,3}$/, "Use a source such as campaign:<id> or journey:<id>").optional(),
});

export const deliveryRoutes = factory
  .createApp()
  .get("/", param(sandboxParam), query(listQuery), async (c) => {
  const { sb } = c.req.valid("param");
  const { profileId, channel, status, providerId, before, limit } = c.req.valid("query");
  await requireSandbox(c.env, sb);
  const where = [eq(deliveries.sandboxId, sb)];
  if (profileId) where.push(eq(deliveries.profileId, profileId));
  if (channel) where.push(eq(deliveries.channel, channel));
  if (status) where.push(eq(deliveries.status, status));
  if (providerId) where.push(eq(deliveries.providerId, providerId));
  if (before) where.push(lt(deliveries.createdAt, before));
  const items = await database(c.env.DB).select().from(deliveries).where(and(...where)).orderBy(desc(deliveries.createdAt)).limit(limit);
  return c.json({ items });
  })
  /**
   * The log in figures, for reports: messages per UTC day, channel and status over the last
   * `days` (opens and clicks of each day's messages too), optionally for one source prefix
   * (`campaign:spring`, `journey:welcome`).
   */
  .get("/summary", param(sandboxParam), query(summaryQuery), async (c) => {
    const { sb } = c.req.valid("param");
    const { days, source } = c.req.valid("query");
    await requireSandbox(c.env, sb);
    const since = Date.now() - days * DAY_MS;
    // The source itself or anything under it, as ranges the source index serves (';' sorts right after ':').
    // A campaign's figures leave its test sends out, as its counts do.
    const bySource = source ? "AND (source = ?3 OR (source >= ?4 AND source < ?5)) AND source != ?6" : "";
    const { results } = await c.env.DB.prepare(
      `SELECT date(created_at / 1000, 'unixepoch') AS day, channel, status, count(*) AS n, count(opened_at) AS opened, count(clicked_at) AS clicked
       FROM deliveries WHERE sandbox_id = ?1 AND created_at >= ?2 ${bySource} GROUP BY day, channel, status ORDER BY day, channel, status`,
    )
      .bind(...[sb, since, ...(source ? [source, `${source}:`, `${source};`, `${source}:test`] : [])])
      .all<{ day: string; channel: string; status: string; n: number; opened: number; clicked: number }>();
    const totals = { messages: 0, queued: 0, sent: 0, failed: 0, blocked: 0, opened: 0, clicked: 0 };
    for (const r of results) {
      totals.messages += r.n;
      totals[r.status as "queued" | "sent" | "failed" | "blocked"] += r.n;
      totals.opened += r.opened;
      totals.clicked += r.clicked;
    }
    return c.json({ since, days, rows: results, totals });
  })
  /** One message of the log, by its id (a journey step's, a test send's). */
  .get("/:id", param(sandboxParam.extend({ id: z.string().min(1).max(300) })), async (c) => {
    const { sb, id } = c.req.valid("param");
    const delivery = await database(c.env.DB).select().from(deliveries).where(and(eq(deliveries.sandboxId, sb), eq(deliveries.id, id))).get();
    if (!delivery) throw notFound(`Delivery "${id}"`);
    return c.json({ delivery });
  });
