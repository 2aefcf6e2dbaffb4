/**
 * Publishing: reads a sandbox's configuration from D1, compiles it, and makes it live.
 *
 * Order matters for readers that never lock: the immutable snapshot is written first, then the
 * publication row (whose primary key makes concurrent publishes pick distinct versions), and
 * only then the pointers that send traffic to the new version.
 */
import { and, desc, eq, inArray, isNotNull, max, or } from "drizzle-orm";
import type { Definition } from "../journeys/definition";
import type { Database } from "../db";
import { schema } from "../db";
import { ApiError } from "../http/errors";
import { audienceConfigs } from "../audiences/store";
import { forgetPointers } from "./cache";
import { activeKey, datastreamKey, snapshotKey, type DatastreamPointer } from "./keys";
import { compileSnapshot, summarize, type SandboxSource } from "./snapshot";

const { audiences, collections, datastreams, decisions, journeyVersions, namespaces, offers, placements, publications, sandboxes, schemas } = schema;

export async function readSandboxSource(db: Database, sandbox: string): Promise<SandboxSource> {
  const [sb, ds, ps, os, ss, ns, as, cs, dc, js] = await db.batch([
    db.select().from(sandboxes).where(eq(sandboxes.id, sandbox)),
    db.select().from(datastreams).where(eq(datastreams.sandboxId, sandbox)),
    db.select().from(placements).where(eq(placements.sandboxId, sandbox)),
    db.select().from(offers).where(eq(offers.sandboxId, sandbox)),
    db.select().from(schemas).where(eq(schemas.sandboxId, sandbox)),
    db.select().from(namespaces).where(eq(namespaces.sandboxId, sandbox)),
    db.select().from(audiences).where(eq(audiences.sandboxId, sandbox)),
    db.select().from(collections).where(eq(collections.sandboxId, sandbox)),
    db.select().from(decisions).where(eq(decisions.sandboxId, sandbox)),
    db.select().from(journeyVersions).where(and(eq(journeyVersions.sandboxId, sandbox), or(inArray(journeyVersions.status, ["live", "stopped"]), and(eq(journeyVersions.status, "draft"), isNotNull(journeyVersions.testProfiles))))),
  ]);
  if (!sb[0]) throw new ApiError(404, "not_found", `Sandbox "${sandbox}" was not found`);
  const { timeZone, mergePolicy, schemaMode, anonymousTtlDays } = sb[0];
  return {
    sandbox,
    settings: { timeZone, mergePolicy, schemaMode, anonymousTtlDays },
    schemas: {
      profile: ss.find((s) => s.kind === "profile")?.jsonSchema ?? null,
      events: Object.fromEntries(ss.filter((s) => s.kind === "event").map((s) => [s.name, s.jsonSchema])),
    },
    namespaces: ns.map((n) => n.id),
    datastreams: ds.map((d) => ({ id: d.id, allowedOrigins: d.allowedOrigins })),
    placements: ps.map((p) => ({ id: p.id, name: p.name, channel: p.channel, format: p.format, selector: p.selector, action: p.action })),
    offers: os.map((o) => ({
      id: o.id, status: o.status, priority: o.priority, fallback: o.fallback, startAt: o.startAt, endAt: o.endAt,
      representations: o.representations, eligibility: o.eligibility, caps: o.caps, tags: o.tags, attributes: o.attributes,
    })),
    audiences: audienceConfigs(as),
    collections: cs.map((c) => ({ id: c.id, match: c.match, tags: c.tags })),
    decisions: dc.map((d) => ({ id: d.id, allowDuplicates: d.allowDuplicates, placements: d.placements })),
    journeys: js.map((j) => ({
      id: j.journeyId, version: j.version, definition: j.definition as unknown as Definition,
      ...(j.status === "draft" ? { status: "test" as const, testProfiles: j.testProfiles ?? [] } : { status: j.status as "live" | "stopped" }),
    })),
  };
}

async function checksum(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest).slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function publish(db: Database, kv: KVNamespace, sandbox: string, now = Date.now()) {
  const source = await readSandboxSource(db, sandbox);
  const [{ latest }] = await db.select({ latest: max(publications.version) }).from(publications).where(eq(publications.sandboxId, sandbox));
  const version = (latest ?? 0) + 1;
  const snapshot = compileSnapshot(source, version, now);
  const body = JSON.stringify(snapshot);
  const summary = summarize(snapshot);

  await kv.put(snapshotKey(sandbox, version), body);
  const inserted = await db
    .insert(publications)
    .values({ sandboxId: sandbox, version, checksum: await checksum(body), summary, publishedAt: now })
    .onConflictDoNothing()
    .returning();
  if (!inserted.length) throw new ApiError(409, "conflict", "Another publish of this sandbox ran at the same time; try again");

  const pointer: DatastreamPointer = { sandbox, version };
  await Promise.all([
    kv.put(activeKey(sandbox), String(version)),
    ...source.datastreams.map((d) => kv.put(datastreamKey(d.id), JSON.stringify(pointer))),
  ]);
  forgetPointers();
  return inserted[0];
}

export const listPublications = (db: Database, sandbox: string, limit = 20) =>
  db.select().from(publications).where(eq(publications.sandboxId, sandbox)).orderBy(desc(publications.version)).limit(limit);

export const getPublication = (db: Database, sandbox: string, version: number) =>
  db.select().from(publications).where(and(eq(publications.sandboxId, sandbox), eq(publications.version, version))).get();
