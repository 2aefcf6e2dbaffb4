/**
 * Admin routes for sandboxes, their datastreams, settings and custom identity namespaces.
 * Datastream secrets never leave the server. Settings and namespaces reach the edge with the
 * next publish, inside the snapshot.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { database, schema } from "../db";
import { ApiError, notFound } from "../http/errors";
import { factory, isUniqueViolation, requireSandbox, sandboxParam, slug } from "../http/factory";
import { json, param } from "../http/validate";
import { BUILT_IN_NAMESPACES, isBuiltInNamespace, settingsPatch, timeZone } from "./settings";
import { randomHex } from "../identity/random";

const { sandboxes, datastreams, namespaces } = schema;

const sandboxInput = z.object({
  id: slug,
  name: z.string().min(1).max(120),
  timeZone: timeZone.default("UTC"),
});

// A built-in id passes here so the handler can answer 409 (rather than a complaint about the
// upper-case letter of `crmId`); any other id must be a slug.
const namespaceInput = z.object({
  id: z.string().superRefine((id, ctx) => {
    if (isBuiltInNamespace(id)) return;
    for (const issue of slug.safeParse(id).error?.issues ?? []) ctx.addIssue({ code: "custom", message: issue.message });
  }),
  name: z.string().min(1, "Name is required").max(120),
});

const namespaceParam = sandboxParam.extend({ id: z.string().min(1).max(64) });

const builtInConflict = (id: string, verb: string) =>
  new ApiError(409, "conflict", `"${id}" is a built-in identity namespace and cannot be ${verb}`, [{ path: "id", message: `Built in: ${BUILT_IN_NAMESPACES.join(", ")}` }]);

const settingsOf = (s: typeof sandboxes.$inferSelect) => ({
  timeZone: s.timeZone, mergePolicy: s.mergePolicy, schemaMode: s.schemaMode, anonymousTtlDays: s.anonymousTtlDays,
});

const namespaceOut = (n: typeof namespaces.$inferSelect) => ({ id: n.id, name: n.name, createdAt: n.createdAt });

const datastreamInput = z.object({
  id: slug,
  name: z.string().min(1).max(120),
  allowedOrigins: z.array(z.url().max(200)).max(20).default([]),
});

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
        .values({ ...input, sandboxId: sb, secret: randomHex(32) })
        .returning();
      return c.json({ datastream: publicDatastream(row) }, 201);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, "conflict", `Datastream "${input.id}" exists already`, [{ path: "id", message: "Already taken" }]);
      throw err;
    }
  })
  .get("/:sb/settings", param(sandboxParam), async (c) => {
    const { sb } = c.req.valid("param");
    return c.json({ settings: settingsOf(await requireSandbox(c.env, sb)) });
  })
  .patch("/:sb/settings", param(sandboxParam), json(settingsPatch), async (c) => {
    const { sb } = c.req.valid("param");
    const patch = c.req.valid("json");
    const current = await requireSandbox(c.env, sb);
    if (Object.keys(patch).length === 0) return c.json({ settings: settingsOf(current) });
    const [row] = await database(c.env.DB).update(sandboxes).set(patch).where(eq(sandboxes.id, sb)).returning();
    return c.json({ settings: settingsOf(row) });
  })
  .get("/:sb/namespaces", param(sandboxParam), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const rows = await database(c.env.DB).select().from(namespaces).where(eq(namespaces.sandboxId, sb)).orderBy(namespaces.id);
    return c.json({ builtIn: [...BUILT_IN_NAMESPACES], items: rows.map(namespaceOut) });
  })
  .post("/:sb/namespaces", param(sandboxParam), json(namespaceInput), async (c) => {
    const { sb } = c.req.valid("param");
    const input = c.req.valid("json");
    const { id } = input;
    if (isBuiltInNamespace(id)) throw builtInConflict(id, "added again");
    await requireSandbox(c.env, sb);
    try {
      const [row] = await database(c.env.DB).insert(namespaces).values({ sandboxId: sb, id, name: input.name }).returning();
      return c.json({ namespace: namespaceOut(row) }, 201);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, "conflict", `Namespace "${id}" exists already`, [{ path: "id", message: "Already taken" }]);
      throw err;
    }
  })
  .delete("/:sb/namespaces/:id", param(namespaceParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    if (isBuiltInNamespace(id)) throw builtInConflict(id, "removed");
    await requireSandbox(c.env, sb);
    const gone = await database(c.env.DB)
      .delete(namespaces)
      .where(and(eq(namespaces.sandboxId, sb), eq(namespaces.id, id)))
      .returning({ id: namespaces.id });
    if (!gone.length) throw notFound(`Namespace "${id}"`);
    return c.body(null, 204);
  });
