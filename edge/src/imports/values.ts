/**
 * How text from an import becomes values: CSV cells to JSON values, identity namespaces from
 * column names or object keys, timestamps from ISO strings or epoch milliseconds, and zod issues
 * to the `{ path, message }` reasons a rejected row is reported with.
 */
import { z } from "zod";
import type { JsonValue } from "../profiles/events";

export type Reason = { path: string; message: string };

/**
 * A row mapped to a record, or the reasons it cannot be. `identityPaths[i]` says where the
 * record's i-th identity came from (a column, a key), so ingestion's reasons about
 * `identities.<i>` can be reported in the file's own terms.
 */
export type Mapped<T> = { ok: true; record: T; identityPaths?: string[] } | { ok: false; reasons: Reason[] };

export const rejected = (reasons: Reason[]): Mapped<never> => ({ ok: false, reasons });

/** Path of a reason that concerns the whole row rather than one field. */
export const ROW = "(row)";

const BUILT_IN_NAMESPACES = new Map([["pcid", "pcid"], ["email", "email"], ["phone", "phone"], ["crmid", "crmId"]]);

/** The canonical name of a built-in namespace, whatever its case (`Email`, `CRMID`), else undefined. */
export const builtInNamespace = (name: string): string | undefined => BUILT_IN_NAMESPACES.get(name.toLowerCase());

/** The namespace an object key names: a built-in one in canonical case, else the key itself. */
export const namespaceOf = (key: string): string => builtInNamespace(key) ?? key;

/**
 * A CSV cell as a value: empty means "not set" (undefined); `true`/`false` in any case are
 * booleans; a number whose text is exactly how JavaScript writes it is a number (so `42` and
 * `-1.5` are numbers but `007`, `1.50`, `1e3` and long digit strings such as phone numbers stay
 * text); anything else is the text itself.
 */
export function cellValue(cell: string): JsonValue | undefined {
  if (cell === "") return undefined;
  if (cell.length <= 5) {
    const lower = cell.toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
  }
  const n = Number(cell);
  if (Number.isFinite(n) && String(n) === cell) return n;
  return cell;
}

const TIME_HINT = "Give an ISO 8601 date-time with a time zone (like 2026-11-29T10:00:00Z) or epoch milliseconds";

const isoDateTime = z.iso.datetime({ offset: true });

/** A timestamp as epoch milliseconds, from an ISO date-time string, a digit string or a number. */
export function parseTime(value: unknown): { ok: true; ms: number } | { ok: false; message: string } {
  if (typeof value === "number") {
    return Number.isSafeInteger(value) && value >= 0 ? { ok: true, ms: value } : { ok: false, message: TIME_HINT };
  }
  if (typeof value !== "string") return { ok: false, message: TIME_HINT };
  const text = value.trim();
  if (/^\d{1,16}$/.test(text)) return { ok: true, ms: Number(text) };
  if (!isoDateTime.safeParse(text).success) return { ok: false, message: TIME_HINT };
  const ms = Date.parse(text);
  return Number.isFinite(ms) && ms >= 0 ? { ok: true, ms } : { ok: false, message: TIME_HINT };
}

/** A timestamp field in a JSON line: an ISO date-time with a zone or non-negative epoch milliseconds. */
export const timeSchema = z.union(
  [z.iso.datetime({ offset: true, error: TIME_HINT }), z.number({ error: TIME_HINT }).int({ error: TIME_HINT }).nonnegative({ error: TIME_HINT })],
  { error: TIME_HINT },
);

export function issuesToReasons(issues: readonly z.core.$ZodIssue[], prefix = ""): Reason[] {
  return issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
    return { path: path || ROW, message: issue.message };
  });
}

/** Names that would reach an object's prototype if used as keys. */
export const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * `identities` of a JSON line: an object from namespace to a value (or a list of values);
 * `null` and blank values are skipped, like empty CSV cells.
 */
export const identitiesSchema = z.record(z.string().min(1, "Name the namespace"), z.union([z.string(), z.array(z.string()), z.null()], {
  error: "Give the identity as a string or a list of strings",
}));

export const NO_IDENTITY = "No identity: give at least one of email, phone, crmId or a custom namespace";

/** Identity references from a JSON `identities` object, built-in namespaces in canonical case. */
export function identitiesFrom(map: z.output<typeof identitiesSchema>) {
  const identities: { namespace: string; value: string }[] = [];
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const [key, raw] of Object.entries(map)) {
    const namespace = namespaceOf(key);
    (Array.isArray(raw) ? raw : [raw]).forEach((v, i) => {
      const value = v?.trim();
      const id = `${namespace}\u0000${value}`;
      if (!value || seen.has(id)) return;
      seen.add(id);
      identities.push({ namespace, value });
      paths.push(Array.isArray(raw) ? `identities.${key}.${i}` : `identities.${key}`);
    });
  }
  return { identities, paths };
}

/** Rewrites `identities.<i>…` in ingestion's reasons to where that identity came from. */
export function locateReasons(reasons: Reason[], identityPaths: string[] | undefined): Reason[] {
  if (!identityPaths) return reasons;
  return reasons.map((r) => {
    const m = /^identities\.(\d+)(\..*)?$/.exec(r.path);
    const source = m ? identityPaths[Number(m[1])] : undefined;
    return source ? { ...r, path: source + (m![2] ?? "") } : r;
  });
}
