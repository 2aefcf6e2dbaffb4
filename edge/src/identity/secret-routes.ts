/**
 * Admin route that rotates a datastream's signing secret and shows the new one once. The site's
 * backend signs known identities with it (docs/identity.md); the API never shows it again.
 */
import { and, eq } from "drizzle-orm";
import { database, schema } from "../db";
import { notFound } from "../http/errors";
import { factory, requireSandbox, sandboxParam, slug } from "../http/factory";
import { param } from "../http/validate";
import { forgetSecret } from "./secrets";
import { randomHex } from "../identity/random";

export const datastreamSecretRoutes = factory.createApp().post("/:id/secret", param(sandboxParam.extend({ id: slug })), async (c) => {
  const { sb, id } = c.req.valid("param");
  await requireSandbox(c.env, sb);
  const secret = randomHex(32);
  const db = database(c.env.DB);
  const [row] = await db
    .update(schema.datastreams)
    .set({ secret })
    .where(and(eq(schema.datastreams.sandboxId, sb), eq(schema.datastreams.id, id)))
    .returning({ id: schema.datastreams.id });
  if (!row) throw notFound(`Datastream "${id}"`);
  await db.insert(schema.auditLog).values({ sandboxId: sb, actor: "admin", action: "datastream.secret.rotate", target: id });
  forgetSecret(id);
  return c.json({ datastream: id, secret, note: "Shown once. Store it in your site's backend configuration." }, 201);
});
