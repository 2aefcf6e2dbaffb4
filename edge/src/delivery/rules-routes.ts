/** Admin routes of channel business rules: frequency caps and quiet hours (rules.ts). */
import { z } from "zod";
import { database, schema } from "../db";
import { ApiError, notFound } from "../http/errors";
import { factory, isUniqueViolation, requireSandbox, sandboxParam, slug, slugify } from "../http/factory";
import { json, param } from "../http/validate";
import { deleteRule, ruleInput, rulesOf } from "./rules";

const create = z.intersection(z.object({ id: slug.optional() }), ruleInput);

export const channelRuleRoutes = factory
  .createApp()
  .get("/", param(sandboxParam), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    return c.json({ items: await rulesOf(c.env, sb) });
  })
  .post("/", param(sandboxParam), json(create), async (c) => {
    const { sb } = c.req.valid("param");
    const input = c.req.valid("json");
    await requireSandbox(c.env, sb);
    const id = input.id ?? slugify(`${input.channel} ${input.kind}`, "rule");
    try {
      const [rule] = await database(c.env.DB).insert(schema.channelRules).values({ sandboxId: sb, id, channel: input.channel, kind: input.kind, config: input.config }).returning();
      return c.json({ rule }, 201);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, "conflict", `Rule "${id}" exists already`, [{ path: "id", message: "Already taken" }]);
      throw err;
    }
  })
  .delete("/:id", param(sandboxParam.extend({ id: slug })), async (c) => {
    const { sb, id } = c.req.valid("param");
    const deleted = await deleteRule(c.env, sb, id);
    if (!deleted.length) throw notFound(`Rule "${id}"`);
    return c.json({ deleted: id });
  });
