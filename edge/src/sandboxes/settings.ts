/**
 * Sandbox settings and identity namespaces: the input rules the admin routes apply. Plain
 * TypeScript, so the rules can be tested and reused outside the Worker.
 */
import { z } from "zod";
import { BUILT_IN_NAMESPACES } from "../identity/namespaces";

export { BUILT_IN_NAMESPACES };

/** Built-in, ignoring case: a custom `crmid` beside `crmId` would only confuse. */
export const isBuiltInNamespace = (id: string) => BUILT_IN_NAMESPACES.some((n) => n.toLowerCase() === id.toLowerCase());

/** The canonical IANA name of a time zone (`europe/paris` → `Europe/Paris`), or null when unknown. */
export function canonicalTimeZone(zone: string): string | null {
  try {
    return new Intl.DateTimeFormat(undefined, { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export const timeZone = z
  .string()
  .min(1)
  .max(64)
  .transform((zone, ctx) => {
    const canonical = canonicalTimeZone(zone);
    if (canonical) return canonical;
    ctx.addIssue({ code: "custom", message: `Unknown time zone "${zone}": use an IANA name such as Europe/Paris or UTC` });
    return z.NEVER;
  });

export const MERGE_POLICIES = ["last-write", "known-wins"] as const;
export const SCHEMA_MODES = ["lenient", "strict"] as const;

/** PATCH body: any subset of the settings; unknown keys are refused so a typo is not silently ignored. */
export const settingsPatch = z.strictObject({
  timeZone: timeZone.optional(),
  mergePolicy: z.enum(MERGE_POLICIES).optional(),
  schemaMode: z.enum(SCHEMA_MODES).optional(),
  anonymousTtlDays: z.number().int("Use a whole number of days").min(1).max(400).optional(),
});
