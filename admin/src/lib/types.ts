// The shapes the console reads and sends, mirroring db/schema.ts and docs/api.md. The typed client
// checks the API's real types against these, so a drift shows up in `tsc`, not in a blank page.

import type { CapRule, Criterion, DecisionPlacement, Ranking } from "../../../db/schema";

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
  /** Who may see it: an audience's members, people matching a rule of its own, or everyone (null). */
  eligibility: Eligibility | null;
  /** Capping rules (docs/api.md): how often it may be decided, shown or clicked. Fallback offers have none. */
  caps: CapRule[];
  /** Values ranking formulas read as `offer.<name>`. */
  attributes: OfferAttributes;
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
  /** Left out for everyone: PUT then stores null. */
  eligibility?: Eligibility;
  caps: CapRule[];
  attributes: OfferAttributes;
};

export type OfferAttributes = Record<string, string | number | boolean>;

/** A capping rule, as the edge stores it. */
export type { CapRule };

/** What the stats endpoint counts per offer; `ctr` is clicks over displays, null without displays. */
export type OfferStats = { offerId: string; decisions: number; displays: number; clicks: number; ctr: number | null };

export const RENDER_ACTIONS = ["html", "text", "image", "attribute", "json"] as const;
export type RenderAction = (typeof RENDER_ACTIONS)[number];

export type Placement = {
  id: string;
  name: string;
  channel: Channel;
  format: Format;
  selector?: string | null;
  /** How the web SDK renders into the selector; null follows the offer's format. */
  action?: RenderAction | null;
};

export type PlacementInput = { id: string; name: string; channel: Channel; format: Format; selector?: string | null; action?: RenderAction | null };

/** Offers chosen by their tags: any of them, or all. */
export type Collection = { id: string; name: string; match: "any" | "all"; tags: string[]; createdAt: number; updatedAt: number };
/** A row of the collections list: `size` counts the approved, non-fallback offers it selects now. */
export type CollectionSummary = Collection & { size: number };
export type CollectionInput = { id?: string; name: string; match: "any" | "all"; tags: string[] };
/** A collection with every offer its tags select now, whatever their status. */
export type CollectionDetail = { collection: Collection; offers: { id: string; name: string; status: OfferStatus }[] };

export type { Criterion, DecisionPlacement, Ranking };

export type Decision = { id: string; name: string; allowDuplicates: boolean; placements: DecisionPlacement[]; createdAt: number; updatedAt: number };
export type DecisionInput = { id?: string; name: string; allowDuplicates: boolean; placements: DecisionPlacement[] };

/** The simulator's question: who (a profile, an identity, or a new visitor), with what-ifs. */
export type SimulateInput = {
  profileId?: string;
  identity?: { namespace: string; value: string };
  attributes?: Record<string, unknown>;
  context?: { url?: string; referrer?: string; userAgent?: string; country?: string; region?: string; city?: string; timezone?: string };
  now?: number;
};

export type SimulatedOffer = { offerId: string; name: string; criterion: number; eligible: boolean; reason?: string; score?: number | null; rank?: number; chosen: boolean };
export type SimulatedCriterion = { index: number; collection: string; qualified: boolean; candidates: number; reason?: string };
export type SimulatedPlacement = { placement: string; decision: string | null; items: string[]; fallback: string | null; criteria: SimulatedCriterion[]; offers: SimulatedOffer[] };
export type Simulation = { decision: string; profile: { id: string | null; found: boolean }; at: number; placements: SimulatedPlacement[] };

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
  audiences: AudienceMembership[];
};

/** An audience rule (docs/audiences.md): a JSON document with MongoDB query semantics. */
export type Rule = Record<string, unknown>;

export type Eligibility = { audience: string } | { rule: Rule };

export type Audience = {
  id: string;
  name: string;
  description: string | null;
  rule: Rule;
  /** `list` audiences take their members from an uploaded list, not from the rule; absent means `rule`. */
  kind?: "rule" | "list";
  createdAt: number;
  updatedAt: number;
};

export type SizePoint = { at: number; size: number; profiles: number };

/** A row of the audiences list: `size` is null before the first count, and always for rules reading `context.*`. */
export type AudienceSummary = Audience & { size: number | null; sizedAt: number | null; trend: SizePoint[] };

export type AudienceInput = { id?: string; name: string; description?: string; rule: Rule };

export type SizeRun = { profiles: number; at: number; sizes: Record<string, number> };

export type Estimate = { sampled: number; matched: number; profiles: number; estimate: number; exact: boolean };

export type TestEvent = { type: string; timestamp: string | number; payload?: Record<string, unknown> };

export type EvaluateInput = {
  rule: Rule;
  profile: Record<string, unknown>;
  identities?: Record<string, string[]>;
  consent?: Record<string, unknown>;
  events?: TestEvent[];
  audiences?: string[];
  now?: number;
};

/** Why a rule matched: one node per clause, with what an `$event` measured. */
export type Explanation = { clause: string; path: string; match: boolean; condition?: unknown; measured?: unknown; children?: Explanation[] };

export type Evaluation = { match: boolean; explanation: Explanation[] };

export type AudienceMembership = { audience: string; member: boolean; enteredAt: number | null; exitedAt: number | null };

// Journeys (docs/journeys.md, edge/src/journeys/definition.ts): a graph of nodes walked per profile.

export type NodePosition = { x: number; y: number };
type NodeCommon = { label?: string; position?: NodePosition };

export type ConditionBranch = { label?: string; rule: Rule; next: string };
export type SplitBranch = { label?: string; percent: number; next: string };

export const MESSAGE_CHANNELS = ["email", "sms", "push", "in-app", "web"] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

export type JourneyAction =
  | { kind: "message"; channel: MessageChannel; template?: string; title?: string; body?: string; cta?: { label: string; url: string } }
  | { kind: "webhook"; action: string }
  | { kind: "update-profile"; set?: Record<string, unknown>; unset?: string[] }
  | { kind: "audience-add"; audience: string }
  | { kind: "audience-remove"; audience: string };
export type ActionKind = JourneyAction["kind"];

export type JourneyNode =
  | (NodeCommon & { type: "condition"; branches: ConditionBranch[]; else: string })
  | (NodeCommon & { type: "split"; branches: SplitBranch[] })
  | (NodeCommon & { type: "wait"; for?: string; until?: string; untilAttribute?: string; offset?: string; next: string })
  | (NodeCommon & { type: "wait-event"; eventType: string; where?: Rule; timeout: string; next: string; timeoutNext: string })
  | (NodeCommon & { type: "action"; action: JourneyAction; next: string })
  | (NodeCommon & { type: "jump"; journey: string })
  | (NodeCommon & { type: "end" });
export type NodeType = JourneyNode["type"];
export type NodeOf<T extends NodeType> = Extract<JourneyNode, { type: T }>;

export type JourneyEntry =
  | { type: "event"; eventType: string; where?: Rule }
  | { type: "audience"; audience: string; on: "entered" | "exited" }
  | { type: "read-audience"; audience: string; schedule: { kind: "once"; at: number } | { kind: "recurring"; every: "hour" | "day" | "week"; at?: string } };

export type JourneyExit = { type: "event"; eventType: string; where?: Rule } | { type: "audience-exit"; audience: string };

export type Reentrance = { mode: "never" } | { mode: "after-wait"; wait: string } | { mode: "always" };

export type JourneyDefinition = {
  entry: JourneyEntry;
  start: string;
  nodes: Record<string, JourneyNode>;
  reentrance: Reentrance;
  /** Any of these ends the profile's instance wherever it is. */
  exit: JourneyExit[];
  /** Days before an instance ends wherever it is (1–365, 91 by default). */
  timeoutDays: number;
  /** Entries per second across everyone, at most. */
  throughputPerSecond?: number;
};

export const JOURNEY_STATUSES = ["draft", "live", "stopped", "closed"] as const;
export type JourneyStatus = (typeof JOURNEY_STATUSES)[number];

export type JourneyVersionSummary = { version: number; status: JourneyStatus; createdAt: number; publishedAt: number | null; stoppedAt: number | null };
export type Journey = { id: string; name: string; description: string | null; createdAt: number; updatedAt: number };
/** A row of the journeys list: the live and draft version numbers, null when there is none. */
export type JourneySummary = Journey & { live: number | null; draft: number | null; versions: JourneyVersionSummary[] };
export type JourneyVersion = { version: number; definition: JourneyDefinition };
export type JourneyDetail = { journey: Journey; versions: JourneyVersionSummary[]; draft: JourneyVersion | null; live: JourneyVersion | null };
export type JourneyInput = { id?: string; name: string; description?: string | null; definition: JourneyDefinition };
/** What a save answers: the draft as stored and the graph problems publishing would report. */
export type JourneySaved = { journey: Journey; draft: JourneyVersion; problems: FieldProblem[] };
export type FieldProblem = { path: string; message: string };

export type NodeCounts = { entered: number; waiting: number; exited: number; errored: number };
export type JourneyStats = { version: number; status: JourneyStatus; nodes: Record<string, NodeCounts> };

export type JourneyTestInput = { profileId: string; data?: Record<string, unknown>; dryRun?: boolean };
export type JourneyTestRun = { instance: string; profileId: string; version: number | string };
export type JourneyStep = { id: string; node: string; type: string; at: number; outcome: string };
/** A run as the profile's object keeps it; read defensively, the route types it loosely. */
export type JourneyTrace = { instance: Record<string, unknown>; steps: JourneyStep[] };

// Channels: the delivery log (outbox), message templates and fragments, providers, custom actions.

export const DELIVERY_STATUSES = ["queued", "sent", "failed", "blocked"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One message in the delivery log; `payload` is the message as sent (rendered parts, `to`, variables). */
export type Delivery = {
  id: string;
  profileId: string;
  channel: string;
  /** `journey:<id>:<version>:<node>`, `campaign:<id>:<run>` or `test:<template id>`. */
  source: string;
  status: DeliveryStatus;
  payload: Record<string, unknown>;
  detail: string | null;
  attempts: number;
  providerId: string | null;
  /** The first open and the first click email tracking recorded (epoch ms), or null. */
  openedAt: number | null;
  clickedAt: number | null;
  createdAt: number;
  updatedAt: number;
};

/** The delivery log in figures: messages per UTC day, channel and status since `since` (epoch ms), and their totals. */
export type DeliverySummaryRow = { day: string; channel: string; status: string; n: number; opened: number; clicked: number };
export type DeliveryTotals = { messages: number; queued: number; sent: number; failed: number; blocked: number; opened: number; clicked: number };
export type DeliverySummary = { since: number; days: number; rows: DeliverySummaryRow[]; totals: DeliveryTotals };

export type MessageTemplate = { id: string; name: string; channel: MessageChannel; content: Record<string, string>; createdAt: number; updatedAt: number };
export type TemplateInput = { id?: string; name: string; channel: MessageChannel; content: Record<string, string> };
export type Fragment = { id: string; name: string; content: string; createdAt: number; updatedAt: number };
export type FragmentInput = { id?: string; name: string; content: string };

/** What preview and test send take: a sample person (attributes), an existing profile, journey variables. */
export type PreviewInput = { profileId?: string; attributes?: Record<string, unknown>; journey?: Record<string, unknown>; to?: string };
export type RenderedParts = Record<string, string | undefined>;

export const PROVIDER_CHANNELS = ["email", "sms", "push"] as const;
export type ProviderChannel = (typeof PROVIDER_CHANNELS)[number];
export const PROVIDER_KINDS = ["outbox", "http", "postmark", "resend", "twilio", "webpush"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** Secrets never come back: which are set, and the last four characters of each (null when short). */
export type SecretsView = { hasSecret: boolean; secrets?: Record<string, { last4: string | null }> };

export type Provider = {
  id: string;
  name: string;
  channel: ProviderChannel;
  kind: ProviderKind;
  config: Record<string, unknown>;
  isDefault: boolean;
  createdAt: number;
  updatedAt: number;
} & SecretsView;

export type ProviderInput = {
  id?: string;
  name: string;
  channel: ProviderChannel;
  kind: ProviderKind;
  isDefault?: boolean;
  config: Record<string, unknown>;
  secrets?: Record<string, string | null>;
};

/** What a provider's test send takes: where to (an address, a phone number, a push subscription), and optionally what. */
export type ProviderTestInput = { to: string | PushSubscriptionJson; subject?: string; body?: string };
export type PushSubscriptionJson = { endpoint: string; keys: { p256dh: string; auth: string } };
/** What the provider answered (`blocked`: refused before sending, say a push service not allowed); the message is in the delivery log under `deliveryId` either way. */
export type ProviderTestResult = { deliveryId: string; status: "sent" | "failed" | "blocked"; detail: string };

export type CustomAction = {
  id: string;
  name: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  expectedStatuses: (number | string)[];
  idempotencyHeader: string | null;
  createdAt: number;
  updatedAt: number;
} & SecretsView;

export type CustomActionInput = Omit<CustomAction, "createdAt" | "updatedAt" | "hasSecret" | "secrets" | "id"> & { id?: string; secrets?: Record<string, string | null> };

// Campaigns (edge/src/campaigns): one message to an audience on a schedule or by hand, or to
// recipients a server names through the trigger API; each send is a run with its counts.

export const CAMPAIGN_KINDS = ["scheduled", "api"] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];
export const CAMPAIGN_PURPOSES = ["marketing", "transactional"] as const;
export type CampaignPurpose = (typeof CAMPAIGN_PURPOSES)[number];
export const CAMPAIGN_STATUSES = ["draft", "active", "paused", "completed"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const SCHEDULE_EVERY = ["hour", "day", "week"] as const;
export type ScheduleEvery = (typeof SCHEDULE_EVERY)[number];

/** Once at a moment, or every hour, day or week at a UTC time of day (`HH:MM`), optionally until a moment; null: only by hand. */
export type CampaignSchedule = { kind: "once"; at: number } | { kind: "recurring"; every: ScheduleEvery; at?: string; until?: number };

/** What became of a run's (or a campaign's) messages, from the delivery log. */
export type CampaignCounts = { targeted: number; queued: number; sent: number; failed: number; blocked: number; opened: number; clicked: number };

export const RUN_STATES = ["reading audience", "sending", "done", "failed"] as const;
export type RunState = (typeof RUN_STATES)[number];

export type CampaignRun = {
  id: string;
  trigger: "schedule" | "manual" | "api";
  scheduledFor: number;
  startedAt: number;
  /** Ranges of profile ids its audience is read in; null for the API's run. */
  parts: number | null;
  partsDone: number;
  error: string | null;
  state: RunState;
  counts: CampaignCounts;
};

export type Campaign = {
  id: string;
  name: string;
  description: string | null;
  kind: CampaignKind;
  purpose: CampaignPurpose;
  channel: MessageChannel;
  template: string;
  decision: string | null;
  audience: string | null;
  schedule: CampaignSchedule | null;
  status: CampaignStatus;
  activatedAt: number | null;
  createdAt: number;
  updatedAt: number;
};

/** A row of the campaigns list: its latest run and its counts over every run (test sends left out). */
export type CampaignSummary = Campaign & { lastRun: CampaignRun | null; counts: CampaignCounts };
/** The campaign, its runs (latest first) and what activating it would refuse. */
export type CampaignDetail = { campaign: Campaign; runs: CampaignRun[]; problems: FieldProblem[] };
export type CampaignSaved = { campaign: Campaign; problems: FieldProblem[] };

export type CampaignInput = {
  id?: string;
  name: string;
  description?: string | null;
  kind: CampaignKind;
  purpose: CampaignPurpose;
  channel: MessageChannel;
  template: string;
  decision?: string | null;
  audience?: string | null;
  schedule?: CampaignSchedule | null;
};
