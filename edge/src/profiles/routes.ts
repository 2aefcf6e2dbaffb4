/** Admin routes to find profiles: one by its id, one by any identity, or a search of the index. */
import { and, desc, eq, inArray, like, or, sql } from "drizzle-orm";
import { z } from "zod";
import { activeConfig } from "../config/active";
import { database, schema } from "../db";
import { ApiError, notFound } from "../http/errors";
import { factory, requireSandbox, sandboxParam } from "../http/factory";
import { json, param, query } from "../http/validate";
import { messageInput } from "./inbox";
import { profileOf } from "../identity/lookup";
import { normalizeIdentity } from "../identity/namespaces";
import { profileStub } from "./stub";

const { identities, profiles, seenIdentities } = schema;

const lookupQuery = z.object({ ns: z.string().min(1).max(64), value: z.string().min(1).max(256) });
const searchQuery = z.object({
  q: z.string().min(1).max(200),
  limit: z.string().regex(/^\d+$/).refine((v) => Number(v) >= 1 && Number(v) <= 100, "Between 1 and 100").optional(),
});

/** Escapes LIKE wildcards so a search for `50%` means the text `50%`. */
const likeText = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

const profileParam = sandboxParam.extend({ id: z.string().min(1).max(128) });

export const profileRoutes = factory
  .createApp()
  /**
   * Queues an in-app message for a profile (a test send; journeys and campaigns queue theirs
   * the same way): shown by the SDK on the profile's next interaction.
   */
  .post("/:id/messages", param(profileParam), json(messageInput), async (c) => {
    const { sb, id } = c.req.valid("param");
    const stub = profileStub(c.env, sb, id);
    if (!(await stub.describe(sb, id, 0))) throw notFound(`Profile "${id}"`);
    const message = await stub.queueMessage(sb, id, c.req.valid("json"), Date.now());
    return c.json({ message }, 201);
  })
  .get("/lookup", param(sandboxParam), query(lookupQuery), async (c) => {
    const { sb } = c.req.valid("param");
    const { ns, value } = c.req.valid("query");
    await requireSandbox(c.env, sb);
    const config = await activeConfig(c.env.CONFIG, sb);
    const norm = normalizeIdentity(ns, value, config.namespaces);
    if (!norm.ok) throw new ApiError(400, "validation_failed", "The identity is invalid", [{ path: ns === "pcid" || norm.message.startsWith("Unknown") ? "ns" : "value", message: norm.message }]);
    // A device seen only moments ago may not be in the graph yet: its object answers for it.
    const profileId = (await profileOf(c.env, sb, { namespace: ns, value: norm.value })) ?? (ns === "pcid" ? norm.value : null);
    const profile = profileId ? await profileStub(c.env, sb, profileId).describe(sb, profileId) : null;
    if (!profile) throw notFound("Profile");
    return c.json({ profile });
  })
  /** One profile by its id (a merged-away id answers its survivor). */
  .get("/:id", param(profileParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const profile = await profileStub(c.env, sb, id).describe(sb, id);
    if (!profile) throw notFound(`Profile "${id}"`);
    return c.json({ profile });
  })
  .get("/", param(sandboxParam), query(searchQuery), async (c) => {
    const { sb } = c.req.valid("param");
    const { q, limit } = c.req.valid("query");
    await requireSandbox(c.env, sb);
    const db = database(c.env.DB);
    const max = Number(limit ?? 50);
    const prefix = likeText(q.trim().toLowerCase()) + "%";
    const [proven, unproven] = await db.batch([
      db.selectDistinct({ id: identities.profileId }).from(identities)
        .where(and(eq(identities.sandboxId, sb), sql`${identities.value} LIKE ${prefix} ESCAPE '\\'`)).limit(max),
      db.selectDistinct({ id: seenIdentities.profileId }).from(seenIdentities)
        .where(and(eq(seenIdentities.sandboxId, sb), sql`${seenIdentities.value} LIKE ${prefix} ESCAPE '\\'`)).limit(max),
    ]);
    const byIdentity = [...new Set([...proven, ...unproven].map((r) => r.id))];
    const rows = await db
      .select()
      .from(profiles)
      .where(
        and(
          eq(profiles.sandboxId, sb),
          or(
            byIdentity.length ? inArray(profiles.id, byIdentity) : sql`0`,
            sql`${profiles.attributes} LIKE ${"%" + likeText(q.trim()) + "%"} ESCAPE '\\'`,
            like(profiles.id, likeText(q.trim()) + "%"),
          ),
        ),
      )
      .orderBy(desc(profiles.lastSeen))
      .limit(max);
    const ids = rows.map((r) => r.id);
    const [idRows, seenRows] = ids.length
      ? await db.batch([
        db.select().from(identities).where(and(eq(identities.sandboxId, sb), inArray(identities.profileId, ids))),
        db.select().from(seenIdentities).where(and(eq(seenIdentities.sandboxId, sb), inArray(seenIdentities.profileId, ids))),
      ])
      : [[], []];
    const items = rows.map((r) => ({
      id: r.id,
      known: r.known,
      firstSeen: r.firstSeen,
      lastSeen: r.lastSeen,
      eventCount: r.eventCount,
      attributes: r.attributes,
      identities: [
        ...idRows.filter((i) => i.profileId === r.id).map((i) => ({ namespace: i.namespace, value: i.value, authenticated: i.authenticated })),
        ...seenRows.filter((i) => i.profileId === r.id).map((i) => ({ namespace: i.namespace, value: i.value, authenticated: false })),
      ],
    }));
    return c.json({ items });
  });
