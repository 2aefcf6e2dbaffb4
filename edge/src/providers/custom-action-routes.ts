/**
 * Admin routes of webhook custom actions: the HTTP calls journeys make with
 * `{ "kind": "webhook", "action": "<id>" }` — method, URL template, headers, JSON body template,
 * timeout and expected statuses. Header values may read secrets by name
 * (`"Authorization": "Bearer {{ secrets.token }}"`); secrets are sealed like providers' and never
 * returned, and every name a header reads must be defined (`400` naming the header).
 * An action a live or stopped journey version still calls cannot be deleted (`409 in_use`).
 */
import { and, eq, inArray } from "drizzle-orm";
import { database, schema } from "../db";
import { ApiError, notFound, validationFailed, type ErrorDetail } from "../http/errors";
import { factory, isUniqueViolation, requireSandbox, sandboxParam, slug, slugify } from "../http/factory";
import { json, param } from "../http/validate";
import { customActionCreate, customActionFields, type CustomActionConfig, type CustomActionInput } from "./schemas";
import { mergeSecrets, rowBinding, seal, SecretError, unseal, type SecretValues } from "./secrets";
import { publicAction, type CustomActionRow } from "./store";
import { secretsRead } from "./templates";

const { auditLog, customActions, journeyVersions } = schema;
const idParam = sandboxParam.extend({ id: slug });

const configOf = ({ name: _name, secrets: _secrets, ...config }: CustomActionInput & { id?: string }): CustomActionConfig => {
  delete (config as { id?: string }).id;
  return config;
};

/** Every secret a header reads must exist. */
function checkSecretNames(headers: Record<string, string>, secrets: SecretValues, unopened: string | null) {
  const details: ErrorDetail[] = [];
  for (const [name, value] of Object.entries(headers)) {
    for (const secret of secretsRead(value)) {
      if (!(secret in secrets)) details.push({ path: `headers.${name}`, message: unopened ? `Secret "${secret}" cannot be used (${unopened}): give it again` : `No secret named "${secret}": add it under "secrets"` });
    }
  }
  if (details.length) throw validationFailed(details, "A header reads a secret that is not defined");
}

/** The journeys (live or stopped, so people may still reach the node) that call the action. */
async function journeysUsing(env: Env, sb: string, id: string): Promise<string[]> {
  const rows = await database(env.DB)
    .select({ journey: journeyVersions.journeyId, version: journeyVersions.version, definition: journeyVersions.definition })
    .from(journeyVersions)
    .where(and(eq(journeyVersions.sandboxId, sb), inArray(journeyVersions.status, ["live", "stopped"])));
  const calls = (definition: Record<string, unknown>) =>
    Object.values((definition.nodes ?? {}) as Record<string, { type?: string; action?: { kind?: string; action?: string } }>).some((n) => n.type === "action" && n.action?.kind === "webhook" && n.action.action === id);
  return rows.filter((r) => calls(r.definition)).map((r) => `${r.journey} v${r.version}`);
}

async function findAction(env: Env, sb: string, id: string): Promise<CustomActionRow> {
  const row = await database(env.DB).select().from(customActions).where(and(eq(customActions.sandboxId, sb), eq(customActions.id, id))).get();
  if (!row) throw notFound(`Custom action "${id}"`);
  return row;
}

const audit = (env: Env, sb: string, action: string, target: string) => database(env.DB).insert(auditLog).values({ sandboxId: sb, actor: "admin", action, target });

export const customActionRoutes = factory
  .createApp()
  .get("/", param(sandboxParam), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const rows = await database(c.env.DB).select().from(customActions).where(eq(customActions.sandboxId, sb)).orderBy(customActions.id);
    return c.json({ items: rows.map(publicAction) });
  })
  .post("/", param(sandboxParam), json(customActionCreate), async (c) => {
    const { sb } = c.req.valid("param");
    const input = c.req.valid("json");
    await requireSandbox(c.env, sb);
    const id = input.id ?? slugify(input.name, "action");
    const secrets = mergeSecrets({}, input.secrets);
    checkSecretNames(input.headers, secrets, null);
    const db = database(c.env.DB);
    try {
      const [[created]] = await db.batch([
        db.insert(customActions).values({ sandboxId: sb, id, name: input.name, config: configOf(input), secret: await seal(c.env, secrets, rowBinding("custom_actions", sb, id)) }).returning(),
        audit(c.env, sb, "custom-action.create", id),
      ]);
      return c.json({ customAction: publicAction(created) }, 201);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, "conflict", `Custom action "${id}" exists already`, [{ path: "id", message: "Already taken" }]);
      throw err;
    }
  })
  .get("/:id", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    return c.json({ customAction: publicAction(await findAction(c.env, sb, id)) });
  })
  .put("/:id", param(idParam), json(customActionFields), async (c) => {
    const { sb, id } = c.req.valid("param");
    const input = c.req.valid("json");
    const existing = await findAction(c.env, sb, id);
    let current: SecretValues = {};
    let unopened: string | null = null;
    try {
      current = await unseal(c.env, existing.secret, rowBinding("custom_actions", sb, id));
    } catch (err) {
      if (!(err instanceof SecretError)) throw err;
      unopened = err.message;
    }
    const secrets = mergeSecrets(current, input.secrets);
    checkSecretNames(input.headers, secrets, unopened);
    const db = database(c.env.DB);
    const [[updated]] = await db.batch([
      db
        .update(customActions)
        .set({ name: input.name, config: configOf(input), secret: await seal(c.env, secrets, rowBinding("custom_actions", sb, id)), updatedAt: Date.now() })
        .where(and(eq(customActions.sandboxId, sb), eq(customActions.id, id)))
        .returning(),
      audit(c.env, sb, "custom-action.update", id),
    ]);
    return c.json({ customAction: publicAction(updated) });
  })
  .delete("/:id", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const users = await journeysUsing(c.env, sb, id);
    if (users.length) {
      throw new ApiError(409, "in_use", `Custom action "${id}" is called by ${users.join(", ")}`, users.map((u) => ({ path: `journeys.${u.split(" ")[0]}`, message: `Calls this action (${u})` })));
    }
    const deleted = await database(c.env.DB).delete(customActions).where(and(eq(customActions.sandboxId, sb), eq(customActions.id, id))).returning();
    if (!deleted.length) throw notFound(`Custom action "${id}"`);
    await audit(c.env, sb, "custom-action.delete", id);
    return c.json({ deleted: id });
  });
