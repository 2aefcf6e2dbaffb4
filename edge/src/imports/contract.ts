/**
 * The records an import produces and the outcomes ingestion answers with: the contract of
 * `profiles/ingest.ts`, restated here rather than imported, because that module pulls in Worker
 * types and this engine also runs in Node (the import CLI, unit tests). `routes.ts` hands these
 * records to `ingestProfiles`/`ingestEvents` and takes their outcomes, so the Worker type check
 * fails there if the two drift apart.
 */
import type { IncomingEvent, JsonValue } from "../profiles/events";

export type IdentityRef = { namespace: string; value: string };
export type ProfileRecord = { identities: IdentityRef[]; attributes: Record<string, JsonValue>; ts?: number };
export type EventRecord = { identities: IdentityRef[]; event: IncomingEvent };
export type IngestOutcome = {
  index: number;
  status: "created" | "updated" | "accepted" | "duplicate" | "rejected";
  profileId?: string;
  reasons?: { path: string; message: string }[];
};
