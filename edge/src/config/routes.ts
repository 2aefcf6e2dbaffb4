/** Admin routes that publish a sandbox's configuration to the edge. */
import { z } from "zod";
import { database } from "../db";
import { factory, requireSandbox, sandboxParam } from "../http/factory";
import { param, query } from "../http/validate";
import { listPublications, publish } from "./store";

const publicationsQuery = z.object({
    // Kept a string so the typed client sends what a query string carries.
  limit: z.string().regex(/^\d+$/, "Give a whole number").refine((v) => Number(v) >= 1 && Number(v) <= 100, "Between 1 and 100").optional(),
});

export const publishRoutes = factory
  .createApp()
  .post("/publish", param(sandboxParam), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const publication = await publish(database(c.env.DB), c.env.CONFIG, sb);
    return c.json({ publication }, 201);
  })
  .get("/publications", param(sandboxParam), query(publicationsQuery), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const items = await listPublications(database(c.env.DB), sb, Number(c.req.valid("query").limit ?? 20));
    return c.json({ items });
  });
