/** Admin routes for sandboxes and their datastreams. Datastream secrets never leave the server. */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { database, schema } from "../db";
import { ApiError } from "../http/errors";
import { factory, isUniqueViolation, requireSandbox, sandboxParam, slug } from "../http/factory";
import { json, param } from "../http/validate";

const { sandboxes, datastreams } = schema;

const sandboxInput = z.object({
  id: slug,
  name: z.string().min(1).max(120),
  timeZone: z.string().min(1).max(64).default("UTC"),
});

const datastreamInput = z.object({
  id: slug,
  name: z.string().min(1).max(120),
  allowedOrigins: z.array(z.url().max(200)).max(20).default([]),
});

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const publicDatastream = (d: typeof datastreams.$inferSelect) => ({
  id: d.id, sandboxId: d.sandboxId, name: d.name, allowedOrigins: d.allowedOrigins, createdAt: d.createdAt,
});

export const sandboxRoutes = factory
  .createApp()
  .get("/", async (c) => {
    const items = await database(c.env.DB).select().from(sandboxes).orderBy(sandboxes.id);
    return c.json({ items });
  })
  .post("/", json(sandboxInput), async (c) => {
    const input = c.req.valid("json");
    try {
      const [sandbox] = await database(c.env.DB).insert(sandboxes).values(input).returning();
      return c.json({ sandbox }, 201);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, "conflict", `Sandbox "${input.id}" exists already`, [{ path: "id", message: "Already taken" }]);
      throw err;
    }
  })
  .get("/:sb/datastreams", param(sandboxParam), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const rows = await database(c.env.DB).select().from(datastreams).where(eq(datastreams.sandboxId, sb));
    return c.json({ items: rows.map(publicDatastream) });
  })
  .post("/:sb/datastreams", param(sandboxParam), json(datastreamInput), async (c) => {
    const { sb } = c.req.valid("param");
    const input = c.req.valid("json");
    await requireSandbox(c.env, sb);
    try {
      const [row] = await database(c.env.DB)
        .insert(datastreams)
        .values({ ...input, sandboxId: sb, secret: randomSecret() })
        .returning();
      return c.json({ datastream: publicDatastream(row) }, 201);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, "conflict", `Datastream "${input.id}" exists already`, [{ path: "id", message: "Already taken" }]);
      throw err;
    }
  });
