/** Shared Hono factory and small helpers for route modules. */
import { createFactory } from "hono/factory";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { database, schema } from "../db";
import { notFound } from "./errors";
import type { AppEnv } from "./middleware";

export const factory = createFactory<AppEnv>();

import { slug } from "./slug";

export { slug };

export const sandboxParam = z.object({ sb: slug });

/** An id made from a name when none is given: `Spring sale` → `spring-sale-3f9a1c`. */
export function slugify(name: string, fallback: string): string {
  const base = name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 48) || fallback;
  return `${base}-${crypto.randomUUID().slice(0, 6)}`;
}

/** Loads the sandbox named in the path or answers 404. */
export async function requireSandbox(env: Env, sb: string) {
  const row = await database(env.DB).select().from(schema.sandboxes).where(eq(schema.sandboxes.id, sb)).get();
  if (!row) throw notFound(`Sandbox "${sb}"`);
  return row;
}

/** A unique-constraint violation from D1, whichever way the driver words it. */
export const isUniqueViolation = (err: unknown) =>
  /UNIQUE constraint failed|SQLITE_CONSTRAINT/i.test(String((err as Error)?.message ?? err) + String((err as { cause?: Error })?.cause?.message ?? ""));
