/** Admin routes for server API keys: create (the key is shown once), list, revoke. */
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { database, schema } from "../db";
import { notFound } from "../http/errors";
import { factory, requireSandbox, sandboxParam } from "../http/factory";
import { json, param } from "../http/validate";
import { newApiKey } from "./keys";

const { apiKeys } = schema;
const publicKey = (k: typeof apiKeys.$inferSelect) => ({
  id: k.id, name: k.name, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt, revokedAt: k.revokedAt,
});

export const apiKeyRoutes = factory
  .createApp()
  .get("/", param(sandboxParam), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const rows = await database(c.env.DB).select().from(apiKeys).where(eq(apiKeys.sandboxId, sb)).orderBy(desc(apiKeys.createdAt));
    return c.json({ items: rows.map(publicKey) });
  })
  .post("/", param(sandboxParam), json(z.object({ name: z.string().min(1).max(120) })), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const { id, key, hash } = await newApiKey();
    const [row] = await database(c.env.DB).insert(apiKeys).values({ id, sandboxId: sb, name: c.req.valid("json").name, hash }).returning();
    return c.json({ apiKey: publicKey(row), key }, 201);
  })
  .delete("/:id", param(sandboxParam.extend({ id: z.string().min(1).max(32) })), async (c) => {
    const { sb, id } = c.req.valid("param");
    const [row] = await database(c.env.DB)
      .update(apiKeys)
      .set({ revokedAt: Date.now() })
      .where(and(eq(apiKeys.sandboxId, sb), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning();
    if (!row) throw notFound(`Active API key "${id}"`);
    return c.json({ apiKey: publicKey(row) });
  });
