// The shapes the console reads and sends, mirroring db/schema.ts and docs/api.md. The typed client
// checks the API's real types against these, so a drift shows up in `tsc`, not in a blank page.

export const OFFER_STATUSES = ["draft", "approved", "archived"] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export const FORMATS = ["html", "text", "image", "json"] as const;
export type Format = (typeof FORMATS)[number];

export const CHANNELS = ["web", "app", "email", "code"] as const;
export type Channel = (typeof CHANNELS)[number];

export type Representation = {
  placement: string;
  format: Format;
  content: string;
  link?: string | null;
  alt?: string | null;
};

export type Offer = {
  id: string;
  name: string;
  status: OfferStatus;
  priority: number;
  fallback: boolean;
  startAt: number | null;
  endAt: number | null;
  tags: string[];
  representations: Representation[];
  createdAt: number;
  updatedAt: number;
};

/** Body of POST and PUT: optional fields are left out rather than sent as null. */
export type OfferInput = {
  id?: string;
  name: string;
  status: OfferStatus;
  priority: number;
  fallback: boolean;
  startAt?: number;
  endAt?: number;
  tags: string[];
  representations: { placement: string; format: Format; content: string; link?: string; alt?: string }[];
};

export type Placement = {
  id: string;
  name: string;
  channel: Channel;
  format: Format;
  selector?: string | null;
};

export type PlacementInput = { id: string; name: string; channel: Channel; format: Format; selector?: string };

export type Publication = {
  version: number;
  checksum?: string;
  /** Counts of what went into the snapshot, e.g. `{ offers: 3, placements: 2 }`. */
  summary: Record<string, number>;
  publishedAt: number;
};

export type Sandbox = { id: string; name: string };

/** A JSON Schema document in the subset the edge accepts (docs/schemas.md). */
export type SchemaDoc = Record<string, unknown>;

export type ProfileSchema = { jsonSchema: SchemaDoc; description: string | null; updatedAt: number };
export type EventSchema = ProfileSchema & { type: string };
export type SchemaList = { profile: ProfileSchema | null; events: EventSchema[] };
export type SchemaInput = { jsonSchema: SchemaDoc; description?: string };

export const MERGE_POLICIES = ["last-write", "known-wins"] as const;
export const SCHEMA_MODES = ["lenient", "strict"] as const;

export type SandboxSettings = {
  timeZone: string;
  mergePolicy: (typeof MERGE_POLICIES)[number];
  schemaMode: (typeof SCHEMA_MODES)[number];
  anonymousTtlDays: number;
};

export type Namespace = { id: string; name: string; createdAt: number };
export type NamespaceList = { builtIn: string[]; items: Namespace[] };

export type ProfileIdentity = { namespace: string; value: string; authenticated: boolean };

/** One row of the profile search: what the index keeps, without events or counters. */
export type ProfileSummary = {
  id: string;
  known: boolean;
  firstSeen: number;
  lastSeen: number;
  eventCount: number;
  attributes: Record<string, unknown>;
  identities: ProfileIdentity[];
};

/** A looked-up profile (docs/api.md). Event data and attributes are whatever visitors sent. */
export type ProfileDetail = ProfileSummary & {
  sandbox: string;
  consent: Record<string, unknown>;
  mergedFrom: string[];
  events: { id: string; type: string; ts: number; data: unknown }[];
  counters: Record<string, { decisions: number; displays: number; clicks: number }>;
};
