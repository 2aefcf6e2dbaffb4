/**
 * Schema checks of incoming events against the published snapshot: an event's payload against
 * its type's schema, and the attributes a `profile.update` sets against the profile schema.
 * In lenient mode unknown fields are kept and flagged on the stored event (`data._unknown`).
 */
import type { SandboxSettings, SchemaSet } from "../config/snapshot";
import type { ErrorDetail } from "../http/errors";
import type { IncomingEvent } from "../profiles/events";
import { compileSchemas, validateAttributes, validateEventData } from "../schemas";

export type EventCheck = { errors: ErrorDetail[]; unknown: string[] };

export function checkEvent(config: { schemas: SchemaSet; settings: Pick<SandboxSettings, "schemaMode"> }, e: IncomingEvent): EventCheck {
  const compiled = compileSchemas(config.schemas);
  const mode = config.settings.schemaMode;
  const payload = validateEventData(compiled, mode, e.type, e.data ?? {});
  const errors = [...payload.errors];
  const unknown = [...payload.unknown];
  if (e.type === "profile.update" && e.data && typeof e.data.set === "object" && e.data.set && !Array.isArray(e.data.set)) {
    const attrs = validateAttributes(compiled, mode, e.data.set as Record<string, unknown>);
    const rename = (p: string) => p.replace(/^attributes/, "data.set");
    errors.push(...attrs.errors.map((d) => ({ ...d, path: rename(d.path) })));
    unknown.push(...attrs.unknown.map(rename));
  }
  return { errors, unknown };
}

/** The event to store: unchanged, or with its unknown fields listed when the sandbox is lenient. */
export function flagged<T extends IncomingEvent>(e: T, unknown: string[]): T {
  return unknown.length ? { ...e, data: { ...(e.data ?? {}), _unknown: unknown } } : e;
}
