/**
 * A webhook custom action, called once: its URL, headers and body rendered for the journey step
 * (the journey's variables as `journey.entry`, the profile's id, the delivery id), its secrets
 * put in the header values that name them, sent with its timeout, and its answer judged by its
 * expected statuses — anything else retried or failed like a provider's answer (retry.ts).
 */
import type { Prepared } from "./send";
import type { CustomActionConfig } from "./schemas";
import type { SecretValues } from "./secrets";
import { renderHeader, renderJson, renderUrl, type SendScope } from "./templates";

export type StoredAction = { id: string; config: CustomActionConfig; secrets: SecretValues };

export function prepareWebhook(a: StoredAction, scope: SendScope, deliveryId: string): Prepared {
  const c = a.config;
  const headers: Record<string, string> = {};
  const withSecrets = { ...scope, secrets: a.secrets };
  for (const [name, value] of Object.entries(c.headers)) headers[name] = renderHeader(value, withSecrets);
  if (c.idempotencyHeader) headers[c.idempotencyHeader] = deliveryId;
  let body: string | undefined;
  if (c.body) {
    body = renderJson(c.body, scope);
    try {
      JSON.parse(body);
    } catch {
      return { outcome: { kind: "failed", reason: "the body template rendered invalid JSON for this step" } };
    }
    if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
  }
  return { url: renderUrl(c.url, scope), init: { method: c.method, headers, ...(body === undefined ? {} : { body }) }, timeoutMs: c.timeoutMs, expected: c.expectedStatuses };
}
