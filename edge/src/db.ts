/**
 * The Drizzle handle over the D1 binding, made once per binding: building one walks the whole
 * schema (it showed in CPU profiles of /v1/interact when made on every call).
 */
import { drizzle } from "drizzle-orm/d1";
import * as schema from "../../db/schema";

const make = (d1: D1Database) => drizzle(d1, { schema });
export type Database = ReturnType<typeof make>;

const handles = new WeakMap<D1Database, Database>();

export function database(d1: D1Database): Database {
  let db = handles.get(d1);
  if (!db) handles.set(d1, (db = make(d1)));
  return db;
}
export { schema };
