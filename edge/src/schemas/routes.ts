/**
 * Admin routes of a sandbox's schemas: the profile attribute schema and one schema per event
 * type. Documents are checked against the supported subset before they are stored; the edge
 * applies them from the next publish on.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { database, schema } from "../db";
import { notFound } from "../http/errors";
import { factory, requireSandbox, sandboxParam } from "../http/factory";
import { json, param } from "../http/validate";
import { checkSchemaDocument } from "./subset";
import { BUILT_IN_EVENT_TYPES } from "./validate";

const { schemas } = schema;
const PROFILE = "attributes";

const eventType = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][\w.:-]*$/, "Start with a letter; use letters, digits and . _ : -");

const eventParam = sandboxParam.extend({ type: eventType });
const customEventParam = sandboxParam.extend({
  type: eventType.refine((t) => !BUILT_IN_EVENT_TYPES.has(t), "This is a built-in event type: Parcours defines its payload"),
});

/** A schema document, checked against the subset; problems are reported under `jsonSchema.<path>`. */
const jsonSchemaField = z
  .unknown()
  .superRefine((doc, ctx) => {
    if (doc === undefined) {
      ctx.addIssue({ code: "custom", message: "Required" });
      return;
    }
    for (const d of checkSchemaDocument(doc)) {
      ctx.addIssue({ code: "custom", path: d.path === "(root)" ? [] : d.path.split("."), message: d.message });
    }
  })
  .transform((doc) => doc as Record<string, unknown>);

const schemaInput = z.object({
  jsonSchema: jsonSchemaField,
  description: z.string().max(500).nullish(),
});

type Row = typeof schemas.$inferSelect;
const profileOut = (r: Row) => ({ jsonSchema: r.jsonSchema, description: r.description, updatedAt: r.updatedAt });
const eventOut = (r: Row) => ({ type: r.name, jsonSchema: r.jsonSchema, description: r.description, updatedAt: r.updatedAt });

async function upsert(db: ReturnType<typeof database>, sandboxId: string, kind: Row["kind"], name: string, input: z.output<typeof schemaInput>) {
  const values = { jsonSchema: input.jsonSchema, description: input.description ?? null, updatedAt: Date.now() };
  const [row] = await db
    .insert(schemas)
    .values({ sandboxId, kind, name, ...values })
    .onConflictDoUpdate({ target: [schemas.sandboxId, schemas.kind, schemas.name], set: values })
    .returning();
  return row;
}

async function remove(db: ReturnType<typeof database>, sandboxId: string, kind: Row["kind"], name: string) {
  const gone = await db
    .delete(schemas)
    .where(and(eq(schemas.sandboxId, sandboxId), eq(schemas.kind, kind), eq(schemas.name, name)))
    .returning({ name: schemas.name });
  return gone.length > 0;
}

export const schemaRoutes = factory
  .createApp()
  .get("/", param(sandboxParam), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const rows = await database(c.env.DB).select().from(schemas).where(eq(schemas.sandboxId, sb)).orderBy(schemas.name);
    const profile = rows.find((r) => r.kind === "profile");
    return c.json({ profile: profile ? profileOut(profile) : null, events: rows.filter((r) => r.kind === "event").map(eventOut) });
  })
  .put("/profile", param(sandboxParam), json(schemaInput), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const row = await upsert(database(c.env.DB), sb, "profile", PROFILE, c.req.valid("json"));
    return c.json({ profile: profileOut(row) });
  })
  .delete("/profile", param(sandboxParam), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    if (!(await remove(database(c.env.DB), sb, "profile", PROFILE))) throw notFound("The profile schema");
    return c.body(null, 204);
  })
  .put("/events/:type", param(customEventParam), json(schemaInput), async (c) => {
    const { sb, type } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const row = await upsert(database(c.env.DB), sb, "event", type, c.req.valid("json"));
    return c.json({ event: eventOut(row) });
  })
  .delete("/events/:type", param(eventParam), async (c) => {
    const { sb, type } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    if (!(await remove(database(c.env.DB), sb, "event", type))) throw notFound(`The schema of event type "${type}"`);
    return c.body(null, 204);
  });
