/**
 * Rows to records: a CSV row (through its planned columns) or an NDJSON object becomes the
 * `ProfileRecord` or `EventRecord` ingestion takes, or the reasons it cannot. Only the shape is
 * checked here; whether an email is valid or a namespace exists is ingestion's call.
 */
import { z } from "zod";
import { eventSchema, type IncomingEvent, type JsonValue } from "../profiles/events";
import { eventColumns, profileColumns, type EventColumn, type ProfileColumn } from "./columns";
import type { EventRecord, IdentityRef, ProfileRecord } from "./contract";
import {
  cellValue,
  identitiesFrom,
  identitiesSchema,
  issuesToReasons,
  NO_IDENTITY,
  parseTime,
  rejected,
  timeSchema,
  type Mapped,
  type Reason,
} from "./values";

/** How one kind of record is read from CSV and from NDJSON. */
export type RecordMapper<T, C> = {
  columns(header: string[]): C[];
  fromCells(cells: string[], columns: C[]): Mapped<T>;
  fromJson(value: unknown): Mapped<T>;
};

/** Sets a key without ever touching a prototype, whatever the key. */
function put(target: Record<string, JsonValue>, key: string, value: JsonValue) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function identityCell(identities: IdentityRef[], paths: string[], column: { namespace: string; name: string }, cell: string) {
  const value = cell.trim();
  if (!value) return;
  identities.push({ namespace: column.namespace, value });
  paths.push(column.name);
}

const profileLine = z.strictObject({
  identities: identitiesSchema,
  attributes: z.record(z.string(), z.unknown()).optional(),
  updatedAt: timeSchema.optional(),
});

export const profileMapper: RecordMapper<ProfileRecord, ProfileColumn> = {
  columns: profileColumns,

  fromCells(cells, columns) {
    const identities: IdentityRef[] = [];
    const paths: string[] = [];
    const attributes: Record<string, JsonValue> = {};
    const reasons: Reason[] = [];
    let ts: number | undefined;
    for (const column of columns) {
      const cell = cells[column.index];
      if (column.role === "identity") identityCell(identities, paths, column, cell);
      else if (column.role === "attribute") {
        const value = cellValue(cell);
        if (value !== undefined) put(attributes, column.attribute, value);
      } else if (cell.trim() !== "") {
        const time = parseTime(cell);
        if (time.ok) ts = time.ms;
        else reasons.push({ path: column.name, message: time.message });
      }
    }
    if (identities.length === 0) reasons.push({ path: "identities", message: NO_IDENTITY });
    if (reasons.length) return rejected(reasons);
    return { ok: true, record: ts === undefined ? { identities, attributes } : { identities, attributes, ts }, identityPaths: paths };
  },

  fromJson(value) {
    const parsed = profileLine.safeParse(value);
    if (!parsed.success) return rejected(issuesToReasons(parsed.error.issues));
    const { identities: map, attributes = {}, updatedAt } = parsed.data;
    const { identities, paths } = identitiesFrom(map);
    if (identities.length === 0) return rejected([{ path: "identities", message: NO_IDENTITY }]);
    const record: ProfileRecord = { identities, attributes: attributes as Record<string, JsonValue> };
    if (updatedAt !== undefined) record.ts = typeof updatedAt === "number" ? updatedAt : Date.parse(updatedAt);
    return { ok: true, record, identityPaths: paths };
  },
};

const eventLine = z.strictObject({ ...eventSchema.shape, timestamp: timeSchema.optional(), identities: identitiesSchema });

export const eventMapper: RecordMapper<EventRecord, EventColumn> = {
  columns: eventColumns,

  fromCells(cells, columns) {
    const identities: IdentityRef[] = [];
    const paths: string[] = [];
    const fields: Record<string, unknown> = {};
    const data: Record<string, JsonValue> = {};
    const reasons: Reason[] = [];
    let hasData = false;
    for (const column of columns) {
      const cell = cells[column.index];
      if (column.role === "identity") identityCell(identities, paths, column, cell);
      else if (column.role === "data") {
        const value = cellValue(cell);
        if (value !== undefined) {
          put(data, column.field, value);
          hasData = true;
        }
      } else if (column.role === "timestamp") {
        if (cell.trim() === "") continue;
        const time = parseTime(cell);
        if (time.ok) fields.timestamp = /^\s*\d+\s*$/.test(cell) ? time.ms : cell.trim();
        else reasons.push({ path: column.name, message: time.message });
      } else {
        const text = cell.trim();
        if (text) fields[column.role] = text;
        else if (column.role === "type") reasons.push({ path: column.name, message: "Every event needs a type" });
      }
    }
    if (identities.length === 0) reasons.push({ path: "identities", message: NO_IDENTITY });
    if (hasData) fields.data = data;
    const event = eventSchema.safeParse(fields);
    if (!event.success) {
      // An empty type was reported above in plainer words than the schema's.
      const said = new Set(reasons.map((r) => r.path.toLowerCase()));
      reasons.push(...issuesToReasons(event.error.issues).filter((r) => !said.has(r.path.toLowerCase())));
    }
    if (reasons.length || !event.success) return rejected(reasons);
    return { ok: true, record: { identities, event: event.data }, identityPaths: paths };
  },

  fromJson(value) {
    const parsed = eventLine.safeParse(value);
    if (!parsed.success) return rejected(issuesToReasons(parsed.error.issues));
    const { identities: map, ...fields } = parsed.data;
    const { identities, paths } = identitiesFrom(map);
    if (identities.length === 0) return rejected([{ path: "identities", message: NO_IDENTITY }]);
    const event: IncomingEvent = { type: fields.type };
    if (fields.id !== undefined) event.id = fields.id;
    if (fields.timestamp !== undefined) event.timestamp = fields.timestamp;
    if (fields.data !== undefined) event.data = fields.data;
    return { ok: true, record: { identities, event }, identityPaths: paths };
  },
};
