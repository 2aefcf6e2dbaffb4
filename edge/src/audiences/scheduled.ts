/** The hourly Cron Trigger: counts every sandbox's audiences and keeps the sizes for trends. */
import { database, schema } from "../db";
import { recordSizes } from "./batch-store";
import { compiledAudiences } from "./store";

export async function countScheduled(env: Env, now = Date.now()) {
  const sandboxes = await database(env.DB).select({ id: schema.sandboxes.id }).from(schema.sandboxes);
  for (const { id } of sandboxes) {
    try {
      const audiences = await compiledAudiences(env, id);
      if (audiences.length) await recordSizes(env, id, audiences, now);
    } catch (err) {
      console.error("scheduled audience count failed", id, err);
    }
  }
}
