/** Authenticates server calls by API key; the key decides the sandbox. */
import { eq } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import { database, schema } from "../db";
import { ApiError } from "../http/errors";
import type { AppEnv } from "../http/middleware";
import { hashSecret, parseApiKey } from "./keys";

export type ApiKeyEnv = { Bindings: Env; Variables: AppEnv["Variables"] & { sandbox: string; apiKeyId: string } };

const unauthorized = () => new ApiError(401, "unauthorized", "A valid API key is required (Authorization: Bearer pk_…)");

export const apiKeyAuth = createMiddleware<ApiKeyEnv>(async (c, next) => {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
  const parsed = match && parseApiKey(match[1]);
  if (!parsed) throw unauthorized();
  const db = database(c.env.DB);
  const row = await db.select().from(schema.apiKeys).where(eq(schema.apiKeys.id, parsed.id)).get();
  const hash = await hashSecret(parsed.secret);
  const enc = new TextEncoder();
  if (!row || row.revokedAt || !crypto.subtle.timingSafeEqual(enc.encode(hash), enc.encode(row.hash))) throw unauthorized();
  c.set("sandbox", row.sandboxId);
  c.set("apiKeyId", row.id);
  c.executionCtx.waitUntil(db.update(schema.apiKeys).set({ lastUsedAt: Date.now() }).where(eq(schema.apiKeys.id, row.id)).then(() => undefined));
  await next();
});
