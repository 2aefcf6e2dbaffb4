/** Admin routes that publish a sandbox's configuration to the edge. */
import { z } from "zod";
import { database } from "../db";
import { factory, requireSandbox, sandboxParam } from "../http/factory";
import { param, query } from "../http/validate";
import { listPublications, publish } from "./store";

export const publishRoutes = factory
  .createApp()
  .post("/publish", param(sandboxParam), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const publication = await publish(database(c.env.DB), c.env.CONFIG, sb);
    return c.json({ publication }, 201);
  })
  .get("/publications", param(sandboxParam), query(z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) })), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const items = await listPublications(database(c.env.DB), sb, c.req.valid("query").limit);
    return c.json({ items });
  });
