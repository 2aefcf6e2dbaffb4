/**
 * What each column of a CSV header means, decided once per file.
 *
 * Profiles: a column named after an identity namespace (`pcid`, `email`, `phone`, `crmId`, any
 * case) or `identity.<namespace>` holds an identity; `updatedAt` the time of the values;
 * `attr.<name>` or any other column an attribute named `<name>` (or the column name).
 * Events: `id`, `type` (required), `timestamp`, identity columns and `data.<field>`.
 *
 * Problems with the header concern every row, so they refuse the whole file, all at once.
 */
import { builtInNamespace, NO_IDENTITY, UNSAFE_KEYS, type Reason } from "./values";

type Base = { index: number; name: string };
export type ProfileColumn = Base & ({ role: "identity"; namespace: string } | { role: "attribute"; attribute: string } | { role: "updatedAt" });
export type EventColumn = Base & ({ role: "identity"; namespace: string } | { role: "id" | "type" | "timestamp" } | { role: "data"; field: string });

export class HeaderError extends Error {
  constructor(readonly details: Reason[]) {
    super(`The header cannot be used: ${details.map((d) => d.message).join("; ")}`);
    this.name = "HeaderError";
  }
}

const IDENTITY_PREFIX = "identity.";

/** The namespace a column names, if it is an identity column. */
function identityColumn(name: string): string | undefined {
  if (name.toLowerCase().startsWith(IDENTITY_PREFIX)) {
    const ns = name.slice(IDENTITY_PREFIX.length);
    return builtInNamespace(ns) ?? ns;
  }
  return builtInNamespace(name);
}

/** Reads a header, letting `classify` give each column a role; checks what all headers share. */
function plan<C extends Base & { role: string }>(
  header: string[],
  classify: (name: string, index: number, problem: (message: string) => void) => C | undefined,
  targetOf: (column: C) => string,
  required: (columns: C[]) => Reason[] = () => [],
): C[] {
  const details: Reason[] = [];
  const columns: C[] = [];
  const claimed = new Map<string, string>();
  header.forEach((raw, index) => {
    const name = raw.trim();
    const label = name || `#${index + 1}`;
    const problem = (message: string) => details.push({ path: `header.${label}`, message });
    if (!name) return problem(`Column ${index + 1} has no name`);
    const column = classify(name, index, problem);
    if (!column) return;
    const target = targetOf(column);
    const previous = claimed.get(target);
    if (previous !== undefined) return problem(`Column "${name}" sets the same thing as column "${previous}"`);
    claimed.set(target, name);
    columns.push(column);
  });
  if (!columns.some((c) => c.role === "identity")) {
    details.push({ path: "header", message: `${NO_IDENTITY} column (identity.<namespace> for a custom one)` });
  }
  details.push(...required(columns));
  if (details.length) throw new HeaderError(details);
  return columns;
}

function checkKey(key: string, what: string, problem: (message: string) => void): boolean {
  if (!key) {
    problem(`Name the ${what} after the dot`);
    return false;
  }
  if (UNSAFE_KEYS.has(key)) {
    problem(`"${key}" cannot be used as ${what} name`);
    return false;
  }
  return true;
}

export function profileColumns(header: string[]): ProfileColumn[] {
  return plan<ProfileColumn>(
    header,
    (name, index, problem) => {
      const namespace = identityColumn(name);
      if (namespace !== undefined) return checkKey(namespace, "a namespace", problem) ? { index, name, role: "identity", namespace } : undefined;
      if (name.toLowerCase() === "updatedat") return { index, name, role: "updatedAt" };
      const attribute = name.toLowerCase().startsWith("attr.") ? name.slice(5) : name;
      return checkKey(attribute, "an attribute", problem) ? { index, name, role: "attribute", attribute } : undefined;
    },
    (c) => (c.role === "identity" ? `identity:${c.namespace}` : c.role === "attribute" ? `attribute:${c.attribute}` : c.role),
  );
}

export function eventColumns(header: string[]): EventColumn[] {
  return plan<EventColumn>(
    header,
    (name, index, problem) => {
      const namespace = identityColumn(name);
      if (namespace !== undefined) return checkKey(namespace, "a namespace", problem) ? { index, name, role: "identity", namespace } : undefined;
      const lower = name.toLowerCase();
      if (lower === "id" || lower === "type" || lower === "timestamp") return { index, name, role: lower };
      if (lower.startsWith("data.")) {
        const field = name.slice(5);
        return checkKey(field, "a data field", problem) ? { index, name, role: "data", field } : undefined;
      }
      problem(`Unknown column "${name}": event columns are id, type, timestamp, identity columns (email, phone, crmId, identity.<namespace>) and data.<field>`);
      return undefined;
    },
    (c) => (c.role === "identity" ? `identity:${c.namespace}` : c.role === "data" ? `data:${c.field}` : c.role),
    (columns) => (columns.some((c) => c.role === "type") ? [] : [{ path: "header", message: "No type column: every event needs a type" }]),
  );
}
