/**
 * Providers and custom actions as stored, in the two shapes they are read in: the API's (secrets
 * reduced to which are set and their last four characters) and the sender's (secrets opened).
 * A row whose secrets do not open (the Worker's key changed) is still listed, and sending
 * through it fails with that reason instead of sending without credentials.
 */
import { and, eq, inArray } from "drizzle-orm";
import { database, schema } from "../db";
import type { CustomActionConfig, Channel, ProviderKind } from "./schemas";
import { rowBinding, secretsView, unseal } from "./secrets";
import type { StoredProvider } from "./send";
import type { StoredAction } from "./webhook";

const { customActions, providers } = schema;
export type ProviderRow = typeof providers.$inferSelect;
export type CustomActionRow = typeof customActions.$inferSelect;

export function publicProvider(r: ProviderRow) {
  return { id: r.id, name: r.name, channel: r.channel, kind: r.kind as ProviderKind, config: r.config, isDefault: r.isDefault, ...secretsView(r.secret), createdAt: r.createdAt, updatedAt: r.updatedAt };
}

export function publicAction(r: CustomActionRow) {
  return { id: r.id, name: r.name, ...(r.config as CustomActionConfig), ...secretsView(r.secret), createdAt: r.createdAt, updatedAt: r.updatedAt };
}

/** Either what to send with, or why it cannot be used. */
export type Usable<T> = { ok: true; value: T } | { ok: false; reason: string };

async function opened<T>(env: Env, sealed: string | null, binding: string, make: (secrets: Record<string, string>) => T): Promise<Usable<T>> {
  try {
    return { ok: true, value: make(await unseal(env, sealed, binding)) };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}

/** The sandbox's default provider of each channel that has one. */
export async function defaultProviders(env: Env, sandbox: string): Promise<Map<Channel, Usable<StoredProvider>>> {
  const rows = await database(env.DB).select().from(providers).where(and(eq(providers.sandboxId, sandbox), eq(providers.isDefault, true)));
  const out = new Map<Channel, Usable<StoredProvider>>();
  for (const r of rows) {
    out.set(r.channel, await opened(env, r.secret, rowBinding("providers", sandbox, r.id), (secrets) => ({ id: r.id, kind: r.kind as ProviderKind, channel: r.channel, config: r.config, secrets })));
  }
  return out;
}

export async function loadActions(env: Env, sandbox: string, ids: string[]): Promise<Map<string, Usable<StoredAction>>> {
  const out = new Map<string, Usable<StoredAction>>();
  if (!ids.length) return out;
  const rows = await database(env.DB).select().from(customActions).where(and(eq(customActions.sandboxId, sandbox), inArray(customActions.id, ids)));
  for (const r of rows) {
    out.set(r.id, await opened(env, r.secret, rowBinding("custom_actions", sandbox, r.id), (secrets) => ({ id: r.id, config: r.config as CustomActionConfig, secrets })));
  }
  return out;
}
