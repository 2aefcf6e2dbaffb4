/**
 * The D1 schema: the system of record for configuration and the async data plane.
 *
 * Every configuration and data table carries `sandbox_id` so one database serves several
 * isolated sandboxes (the demo sandbox is `prod`). Hot per-profile state does not live here:
 * it lives in each profile's Durable Object; D1 gets an asynchronous copy for search and reports.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

const createdAt = () => integer("created_at", { mode: "number" }).notNull().default(sql`(unixepoch('subsec') * 1000)`);
const updatedAt = () => integer("updated_at", { mode: "number" }).notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const sandboxes = sqliteTable("sandboxes", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  timeZone: text("time_zone").notNull().default("UTC"),
  /** How attributes combine when two profiles merge: newest write per attribute, or the known profile's. */
  mergePolicy: text("merge_policy", { enum: ["last-write", "known-wins"] }).notNull().default("last-write"),
  /** Unknown attributes and event fields: rejected (strict) or kept and flagged (lenient). */
  schemaMode: text("schema_mode", { enum: ["lenient", "strict"] }).notNull().default("lenient"),
  /** Anonymous profiles idle this long expire. */
  anonymousTtlDays: integer("anonymous_ttl_days").notNull().default(30),
  createdAt: createdAt(),
});

/** A datastream is what a site or app is configured with: it names the sandbox its traffic feeds. */
export const datastreams = sqliteTable(
  "datastreams",
  {
    id: text("id").primaryKey(),
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    name: text("name").notNull(),
    /** HMAC key for identities signed by the site's backend; never returned by the API. */
    secret: text("secret").notNull(),
    /** JSON array of origins allowed to call the data plane from a browser; empty = any. */
    allowedOrigins: text("allowed_origins", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    createdAt: createdAt(),
  },
  (t) => [index("datastreams_sandbox").on(t.sandboxId)],
);

export const placements = sqliteTable(
  "placements",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    id: text("id").notNull(),
    name: text("name").notNull(),
    channel: text("channel", { enum: ["web", "app", "email", "code"] }).notNull().default("web"),
    format: text("format", { enum: ["html", "text", "image", "json"] }).notNull().default("html"),
    selector: text("selector"),
    /** How the web SDK renders into the selector: html, text, image, attribute or json (a callback). */
    action: text("action", { enum: ["html", "text", "image", "attribute", "json"] }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] })],
);

export type Representation = {
  placement: string;
  format: "html" | "text" | "image" | "json";
  content: string;
  link?: string;
  alt?: string;
};

export type Eligibility = { audience: string } | { rule: Record<string, unknown> };
export type CapRule = {
  counts: string;
  scope: "profile" | "global";
  period: { kind: "calendar"; unit: "day" | "week" | "month"; timeZone?: string } | { kind: "rolling"; hours: number } | { kind: "lifetime" };
  limit: number;
  perPlacement: boolean;
};

export const offers = sqliteTable(
  "offers",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    id: text("id").notNull(),
    name: text("name").notNull(),
    status: text("status", { enum: ["draft", "approved", "archived"] }).notNull().default("draft"),
    priority: integer("priority").notNull().default(0),
    fallback: integer("fallback", { mode: "boolean" }).notNull().default(false),
    startAt: integer("start_at", { mode: "number" }),
    endAt: integer("end_at", { mode: "number" }),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    representations: text("representations", { mode: "json" }).$type<Representation[]>().notNull(),
    /** Who may see the offer: members of an audience, or people matching an inline rule; null for everyone. */
    eligibility: text("eligibility", { mode: "json" }).$type<Eligibility>(),
    /** Up to 10 capping rules (edge/src/decisioning/capping.ts); fallback offers have none. */
    caps: text("caps", { mode: "json" }).$type<CapRule[]>().notNull().default(sql`'[]'`),
    /** Values ranking formulas read as `offer.<name>` (margin, stock, …). */
    attributes: text("attributes", { mode: "json" }).$type<Record<string, string | number | boolean>>().notNull().default(sql`'{}'`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] }), index("offers_status").on(t.sandboxId, t.status)],
);

export type Ranking = { kind: "priority" } | { kind: "formula"; formula: string } | { kind: "auto"; exploration: number };
export type Criterion = { collection: string; eligibility?: Eligibility | null; ranking: Ranking };
export type DecisionPlacement = { placement: string; criteria: Criterion[]; items: number; fallback?: string | null };

/** Collections: the offers whose tags match any (or all) of the qualifiers. */
export const collections = sqliteTable(
  "collections",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    id: text("id").notNull(),
    name: text("name").notNull(),
    match: text("match", { enum: ["any", "all"] }).notNull().default("any"),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] })],
);

/**
 * Decisions: for each of their placements, ordered criteria (collection, eligibility, ranking)
 * that fill up to `items` offers, with a fallback when none qualifies.
 */
export const decisions = sqliteTable(
  "decisions",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    id: text("id").notNull(),
    name: text("name").notNull(),
    /** Whether one offer may fill several of the decision's placements in one request. */
    allowDuplicates: integer("allow_duplicates", { mode: "boolean" }).notNull().default(false),
    placements: text("placements", { mode: "json" }).$type<DecisionPlacement[]>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] })],
);

/**
 * Decisions, displays and clicks per offer, placement and day: what reports and the
 * auto-optimiser read. Written by the events queue, once per dataset event.
 */
export const offerStats = sqliteTable(
  "offer_stats",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    offerId: text("offer_id").notNull(),
    placement: text("placement").notNull(),
    day: integer("day").notNull(),
    decisions: integer("decisions").notNull().default(0),
    displays: integer("displays").notNull().default(0),
    clicks: integer("clicks").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.offerId, t.placement, t.day] }), index("offer_stats_placement").on(t.sandboxId, t.placement)],
);

/** Journeys: a name and its versions; one version at most is live. */
export const journeys = sqliteTable(
  "journeys",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    id: text("id").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] })],
);

/**
 * Versions of a journey: a draft being edited, then live (frozen; new entries start here), then
 * stopped (no new entries; profiles inside finish) and closed (nobody can be inside any more).
 */
export const journeyVersions = sqliteTable(
  "journey_versions",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    journeyId: text("journey_id").notNull(),
    version: integer("version").notNull(),
    status: text("status", { enum: ["draft", "live", "stopped", "closed"] }).notNull().default("draft"),
    definition: text("definition", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    publishedAt: integer("published_at", { mode: "number" }),
    stoppedAt: integer("stopped_at", { mode: "number" }),
    /** Test mode of a draft: the profiles that enter it (waits in seconds) when they trigger it. */
    testProfiles: text("test_profiles", { mode: "json" }).$type<string[]>(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.journeyId, t.version] }), index("journey_versions_status").on(t.sandboxId, t.status)],
);

/** Runs of read-audience journeys: one row per scheduled moment, so two cron invocations never start one run twice. */
export const journeyRuns = sqliteTable(
  "journey_runs",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    journeyId: text("journey_id").notNull(),
    version: integer("version").notNull(),
    /** The moment the schedule named (epoch ms), or the moment a person asked for a run. */
    scheduledFor: integer("scheduled_for", { mode: "number" }).notNull(),
    startedAt: integer("started_at", { mode: "number" }).notNull(),
    /** Profiles handed to the fan-out. */
    profiles: integer("profiles").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.journeyId, t.version, t.scheduledFor] })],
);

/** Per journey version and node: how many profiles entered it, left it, and failed in it. Written by the events queue. */
export const journeyNodeStats = sqliteTable(
  "journey_node_stats",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    journeyId: text("journey_id").notNull(),
    version: integer("version").notNull(),
    node: text("node").notNull(),
    entered: integer("entered").notNull().default(0),
    exited: integer("exited").notNull().default(0),
    errored: integer("errored").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.journeyId, t.version, t.node] })],
);

/**
 * Messages handed to a channel, one per journey step or campaign send (its id is the
 * idempotency key): the local outbox provider's store, and the delivery log.
 */
export const deliveries = sqliteTable(
  "deliveries",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    id: text("id").notNull(),
    profileId: text("profile_id").notNull(),
    channel: text("channel").notNull(),
    /** Where it came from: `journey:<id>:<version>:<node>` or `campaign:<id>`. */
    source: text("source").notNull(),
    status: text("status", { enum: ["queued", "sent", "failed", "blocked"] }).notNull().default("queued"),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    detail: text("detail"),
    /** Attempts made so far (the first one included). */
    attempts: integer("attempts").notNull().default(0),
    /** The provider that sent it (or refused it), once one was tried. */
    providerId: text("provider_id"),
    /** The first open and the first click recorded by email tracking. */
    openedAt: integer("opened_at", { mode: "number" }),
    clickedAt: integer("clicked_at", { mode: "number" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.sandboxId, t.id] }),
    index("deliveries_profile").on(t.sandboxId, t.profileId, t.createdAt),
    index("deliveries_recent").on(t.sandboxId, t.createdAt),
    // Per campaign run (and journey node) counts: status and clicks by source.
    index("deliveries_source").on(t.sandboxId, t.source, t.status),
  ],
);

/**
 * Campaigns: one message to many people. Scheduled ones read an audience once at a moment or
 * on a recurring schedule (or when someone presses "send now"); API-triggered ones send to the
 * recipients a server names, with context data (transactional messages). Edited while draft or
 * paused; every send is a run (`campaign_runs`).
 */
export const campaigns = sqliteTable(
  "campaigns",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    id: text("id").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    kind: text("kind", { enum: ["scheduled", "api"] }).notNull(),
    /** Marketing messages follow consent, frequency caps and quiet hours; transactional ones (receipts, password resets) skip all three. */
    purpose: text("purpose", { enum: ["marketing", "transactional"] }).notNull().default("marketing"),
    channel: text("channel").notNull(),
    templateId: text("template_id").notNull(),
    /** A decision run for each recipient at send time: its offers are `offers.<placement>` in the template. */
    decisionId: text("decision_id"),
    audienceId: text("audience_id"),
    /** `{ kind: "once", at }`, `{ kind: "recurring", every, at?, until? }`, or null: only when sent by hand. */
    schedule: text("schedule", { mode: "json" }).$type<Record<string, unknown> | null>(),
    status: text("status", { enum: ["draft", "active", "paused", "completed"] }).notNull().default("draft"),
    activatedAt: integer("activated_at", { mode: "number" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] }), index("campaigns_status").on(t.status)],
);

/**
 * One send of a campaign: recorded before its fan-out starts, keyed by the moment it is for,
 * so a scheduled moment runs once. Its audience is read in ranges of profile ids, one queue
 * message each (`campaign_run_parts` says how many were targeted in each); what became of the
 * messages comes from the delivery log (source `campaign:<id>:<run>`).
 */
export const campaignRuns = sqliteTable(
  "campaign_runs",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    campaignId: text("campaign_id").notNull(),
    id: text("id").notNull(),
    trigger: text("trigger", { enum: ["schedule", "manual", "api"] }).notNull(),
    /** The moment the schedule named (epoch ms), or when the run was asked for. */
    scheduledFor: integer("scheduled_for", { mode: "number" }).notNull(),
    startedAt: integer("started_at", { mode: "number" }).notNull(),
    /** Ranges of profile ids the audience is read in, each by one queue message (null for API runs). */
    parts: integer("parts"),
    /** Set when the run could not read its audience or was refused. */
    error: text("error"),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.campaignId, t.id] }), index("campaign_runs_moment").on(t.sandboxId, t.campaignId, t.scheduledFor)],
);

/** A read range of a run once read: how many of its profiles are in the audience (written again, never added to, when a message comes twice). */
export const campaignRunParts = sqliteTable(
  "campaign_run_parts",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    campaignId: text("campaign_id").notNull(),
    runId: text("run_id").notNull(),
    part: integer("part").notNull(),
    targeted: integer("targeted").notNull(),
    /** The campaign was paused when the range came to be read: nobody in it was sent to. */
    skipped: integer("skipped", { mode: "boolean" }).notNull().default(false),
    doneAt: integer("done_at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.campaignId, t.runId, t.part] })],
);

/**
 * Channel providers of a sandbox: how messages of a channel leave (the local outbox, a generic
 * JSON-over-HTTP API, a concrete email or SMS provider's API, web push). Secrets are stored
 * encrypted (`secret`), never returned by the API.
 */
export const providers = sqliteTable(
  "providers",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    id: text("id").notNull(),
    name: text("name").notNull(),
    channel: text("channel", { enum: ["email", "sms", "push"] }).notNull(),
    kind: text("kind").notNull(),
    /** Settings that are not secret: URLs, senders, body templates. */
    config: text("config", { mode: "json" }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    /** Secrets (API keys, tokens, VAPID private key), encrypted with the Worker's key. */
    secret: text("secret"),
    /** The channel's provider when a message names none. */
    isDefault: integer("is_default", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] })],
);

/** Webhook custom actions journeys call: method, URL and body templates, headers, timeout, expected statuses. */
export const customActions = sqliteTable(
  "custom_actions",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    id: text("id").notNull(),
    name: text("name").notNull(),
    config: text("config", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    secret: text("secret"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] })],
);

/**
 * Message templates per channel, in the same personalization language as offers: email (subject,
 * preheader, HTML and text parts), SMS and push (title, body), in-app and web (title, body, call to action).
 */
export const templates = sqliteTable(
  "templates",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    id: text("id").notNull(),
    name: text("name").notNull(),
    channel: text("channel", { enum: ["email", "sms", "push", "in-app", "web"] }).notNull(),
    /** The channel's parts: { subject, preheader, html, text } for email, { title, body, url } otherwise. */
    content: text("content", { mode: "json" }).$type<Record<string, string>>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] })],
);

/** Reusable blocks included in templates (`{% fragment "footer" %}`). */
export const fragments = sqliteTable(
  "fragments",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    id: text("id").notNull(),
    name: text("name").notNull(),
    content: text("content").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] })],
);

/**
 * Business rules of a channel, checked before every send: frequency caps per profile
 * (`{ limit, days }`) and quiet hours in the profile's time zone (`{ from: "21:00", to: "08:00", mode: "delay" | "drop" }`).
 */
export const channelRules = sqliteTable(
  "channel_rules",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    id: text("id").notNull(),
    channel: text("channel", { enum: ["email", "sms", "push"] }).notNull(),
    kind: text("kind", { enum: ["frequency", "quiet-hours"] }).notNull(),
    config: text("config", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] })],
);

/** Audiences: a rule in the audience language (docs/audiences.md), evaluated at the edge, on every event and in batch. */
export const audiences = sqliteTable(
  "audiences",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    id: text("id").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    rule: text("rule", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** `rule`, or `list`: the people named in an uploaded list of identities (the rule is then unused). */
    kind: text("kind", { enum: ["rule", "list"] }).notNull().default("rule"),
    /** When a list audience's list was last replaced. */
    listVersion: integer("list_version", { mode: "number" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] })],
);

/** The identities of a list audience, as uploaded (normalised). */
export const audienceListMembers = sqliteTable(
  "audience_list_members",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    audienceId: text("audience_id").notNull(),
    namespace: text("namespace").notNull(),
    value: text("value").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sandboxId, t.audienceId, t.namespace, t.value] }),
    index("audience_list_identity").on(t.sandboxId, t.namespace, t.value),
  ],
);

/** Audience sizes counted by batch runs (on a schedule and on demand): the trend the console draws. */
export const audienceSizes = sqliteTable(
  "audience_sizes",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    audienceId: text("audience_id").notNull(),
    at: integer("at", { mode: "number" }).notNull(),
    size: integer("size").notNull(),
    /** Profiles looked at: every one in the index. */
    profiles: integer("profiles").notNull(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.audienceId, t.at] })],
);

/** One row per publish: the version number is the KV key suffix of the compiled snapshot. */
export const publications = sqliteTable(
  "publications",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    version: integer("version").notNull(),
    checksum: text("checksum").notNull(),
    summary: text("summary", { mode: "json" }).$type<Record<string, number>>().notNull(),
    publishedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.version] })],
);

/** Searchable copy of profiles, written asynchronously from the events queue. */
export const profiles = sqliteTable(
  "profiles",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    id: text("id").notNull(),
    firstSeen: integer("first_seen", { mode: "number" }).notNull(),
    lastSeen: integer("last_seen", { mode: "number" }).notNull(),
    eventCount: integer("event_count").notNull().default(0),
    /** Has at least one authenticated (signed or server-given) known identity. */
    known: integer("known", { mode: "boolean" }).notNull().default(false),
    /** A copy of the profile's attributes for search and batch segmentation. */
    attributes: text("attributes", { mode: "json" }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    /**
     * A cold profile: imported, never yet reached through its Durable Object, so this row is its
     * state rather than a copy. The object takes the state over on first use (profiles/cold.ts).
     */
    cold: integer("cold", { mode: "boolean" }).notNull().default(false),
    /** When each attribute of a cold profile was written, so later writes merge newest-first. */
    stamps: text("stamps", { mode: "json" }).$type<Record<string, number>>().notNull().default(sql`'{}'`),
    /** Bumped by every write to a cold row: concurrent imports of one profile cannot overwrite each other. */
    rev: integer("rev").notNull().default(0),
    /** A copy of the profile's consent, for batch audiences that read it. */
    consent: text("consent", { mode: "json" }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] }), index("profiles_last_seen").on(t.sandboxId, t.lastSeen)],
);

/**
 * Identities a profile presented without proof (an unsigned email typed into a form): kept for
 * search, never in the graph, so they cannot take anyone's profile. Several profiles may share one.
 */
export const seenIdentities = sqliteTable(
  "seen_identities",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    namespace: text("namespace").notNull(),
    value: text("value").notNull(),
    profileId: text("profile_id").notNull(),
    lastSeen: integer("last_seen", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sandboxId, t.namespace, t.value, t.profileId] }),
    index("seen_identities_profile").on(t.sandboxId, t.profileId),
  ],
);

/**
 * The identity graph: each identity belongs to one profile. The primary key is what makes two
 * concurrent logins with the same email agree on one owner.
 */
export const identities = sqliteTable(
  "identities",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    namespace: text("namespace").notNull(),
    value: text("value").notNull(),
    profileId: text("profile_id").notNull(),
    /** Signed by the site's backend or given by a server with an API key. */
    authenticated: integer("authenticated", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
    lastSeen: integer("last_seen", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.namespace, t.value] }), index("identities_profile").on(t.sandboxId, t.profileId)],
);

/** Custom identity namespaces of a sandbox (pcid, email, phone and crmId are built in). */
export const namespaces = sqliteTable(
  "namespaces",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    id: text("id").notNull(),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] })],
);

/** Merges that happened, for audit and for following a merged-away id to its survivor. */
export const merges = sqliteTable(
  "merges",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    fromProfile: text("from_profile").notNull(),
    intoProfile: text("into_profile").notNull(),
    at: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.fromProfile] })],
);

/** Server API keys; only a hash of the secret part is kept. */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    name: text("name").notNull(),
    hash: text("hash").notNull(),
    createdAt: createdAt(),
    lastUsedAt: integer("last_used_at", { mode: "number" }),
    revokedAt: integer("revoked_at", { mode: "number" }),
  },
  (t) => [index("api_keys_sandbox").on(t.sandboxId)],
);

/**
 * Schemas (a JSON Schema subset) of profile attributes (kind `profile`, name `attributes`)
 * and of each event type's payload (kind `event`, name = the event type).
 */
export const schemas = sqliteTable(
  "schemas",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    kind: text("kind", { enum: ["profile", "event"] }).notNull(),
    name: text("name").notNull(),
    jsonSchema: text("json_schema", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    description: text("description"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.kind, t.name] })],
);

/** The events dataset. The primary key makes a retried event land once. */
export const events = sqliteTable(
  "events",
  {
    sandboxId: text("sandbox_id").notNull().references(() => sandboxes.id),
    id: text("id").notNull(),
    profileId: text("profile_id").notNull(),
    type: text("type").notNull(),
    ts: integer("ts", { mode: "number" }).notNull(),
    receivedAt: integer("received_at", { mode: "number" }).notNull(),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sandboxId, t.id] }),
    index("events_profile").on(t.sandboxId, t.profileId, t.ts),
    index("events_type").on(t.sandboxId, t.type, t.ts),
  ],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sandboxId: text("sandbox_id").notNull(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    target: text("target").notNull(),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>(),
    at: createdAt(),
  },
  (t) => [index("audit_sandbox_at").on(t.sandboxId, t.at)],
);

