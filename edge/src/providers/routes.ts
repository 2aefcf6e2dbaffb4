/**
 * Admin routes of a sandbox's channel providers: list, create, read, replace, delete, and make
 * one its channel's default (the provider messages of that channel go through; without one they
 * stay in the local outbox).
 *
 * Secrets come in `secrets` (`{ "serverToken": "…" }`; on a replace, a name left out keeps its
 * value and `null` removes it), are sealed before they reach D1 (secrets.ts) and never come
 * back: answers say `hasSecret` and show at most the last four characters of each. A web push
 * provider created without keys gets a fresh VAPID key pair; its public key is in `config`, for
 * the SDK's `applicationServerKey`.
 *
 * `POST …/:id/test` sends one message through the provider now, to an address the admin gives,
 * and answers what the provider said: the quickest way to check a key or a sender. It is logged
 * in the delivery log like any message (source `test:provider:<id>`).
 */
import { and, eq, ne } from "drizzle-orm";
import { database, schema } from "../db";
import { ApiError, notFound, validationFailed, type ErrorDetail } from "../http/errors";
import { factory, isUniqueViolation, requireSandbox, sandboxParam, slug, slugify } from "../http/factory";
import { json, param } from "../http/validate";
import { providerCreate, providerFields, requiredSecrets, type ProviderInput, type ProviderSpec } from "./schemas";
import { keySource, mergeSecrets, rowBinding, seal, SecretError, unseal, type SecretValues } from "./secrets";
import { publicProvider, type ProviderRow } from "./store";
import { perform, prepare, type OutgoingMessage, type Recipient, type StoredProvider } from "./send";
import { randomBase64url } from "../identity/random";
import { z } from "zod";
import { checkVapidKeys, generateVapidKeys } from "./webpush";

const { auditLog, providers } = schema;
const idParam = sandboxParam.extend({ id: slug });

const testBody = z
  .object({
    /** An email address, a phone number (E.164), or a push subscription as the browser gives it. */
    to: z.union([z.string().min(3).max(320), z.object({ endpoint: z.string().url().max(2000), keys: z.object({ p256dh: z.string().max(200), auth: z.string().max(100) }) })]),
    subject: z.string().min(1).max(200).default("A test from Parcours"),
    body: z.string().min(1).max(2000).default("This is a test message: the provider is set up."),
  })
  .strict();

/** A web push provider's key pair: kept, given (and checked), or generated when there is none. */
async function settleVapid(spec: Extract<ProviderSpec, { kind: "webpush" }>, secrets: SecretValues, previous: Record<string, unknown> | null): Promise<ErrorDetail[]> {
  const keptPublic = previous?.vapidPublicKey as string | undefined;
  spec.config.vapidPublicKey ??= keptPublic;
  if (!spec.config.vapidPublicKey && !secrets.vapidPrivateKey) {
    const keys = await generateVapidKeys();
    spec.config.vapidPublicKey = keys.publicKey;
    secrets.vapidPrivateKey = keys.privateKey;
    return [];
  }
  if (!spec.config.vapidPublicKey) return [{ path: "config.vapidPublicKey", message: "Give the public key with the private key (or neither, to have a pair made)" }];
  if (!secrets.vapidPrivateKey) return [{ path: "secrets.vapidPrivateKey", message: "Give the private key with the public key (or neither, to have a pair made)" }];
  const bad = await checkVapidKeys({ publicKey: spec.config.vapidPublicKey, privateKey: secrets.vapidPrivateKey });
  return bad ? [{ path: "secrets.vapidPrivateKey", message: bad }] : [];
}

/** The secrets to store, or the field paths of what is missing. */
async function secretsFor(input: ProviderInput, current: SecretValues, previous: Record<string, unknown> | null, unopened: string | null): Promise<SecretValues> {
  const secrets = mergeSecrets(current, input.secrets as Record<string, string | null> | undefined);
  const details = input.kind === "webpush" ? await settleVapid(input, secrets, previous) : [];
  for (const name of requiredSecrets(input)) {
    if (!secrets[name] && !details.some((d) => d.path === `secrets.${name}`)) {
      details.push({ path: `secrets.${name}`, message: unopened ? `Required: the stored one cannot be used (${unopened})` : "Required" });
    }
  }
  if (details.length) throw validationFailed(details, "The provider's settings are incomplete");
  return secrets;
}

/** Makes a provider its channel's only default, in the same batch as its own write. */
const clearOtherDefaults = (env: Env, sb: string, channel: string, id: string) =>
  database(env.DB).update(providers).set({ isDefault: false, updatedAt: Date.now() }).where(and(eq(providers.sandboxId, sb), eq(providers.channel, channel as ProviderRow["channel"]), ne(providers.id, id)));

const audit = (env: Env, sb: string, action: string, target: string) => database(env.DB).insert(auditLog).values({ sandboxId: sb, actor: "admin", action, target });

async function findProvider(env: Env, sb: string, id: string): Promise<ProviderRow> {
  const row = await database(env.DB).select().from(providers).where(and(eq(providers.sandboxId, sb), eq(providers.id, id))).get();
  if (!row) throw notFound(`Provider "${id}"`);
  return row;
}

export const providerRoutes = factory
  .createApp()
  .get("/", param(sandboxParam), async (c) => {
    const { sb } = c.req.valid("param");
    await requireSandbox(c.env, sb);
    const rows = await database(c.env.DB).select().from(providers).where(eq(providers.sandboxId, sb)).orderBy(providers.channel, providers.id);
    // `secretsKey: "development"` warns that secrets are sealed with the public development key.
    return c.json({ items: rows.map(publicProvider), secretsKey: keySource(c.env) });
  })
  .post("/", param(sandboxParam), json(providerCreate), async (c) => {
    const { sb } = c.req.valid("param");
    const input = c.req.valid("json");
    await requireSandbox(c.env, sb);
    const id = input.id ?? slugify(input.name, input.kind);
    const secrets = await secretsFor(input, {}, null, null);
    const db = database(c.env.DB);
    const row = { sandboxId: sb, id, name: input.name, channel: input.channel, kind: input.kind, config: input.config, secret: await seal(c.env, secrets, rowBinding("providers", sb, id)), isDefault: !!input.isDefault };
    try {
      const insert = db.insert(providers).values(row).returning();
      const [[created]] = input.isDefault ? await db.batch([insert, clearOtherDefaults(c.env, sb, input.channel, id), audit(c.env, sb, "provider.create", id)]) : await db.batch([insert, audit(c.env, sb, "provider.create", id)]);
      return c.json({ provider: publicProvider(created) }, 201);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, "conflict", `Provider "${id}" exists already`, [{ path: "id", message: "Already taken" }]);
      throw err;
    }
  })
  .get("/:id", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    return c.json({ provider: publicProvider(await findProvider(c.env, sb, id)) });
  })
  .put("/:id", param(idParam), json(providerFields), async (c) => {
    const { sb, id } = c.req.valid("param");
    const input = c.req.valid("json");
    const existing = await findProvider(c.env, sb, id);
    // Secrets belong to a kind: changing the kind starts from none.
    const sameKind = existing.kind === input.kind;
    let current: SecretValues = {};
    let unopened: string | null = null;
    if (sameKind) {
      try {
        current = await unseal(c.env, existing.secret, rowBinding("providers", sb, id));
      } catch (err) {
        if (!(err instanceof SecretError)) throw err;
        unopened = err.message;
      }
    }
    const secrets = await secretsFor(input, current, sameKind ? existing.config : null, unopened);
    const isDefault = input.isDefault ?? (existing.isDefault && existing.channel === input.channel);
    const db = database(c.env.DB);
    const update = db
      .update(providers)
      .set({ name: input.name, channel: input.channel, kind: input.kind, config: input.config, secret: await seal(c.env, secrets, rowBinding("providers", sb, id)), isDefault, updatedAt: Date.now() })
      .where(and(eq(providers.sandboxId, sb), eq(providers.id, id)))
      .returning();
    const [[updated]] = isDefault ? await db.batch([update, clearOtherDefaults(c.env, sb, input.channel, id), audit(c.env, sb, "provider.update", id)]) : await db.batch([update, audit(c.env, sb, "provider.update", id)]);
    return c.json({ provider: publicProvider(updated) });
  })
  .post("/:id/default", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const existing = await findProvider(c.env, sb, id);
    const db = database(c.env.DB);
    const [[updated]] = await db.batch([
      db.update(providers).set({ isDefault: true, updatedAt: Date.now() }).where(and(eq(providers.sandboxId, sb), eq(providers.id, id))).returning(),
      clearOtherDefaults(c.env, sb, existing.channel, id),
      audit(c.env, sb, "provider.default", id),
    ]);
    return c.json({ provider: publicProvider(updated) });
  })
  .post("/:id/test", param(idParam), json(testBody), async (c) => {
    const { sb, id } = c.req.valid("param");
    const input = c.req.valid("json");
    const row = await findProvider(c.env, sb, id);
    let secrets: SecretValues;
    try {
      secrets = await unseal(c.env, row.secret, rowBinding("providers", sb, id));
    } catch (err) {
      throw new ApiError(409, "conflict", `Provider "${id}" cannot be used: ${(err as Error).message}`, [{ path: "secrets", message: (err as Error).message }]);
    }
    const to = input.to;
    const recipient: Recipient = typeof to === "string" ? (row.channel === "sms" ? { phone: to } : { email: to }) : { push: to };
    if (row.channel === "email" && typeof to === "string" && !/^[^\s@]+@[^\s@]+$/.test(to)) throw validationFailed([{ path: "to", message: "Give an email address" }]);
    if (row.channel === "sms" && typeof to === "string" && !/^\+[1-9]\d{6,14}$/.test(to)) throw validationFailed([{ path: "to", message: "Give a phone number in E.164 form, e.g. +33612345678" }]);
    if (row.channel === "push" && typeof to === "string") throw validationFailed([{ path: "to", message: "Give a push subscription: { endpoint, keys: { p256dh, auth } }" }]);
    const deliveryId = `test-${randomBase64url(12)}`;
    const provider: StoredProvider = { id, kind: row.kind as StoredProvider["kind"], channel: row.channel, config: row.config, secrets };
    const message: OutgoingMessage = { deliveryId, channel: row.channel, title: input.subject, body: input.body, cta: null, test: true };
    const scope = { profile: { id: "test" }, journey: {}, message: { id: deliveryId, channel: row.channel, title: input.subject, body: input.body, cta: null, subject: input.subject, text: input.body }, delivery: { id: deliveryId }, to: "" };
    const outcome = row.kind === "outbox" ? ({ kind: "sent", detail: `local outbox (${id})` } as const) : await (async () => {
      const prepared = await prepare(provider, message, scope, recipient);
      return "outcome" in prepared ? prepared.outcome : perform(prepared, 1, `sent by ${id}`);
    })();
    const status = outcome.kind === "retry" ? "failed" : outcome.kind;
    const detail = outcome.kind === "sent" ? outcome.detail : outcome.reason;
    await database(c.env.DB).insert(schema.deliveries).values({
      sandboxId: sb, id: deliveryId, profileId: "test", channel: row.channel, source: `test:provider:${id}`, status, detail, attempts: 1, providerId: id,
      payload: { subject: input.subject, body: input.body, to: typeof to === "string" ? to : to.endpoint, test: true },
    });
    return c.json({ deliveryId, status, detail });
  })
  .delete("/:id", param(idParam), async (c) => {
    const { sb, id } = c.req.valid("param");
    const deleted = await database(c.env.DB).delete(providers).where(and(eq(providers.sandboxId, sb), eq(providers.id, id))).returning();
    if (!deleted.length) throw notFound(`Provider "${id}"`);
    await audit(c.env, sb, "provider.delete", id);
    return c.json({ deleted: id });
  });
