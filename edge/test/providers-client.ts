/**
 * The tests' side of the provider stand-in (providers-stand-in.mjs, a real HTTP server on
 * 127.0.0.1): each test takes a scope, scripts its answers and reads what it received. Also the
 * shapes the delivery tests build: a journey step's message, a profile with attributes, a log row.
 */
import { env } from "cloudflare:workers";
import { inject } from "vitest";
import type { Action } from "../src/journeys/definition";
import type { DeliveryMessage } from "../src/journeys/runtime";
import type { JsonObject, JsonValue } from "../src/profiles/events";
import { profileStub } from "../src/profiles/stub";

declare module "vitest" {
  export interface ProvidedContext {
    providerStandIn: string;
  }
}

export type Recorded = {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
  bodyBase64: string;
  at: number;
  push?: { rs: number; idlen: number; text: string; error?: string };
  vapid?: { valid: boolean; header: Record<string, unknown>; claims: Record<string, unknown>; publicKey: string; reason?: string };
};

export type Scripted = { status: number; headers?: Record<string, string>; body?: unknown; delayMs?: number };

let counter = 0;

/** A fresh scope on the stand-in: its base URL, its script, its requests. */
export function standIn() {
  const root = inject("providerStandIn");
  const name = `t${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return {
    root,
    base: `${root}/s/${name}`,
    async script(responses: Scripted[], repeat = false) {
      const res = await fetch(`${root}/_control/${name}/script`, { method: "POST", body: JSON.stringify({ responses, repeat }) });
      if (!res.ok) throw new Error(`stand-in script: ${res.status}`);
    },
    async requests(): Promise<Recorded[]> {
      return (await fetch(`${root}/_control/${name}/requests`)).json();
    },
    async pushSubscription(): Promise<{ endpoint: string; keys: { p256dh: string; auth: string } }> {
      return (await fetch(`${root}/_control/${name}/push-subscription`, { method: "POST", body: "{}" })).json();
    },
  };
}

/** A journey step's delivery, as the profile's object hands it to the queue. */
export function stepMessage(sandbox: string, profileId: string, action: Action, vars: JsonObject = {}, stepId = `step-${crypto.randomUUID()}`): DeliveryMessage {
  return { kind: "action", stepId, journey: "welcome", version: 1, instance: "inst", node: "send", action, vars, sandbox, profileId };
}

/** A profile with attributes (and identities), written the way imports and logins write them. */
export async function profileWith(sandbox: string, attributes: Record<string, JsonValue>, identities: { namespace: string; value: string; authenticated: boolean }[] = []) {
  const profileId = `p-${crypto.randomUUID()}`;
  const now = Date.now();
  await profileStub(env, sandbox, profileId).applyProfile({ sandbox, profileId, attributes, ts: now, identities, now });
  return profileId;
}

export type LogRow = { id: string; channel: string; status: string; detail: string | null; attempts: number; provider_id: string | null; payload: string; profile_id: string };
export const logRow = (sandbox: string, id: string) => env.DB.prepare("SELECT * FROM deliveries WHERE sandbox_id = ? AND id = ?").bind(sandbox, id).first<LogRow>();
