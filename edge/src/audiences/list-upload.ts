/**
 * Reading an uploaded list of identities (for a list audience) with the import's readers: a CSV
 * with identity columns (`email`, `phone`, `crmId`, `pcid`, `identity.<namespace>`) or NDJSON
 * lines with `identities`. Other columns are ignored; a row without a usable identity is
 * reported by its line, as in imports.
 */
import type { Context } from "hono";
import { activeConfig } from "../config/active";
import { validationFailed } from "../http/errors";
import type { AppEnv } from "../http/middleware";
import { normalizeIdentity } from "../identity/namespaces";
import { bodyText, BodyTooLargeError } from "../imports/body";
import { HeaderError } from "../imports/columns";
import { readRows, type ImportFormat } from "../imports/reader";
import { profileMapper } from "../imports/records";
import { formatOf, IMPORT_MAX_BYTES, tooLarge } from "../imports/routes";
import type { Reason } from "../imports/values";

export async function readIdentityList(c: Context<AppEnv>, sandbox: string, asked: ImportFormat | undefined) {
  if (Number(c.req.header("content-length") ?? "0") > IMPORT_MAX_BYTES) throw tooLarge();
  const format = formatOf(c, asked);
  const config = await activeConfig(c.env.CONFIG, sandbox);
  const unique = new Map<string, { namespace: string; value: string }>();
  const rejects: { line: number; reasons: Reason[] }[] = [];
  let rows = 0;
  try {
    for await (const row of readRows(bodyText(c.req.raw.body, IMPORT_MAX_BYTES), format, profileMapper)) {
      rows++;
      if (!row.ok) {
        rejects.push({ line: row.line, reasons: row.reasons });
        continue;
      }
      const reasons: Reason[] = [];
      const good: { namespace: string; value: string }[] = [];
      for (const [i, ref] of row.record.identities.entries()) {
        const norm = normalizeIdentity(ref.namespace, String(ref.value ?? ""), config.namespaces);
        if (!norm.ok) reasons.push({ path: row.identityPaths?.[i] ?? `identities.${i}`, message: norm.message });
        else good.push({ namespace: ref.namespace, value: norm.value });
      }
      // A row is taken whole or not at all.
      if (reasons.length) rejects.push({ line: row.line, reasons });
      else for (const g of good) unique.set(`${g.namespace}\u0000${g.value}`, g);
    }
  } catch (err) {
    if (err instanceof HeaderError) throw validationFailed(err.details, "The CSV header cannot be used");
    if (err instanceof BodyTooLargeError) throw tooLarge();
    throw err;
  }
  return { identities: [...unique.values()], rejects, rows };
}
