/**
 * Every call the console makes to the admin API (docs/api.md). Calls go through Hono's typed
 * client, so a route or shape change in edge/ fails `tsc` here instead of breaking a page at run
 * time; `unwrap` turns any non-2xx answer into an ApiError carrying the envelope's code, message
 * and field details.
 */
import { hc } from "hono/client";
import type { AppType } from "../../../edge/src/http/app";
import { type ApiError, errorFromResponse } from "./api-error";
import { token } from "./token";
import type {
  Audience, AudienceInput, AudienceSummary, Collection, CollectionDetail, CollectionInput, CollectionSummary, Decision, DecisionInput, Estimate,
  Evaluation, EvaluateInput, EventSchema, Format, Namespace, NamespaceList, Offer, OfferInput, OfferStats, Placement, PlacementInput, ProfileDetail,
  ProfileSchema, ProfileSummary, Publication, Rule, Sandbox, SandboxSettings, SchemaInput, SchemaList, SimulateInput, Simulation, SizeRun,
} from "./types";
import type { JourneyDetail, JourneyInput, JourneySaved, JourneyStats, JourneySummary, JourneyTestInput, JourneyTestRun, JourneyTrace } from "./types";
import type { Campaign, CampaignDetail, CampaignInput, CampaignRun, CampaignSaved, CampaignSummary } from "./types";
import type {
  CustomAction, CustomActionInput, Delivery, DeliverySummary, Fragment, FragmentInput, MessageChannel, MessageTemplate, PreviewInput, Provider, ProviderInput, ProviderTestInput, ProviderTestResult, RenderedParts, TemplateInput,
} from "./types";

let onUnauthorized: () => void = () => {};

/** Lets the session model sign out when the server stops accepting the token. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

const bearer = (value: string | null): Record<string, string> => (value ? { Authorization: `Bearer ${value}` } : {});

// Same origin: the Worker serves both the console and the API.
const admin = hc<AppType>("/", { headers: () => bearer(token.peek()) }).admin.api;

type SuccessStatus = 200 | 201 | 202 | 204;
type Answer = { ok: boolean; status: number; json(): Promise<unknown> };
/** The body type of the 2xx answers of a typed call (`any` while AppType cannot be resolved). */
type Body<R> = 0 extends 1 & R ? any : R extends { status: infer S; json(): Promise<infer T> } ? (S extends SuccessStatus ? T : never) : never;

async function unwrap<R extends Answer>(pending: Promise<R>): Promise<Body<R>> {
  const res = await pending;
  if (res.ok) return (res.status === 204 ? undefined : await res.json()) as Body<R>;
  throw await failure(res);
}

/** The ApiError of a non-2xx answer; a 401 also signs the console out. */
async function failure(res: Answer): Promise<ApiError> {
  const error = await errorFromResponse(res as unknown as Response);
  if (res.status === 401) onUnauthorized();
  return error;
}

/** Checks a token (the stored one unless `candidate` is given) and returns the raw session answer. */
export async function getSession(candidate?: string): Promise<unknown> {
  const options = candidate === undefined ? undefined : { headers: bearer(candidate) };
  return unwrap(admin.session.$get(undefined, options));
}

export async function listSandboxes(): Promise<Sandbox[]> {
  const { items } = await unwrap(admin.sandboxes.$get());
  return items;
}

export async function listOffers(sb: string): Promise<Offer[]> {
  const { items } = await unwrap(admin.sandboxes[":sb"].offers.$get({ param: { sb } }));
  return items;
}

export async function getOffer(sb: string, id: string): Promise<Offer> {
  const { offer } = await unwrap(admin.sandboxes[":sb"].offers[":id"].$get({ param: { sb, id } }));
  return offer;
}

export async function createOffer(sb: string, input: OfferInput): Promise<Offer> {
  const { offer } = await unwrap(admin.sandboxes[":sb"].offers.$post({ param: { sb }, json: input }));
  return offer;
}

export async function replaceOffer(sb: string, id: string, input: OfferInput): Promise<Offer> {
  const { offer } = await unwrap(admin.sandboxes[":sb"].offers[":id"].$put({ param: { sb, id }, json: input }));
  return offer;
}

/** Renders content with the edge's own template engine and a sample profile (nothing is saved). */
export async function previewContent(sb: string, input: { format: Format; content: string; profile: Record<string, unknown> }): Promise<string> {
  const { content } = await unwrap(admin.sandboxes[":sb"].offers.preview.$post({ param: { sb }, json: { ...input, context: {}, offer: {} } }));
  return content;
}

/** Decisions, displays and clicks per offer so far; offers never counted are absent. */
export async function offerStats(sb: string, filter: { placement?: string; since?: number } = {}): Promise<OfferStats[]> {
  const query = { ...(filter.placement ? { placement: filter.placement } : {}), ...(filter.since !== undefined ? { since: filter.since } : {}) };
  const { items } = await unwrap(admin.sandboxes[":sb"].offers.stats.$get({ param: { sb }, query }));
  return items;
}

export async function listPlacements(sb: string): Promise<Placement[]> {
  const { items } = await unwrap(admin.sandboxes[":sb"].placements.$get({ param: { sb } }));
  return items;
}

export async function createPlacement(sb: string, input: PlacementInput): Promise<Placement> {
  const { placement } = await unwrap(admin.sandboxes[":sb"].placements.$post({ param: { sb }, json: input }));
  return placement;
}

export async function replacePlacement(sb: string, id: string, input: Omit<PlacementInput, "id">): Promise<Placement> {
  const { placement } = await unwrap(admin.sandboxes[":sb"].placements[":id"].$put({ param: { sb, id }, json: input }));
  return placement;
}

export async function listCollections(sb: string): Promise<CollectionSummary[]> {
  const { items } = await unwrap(admin.sandboxes[":sb"].collections.$get({ param: { sb } }));
  return items;
}

/** The collection and every offer its tags select now. */
export async function getCollection(sb: string, id: string): Promise<CollectionDetail> {
  return unwrap(admin.sandboxes[":sb"].collections[":id"].$get({ param: { sb, id } }));
}

export async function createCollection(sb: string, input: CollectionInput): Promise<Collection> {
  const { collection } = await unwrap(admin.sandboxes[":sb"].collections.$post({ param: { sb }, json: input }));
  return collection;
}

export async function replaceCollection(sb: string, id: string, input: Omit<CollectionInput, "id">): Promise<Collection> {
  const { collection } = await unwrap(admin.sandboxes[":sb"].collections[":id"].$put({ param: { sb, id }, json: input }));
  return collection;
}

/** Refused with 409 `in_use` while a decision uses it; the message names the decisions. */
export async function deleteCollection(sb: string, id: string): Promise<void> {
  await unwrap(admin.sandboxes[":sb"].collections[":id"].$delete({ param: { sb, id } }));
}

export async function listDecisions(sb: string): Promise<Decision[]> {
  const { items } = await unwrap(admin.sandboxes[":sb"].decisions.$get({ param: { sb } }));
  return items;
}

export async function getDecision(sb: string, id: string): Promise<Decision> {
  const { decision } = await unwrap(admin.sandboxes[":sb"].decisions[":id"].$get({ param: { sb, id } }));
  return decision;
}

export async function createDecision(sb: string, input: DecisionInput): Promise<Decision> {
  const { decision } = await unwrap(admin.sandboxes[":sb"].decisions.$post({ param: { sb }, json: input }));
  return decision;
}

export async function replaceDecision(sb: string, id: string, input: Omit<DecisionInput, "id">): Promise<Decision> {
  const { decision } = await unwrap(admin.sandboxes[":sb"].decisions[":id"].$put({ param: { sb, id }, json: input }));
  return decision;
}

export async function deleteDecision(sb: string, id: string): Promise<void> {
  await unwrap(admin.sandboxes[":sb"].decisions[":id"].$delete({ param: { sb, id } }));
}

/** Runs the saved (not necessarily published) decision for one person, counting nothing. */
export async function simulateDecision(sb: string, id: string, input: SimulateInput): Promise<Simulation> {
  return unwrap(admin.sandboxes[":sb"].decisions[":id"].simulate.$post({ param: { sb, id }, json: { ...input, context: input.context ?? {} } }));
}

export async function publish(sb: string): Promise<Publication> {
  const { publication } = await unwrap(admin.sandboxes[":sb"].publish.$post({ param: { sb } }));
  return publication;
}

/** Newest first; `limit` is the edge's page size (at most 100). */
export async function listPublications(sb: string, limit = 50): Promise<Publication[]> {
  const { items } = await unwrap(admin.sandboxes[":sb"].publications.$get({ param: { sb }, query: { limit: String(limit) } }));
  return items;
}

/** The profile holding one identity; the Profiles page still reads it defensively (normalize.ts). */
export async function lookupProfile(sb: string, ns: string, value: string): Promise<ProfileDetail> {
  const { profile } = await unwrap(admin.sandboxes[":sb"].profiles.lookup.$get({ param: { sb }, query: { ns, value } }));
  return profile;
}

/** Profiles whose identity starts with `q`, whose attributes contain it, or whose id starts with it; most recently seen first. */
export async function searchProfiles(sb: string, q: string, limit = 50): Promise<ProfileSummary[]> {
  const { items } = await unwrap(admin.sandboxes[":sb"].profiles.$get({ param: { sb }, query: { q, limit: String(limit) } }));
  return items;
}

export async function getSchemas(sb: string): Promise<SchemaList> {
  return unwrap(admin.sandboxes[":sb"].schemas.$get({ param: { sb } }));
}

export async function saveProfileSchema(sb: string, input: SchemaInput): Promise<ProfileSchema> {
  const { profile } = await unwrap(admin.sandboxes[":sb"].schemas.profile.$put({ param: { sb }, json: input }));
  return profile;
}

export async function deleteProfileSchema(sb: string): Promise<void> {
  await unwrap(admin.sandboxes[":sb"].schemas.profile.$delete({ param: { sb } }));
}

export async function saveEventSchema(sb: string, type: string, input: SchemaInput): Promise<EventSchema> {
  const { event } = await unwrap(admin.sandboxes[":sb"].schemas.events[":type"].$put({ param: { sb, type }, json: input }));
  return event;
}

export async function deleteEventSchema(sb: string, type: string): Promise<void> {
  await unwrap(admin.sandboxes[":sb"].schemas.events[":type"].$delete({ param: { sb, type } }));
}

export async function getSettings(sb: string): Promise<SandboxSettings> {
  const { settings } = await unwrap(admin.sandboxes[":sb"].settings.$get({ param: { sb } }));
  return settings;
}

export async function updateSettings(sb: string, patch: Partial<SandboxSettings>): Promise<SandboxSettings> {
  const { settings } = await unwrap(admin.sandboxes[":sb"].settings.$patch({ param: { sb }, json: patch }));
  return settings;
}

export async function listNamespaces(sb: string): Promise<NamespaceList> {
  return unwrap(admin.sandboxes[":sb"].namespaces.$get({ param: { sb } }));
}

export async function createNamespace(sb: string, input: { id: string; name: string }): Promise<Namespace> {
  const { namespace } = await unwrap(admin.sandboxes[":sb"].namespaces.$post({ param: { sb }, json: input }));
  return namespace;
}

export async function deleteNamespace(sb: string, id: string): Promise<void> {
  await unwrap(admin.sandboxes[":sb"].namespaces[":id"].$delete({ param: { sb, id } }));
}

export async function listAudiences(sb: string): Promise<AudienceSummary[]> {
  const { items } = await unwrap(admin.sandboxes[":sb"].audiences.$get({ param: { sb } }));
  return items;
}

export async function getAudience(sb: string, id: string): Promise<Audience> {
  const { audience } = await unwrap(admin.sandboxes[":sb"].audiences[":id"].$get({ param: { sb, id } }));
  return audience;
}

export async function createAudience(sb: string, input: AudienceInput): Promise<Audience> {
  // The console creates audiences defined by a rule (the edge also knows uploaded lists).
  const body = { ...input, kind: "rule" as const };
  const { audience } = await unwrap(admin.sandboxes[":sb"].audiences.$post({ param: { sb }, json: body }));
  return audience;
}

export async function replaceAudience(sb: string, id: string, input: Omit<AudienceInput, "id">): Promise<Audience> {
  const { audience } = await unwrap(admin.sandboxes[":sb"].audiences[":id"].$put({ param: { sb, id }, json: input }));
  return audience;
}

/** Refused with 409 `in_use` while another audience or an offer uses it; `details` name them. */
export async function deleteAudience(sb: string, id: string): Promise<void> {
  await unwrap(admin.sandboxes[":sb"].audiences[":id"].$delete({ param: { sb, id } }));
}

/** Counts every audience of the sandbox over every profile now, keeping the sizes. */
export async function countAudiences(sb: string): Promise<SizeRun> {
  return unwrap(admin.sandboxes[":sb"].audiences.run.$post({ param: { sb } }));
}

/** A sample estimate for a rule being edited; `id` is the audience it will be saved as, if known. */
export async function estimateAudience(sb: string, rule: Rule, id?: string): Promise<Estimate> {
  return unwrap(admin.sandboxes[":sb"].audiences.estimate.$post({ param: { sb }, json: id ? { rule, id } : { rule } }));
}

/** The members as CSV (`profileId,identities`). Not JSON, so it skips `unwrap`'s body parsing. */
export async function downloadMembers(sb: string, id: string): Promise<Blob> {
  const res = await admin.sandboxes[":sb"].audiences[":id"]["members.csv"].$get({ param: { sb, id } });
  if (res.ok) return res.blob();
  throw await failure(res);
}

/** Tests a rule against a profile given here, clause by clause. */
export async function evaluateRule(input: EvaluateInput): Promise<Evaluation> {
  const { identities = {}, consent = {}, events = [], audiences = [], ...rest } = input;
  const json = { ...rest, identities, consent, audiences, events: events.map((e) => ({ ...e, payload: e.payload ?? {} })) };
  // Hono's JSON typing flattens the recursive `children` to plain JSON values: the shape is the edge's Explanation.
  return (await unwrap(admin.audiences.evaluate.$post({ json }))) as Evaluation;
}

export async function listJourneys(sb: string): Promise<JourneySummary[]> {
  const { items } = await unwrap(admin.sandboxes[":sb"].journeys.$get({ param: { sb } }));
  return items as JourneySummary[];
}

/** The journey, its versions, and the draft and live definitions (null when there is none). */
export async function getJourney(sb: string, id: string): Promise<JourneyDetail> {
  return (await unwrap(admin.sandboxes[":sb"].journeys[":id"].$get({ param: { sb, id } }))) as JourneyDetail;
}

export async function createJourney(sb: string, input: JourneyInput): Promise<JourneySaved> {
  return (await unwrap(admin.sandboxes[":sb"].journeys.$post({ param: { sb }, json: input }))) as JourneySaved;
}

/** Saves the draft (a new draft version when the latest is published); answers the graph's problems. */
export async function saveJourney(sb: string, id: string, input: Omit<JourneyInput, "id">): Promise<JourneySaved> {
  return (await unwrap(admin.sandboxes[":sb"].journeys[":id"].$put({ param: { sb, id }, json: input }))) as JourneySaved;
}

/** The problems publishing the stored draft would report, the sandbox's references included. */
export async function validateJourney(sb: string, id: string): Promise<{ version: number; problems: { path: string; message: string }[] }> {
  return unwrap(admin.sandboxes[":sb"].journeys[":id"].validate.$post({ param: { sb, id } }));
}

/** Runs a live read-audience journey now, besides its schedule: the audience's members enter it. */
export async function runJourney(sb: string, id: string): Promise<{ version: number; started: boolean; profiles: number }> {
  return unwrap(admin.sandboxes[":sb"].journeys[":id"].run.$post({ param: { sb, id } }));
}

export async function deleteJourney(sb: string, id: string): Promise<void> {
  await unwrap(admin.sandboxes[":sb"].journeys[":id"].$delete({ param: { sb, id } }));
}

/** Refused with 400 `validation_failed` and `definition.`-prefixed paths when the draft cannot run. */
export async function publishJourney(sb: string, id: string): Promise<{ version: number; publication: Publication }> {
  return unwrap(admin.sandboxes[":sb"].journeys[":id"].publish.$post({ param: { sb, id } }));
}

export async function stopJourney(sb: string, id: string): Promise<{ version: number; publication: Publication }> {
  return unwrap(admin.sandboxes[":sb"].journeys[":id"].stop.$post({ param: { sb, id } }));
}

/** Counts per node of the live version (or the latest stopped one); 404 before any publish. */
export async function journeyStats(sb: string, id: string): Promise<JourneyStats> {
  return (await unwrap(admin.sandboxes[":sb"].journeys[":id"].stats.$get({ param: { sb, id } }))) as JourneyStats;
}

/** Runs the draft for a profile with waits of seconds, or walks the live version (`dryRun`) sending nothing. */
export async function testJourney(sb: string, id: string, input: JourneyTestInput): Promise<JourneyTestRun> {
  const json = { profileId: input.profileId, data: input.data ?? {}, dryRun: input.dryRun ?? false };
  return unwrap(admin.sandboxes[":sb"].journeys[":id"].test.$post({ param: { sb, id }, json }));
}

export async function journeyTrace(sb: string, id: string, profileId: string, instance: string): Promise<JourneyTrace> {
  return (await unwrap(admin.sandboxes[":sb"].journeys[":id"].test[":profileId"][":instance"].$get({ param: { sb, id, profileId, instance } }))) as JourneyTrace;
}

/** The delivery log filters, as the route's query takes them (strings). */
export type DeliveryQuery = { profileId?: string; channel?: string; status?: string; providerId?: string; before?: string; limit?: string };

/** The delivery log (also the local outbox), newest first. */
export async function listDeliveries(sb: string, query: DeliveryQuery): Promise<Delivery[]> {
  // The route coerces its numbers from the query string; Hono's typing reads its parsed output.
  type Query = Parameters<(typeof admin.sandboxes)[":sb"]["deliveries"]["$get"]>[0]["query"];
  const { items } = await unwrap(admin.sandboxes[":sb"].deliveries.$get({ param: { sb }, query: query as unknown as Query }));
  return items as Delivery[];
}

/** One message of the log by its id, however old (the outbox opens a linked one this way). */
export async function getDelivery(sb: string, id: string): Promise<Delivery> {
  const { delivery } = await unwrap(admin.sandboxes[":sb"].deliveries[":id"].$get({ param: { sb, id } }));
  return delivery as Delivery;
}

/** The log in figures over the last `days` (1–90), optionally for one source and what is under it (`campaign:<id>`, `journey:<id>`). */
export async function deliverySummary(sb: string, filter: { days: number; source?: string }): Promise<DeliverySummary> {
  type Query = Parameters<(typeof admin.sandboxes)[":sb"]["deliveries"]["summary"]["$get"]>[0]["query"];
  const query = { days: String(filter.days), ...(filter.source ? { source: filter.source } : {}) };
  return (await unwrap(admin.sandboxes[":sb"].deliveries.summary.$get({ param: { sb }, query: query as unknown as Query }))) as DeliverySummary;
}

export async function listTemplates(sb: string): Promise<MessageTemplate[]> {
  const { items } = await unwrap(admin.sandboxes[":sb"].templates.$get({ param: { sb } }));
  return items as MessageTemplate[];
}

/** The template and the fragments it includes. */
export async function getTemplate(sb: string, id: string): Promise<{ template: MessageTemplate; fragments: string[] }> {
  return (await unwrap(admin.sandboxes[":sb"].templates[":id"].$get({ param: { sb, id } }))) as { template: MessageTemplate; fragments: string[] };
}

// The route's body is a union per channel; the console builds `content` from the channel's parts.
type TemplateBody = Parameters<(typeof admin.sandboxes)[":sb"]["templates"]["$post"]>[0]["json"];

export async function createTemplate(sb: string, input: TemplateInput): Promise<MessageTemplate> {
  const { template } = await unwrap(admin.sandboxes[":sb"].templates.$post({ param: { sb }, json: input as TemplateBody }));
  return template as MessageTemplate;
}

export async function replaceTemplate(sb: string, id: string, input: Omit<TemplateInput, "id">): Promise<MessageTemplate> {
  const { template } = await unwrap(admin.sandboxes[":sb"].templates[":id"].$put({ param: { sb, id }, json: input as TemplateBody }));
  return template as MessageTemplate;
}

/** Refused with 409 `in_use` while a journey may send it. */
export async function deleteTemplate(sb: string, id: string): Promise<void> {
  await unwrap(admin.sandboxes[":sb"].templates[":id"].$delete({ param: { sb, id } }));
}

export async function previewTemplate(sb: string, id: string, input: PreviewInput): Promise<{ template: { id: string; channel: MessageChannel }; profileId: string | null; parts: RenderedParts }> {
  const { to: _to, ...json } = input;
  return (await unwrap(admin.sandboxes[":sb"].templates[":id"].preview.$post({ param: { sb, id }, json }))) as { template: { id: string; channel: MessageChannel }; profileId: string | null; parts: RenderedParts };
}

/** Renders the template and puts it in the outbox as a `test:<id>` delivery. */
export async function testSendTemplate(sb: string, id: string, input: PreviewInput): Promise<{ deliveryId: string; channel: MessageChannel; parts: RenderedParts }> {
  return (await unwrap(admin.sandboxes[":sb"].templates[":id"]["test-send"].$post({ param: { sb, id }, json: input }))) as { deliveryId: string; channel: MessageChannel; parts: RenderedParts };
}

export async function listFragments(sb: string): Promise<Fragment[]> {
  const { items } = await unwrap(admin.sandboxes[":sb"].fragments.$get({ param: { sb } }));
  return items;
}

/** The fragment and who includes it (`templates.<id>`, `fragments.<id>`). */
export async function getFragment(sb: string, id: string): Promise<{ fragment: Fragment; usedBy: string[] }> {
  return unwrap(admin.sandboxes[":sb"].fragments[":id"].$get({ param: { sb, id } }));
}

export async function createFragment(sb: string, input: FragmentInput): Promise<Fragment> {
  const { fragment } = await unwrap(admin.sandboxes[":sb"].fragments.$post({ param: { sb }, json: input }));
  return fragment;
}

export async function replaceFragment(sb: string, id: string, input: Omit<FragmentInput, "id">): Promise<Fragment> {
  const { fragment } = await unwrap(admin.sandboxes[":sb"].fragments[":id"].$put({ param: { sb, id }, json: input }));
  return fragment;
}

/** Refused with 409 `in_use` while a template or fragment includes it; `details` name them. */
export async function deleteFragment(sb: string, id: string): Promise<void> {
  await unwrap(admin.sandboxes[":sb"].fragments[":id"].$delete({ param: { sb, id } }));
}

/** `secretsKey: "development"` when secrets are sealed with the public development key. */
export async function listProviders(sb: string): Promise<{ items: Provider[]; secretsKey: string }> {
  return (await unwrap(admin.sandboxes[":sb"].providers.$get({ param: { sb } }))) as { items: Provider[]; secretsKey: string };
}

type ProviderBody = Parameters<(typeof admin.sandboxes)[":sb"]["providers"]["$post"]>[0]["json"];

export async function createProvider(sb: string, input: ProviderInput): Promise<Provider> {
  const { provider } = await unwrap(admin.sandboxes[":sb"].providers.$post({ param: { sb }, json: input as ProviderBody }));
  return provider as Provider;
}

export async function replaceProvider(sb: string, id: string, input: Omit<ProviderInput, "id">): Promise<Provider> {
  const { provider } = await unwrap(admin.sandboxes[":sb"].providers[":id"].$put({ param: { sb, id }, json: input as ProviderBody }));
  return provider as Provider;
}

export async function makeDefaultProvider(sb: string, id: string): Promise<Provider> {
  const { provider } = await unwrap(admin.sandboxes[":sb"].providers[":id"].default.$post({ param: { sb, id } }));
  return provider as Provider;
}

/** Sends one message through the provider now; answers what it said. 400 with `to` in `details` for a bad recipient, 409 when its secrets no longer open. */
export async function testProvider(sb: string, id: string, input: ProviderTestInput): Promise<ProviderTestResult> {
  // Subject and body are optional: the route's typing reads them after their defaults.
  type TestBody = Parameters<(typeof admin.sandboxes)[":sb"]["providers"][":id"]["test"]["$post"]>[0]["json"];
  return unwrap(admin.sandboxes[":sb"].providers[":id"].test.$post({ param: { sb, id }, json: input as TestBody }));
}

export async function deleteProvider(sb: string, id: string): Promise<void> {
  await unwrap(admin.sandboxes[":sb"].providers[":id"].$delete({ param: { sb, id } }));
}

export async function listCustomActions(sb: string): Promise<CustomAction[]> {
  const { items } = await unwrap(admin.sandboxes[":sb"]["custom-actions"].$get({ param: { sb } }));
  return items as CustomAction[];
}

type ActionBody = Parameters<(typeof admin.sandboxes)[":sb"]["custom-actions"]["$post"]>[0]["json"];

export async function createCustomAction(sb: string, input: CustomActionInput): Promise<CustomAction> {
  const { customAction } = await unwrap(admin.sandboxes[":sb"]["custom-actions"].$post({ param: { sb }, json: input as ActionBody }));
  return customAction as CustomAction;
}

export async function replaceCustomAction(sb: string, id: string, input: Omit<CustomActionInput, "id">): Promise<CustomAction> {
  const { customAction } = await unwrap(admin.sandboxes[":sb"]["custom-actions"][":id"].$put({ param: { sb, id }, json: input as ActionBody }));
  return customAction as CustomAction;
}

/** Refused with 409 `in_use` while a live or stopped journey calls it. */
export async function deleteCustomAction(sb: string, id: string): Promise<void> {
  await unwrap(admin.sandboxes[":sb"]["custom-actions"][":id"].$delete({ param: { sb, id } }));
}

export async function listCampaigns(sb: string): Promise<CampaignSummary[]> {
  const { items } = await unwrap(admin.sandboxes[":sb"].campaigns.$get({ param: { sb } }));
  // The stored schedule is typed as any JSON object by the route; its shape is CampaignSchedule.
  return items as CampaignSummary[];
}

export async function getCampaign(sb: string, id: string): Promise<CampaignDetail> {
  return (await unwrap(admin.sandboxes[":sb"].campaigns[":id"].$get({ param: { sb, id } }))) as CampaignDetail;
}

/** Saved as a draft; `problems` are what activating it would refuse (a template of another channel…). */
export async function createCampaign(sb: string, input: CampaignInput): Promise<CampaignSaved> {
  return (await unwrap(admin.sandboxes[":sb"].campaigns.$post({ param: { sb }, json: input }))) as CampaignSaved;
}

/** Refused with 409 while the campaign is active (pause it first) or completed. */
export async function replaceCampaign(sb: string, id: string, input: Omit<CampaignInput, "id">): Promise<CampaignSaved> {
  return (await unwrap(admin.sandboxes[":sb"].campaigns[":id"].$put({ param: { sb, id }, json: input }))) as CampaignSaved;
}

export async function deleteCampaign(sb: string, id: string): Promise<void> {
  await unwrap(admin.sandboxes[":sb"].campaigns[":id"].$delete({ param: { sb, id } }));
}

/** Refused with 400 and `details` at `template`, `decision` or `audience` when it cannot be sent. */
export async function activateCampaign(sb: string, id: string): Promise<Campaign> {
  const { campaign } = await unwrap(admin.sandboxes[":sb"].campaigns[":id"].activate.$post({ param: { sb, id } }));
  return campaign as Campaign;
}

export async function pauseCampaign(sb: string, id: string): Promise<Campaign> {
  const { campaign } = await unwrap(admin.sandboxes[":sb"].campaigns[":id"].pause.$post({ param: { sb, id } }));
  return campaign as Campaign;
}

/** One run of a scheduled campaign now, to its audience as it is now. */
export async function sendCampaign(sb: string, id: string): Promise<CampaignRun> {
  const { run } = await unwrap(admin.sandboxes[":sb"].campaigns[":id"].send.$post({ param: { sb, id } }));
  return run as CampaignRun;
}

/** The campaign's message to one profile, marked as a test; answers its delivery id in the outbox. */
export async function testCampaign(sb: string, id: string, profileId: string): Promise<string> {
  const { deliveryId } = await unwrap(admin.sandboxes[":sb"].campaigns[":id"].test.$post({ param: { sb, id }, json: { profileId } }));
  return deliveryId;
}

export async function getCampaignRun(sb: string, id: string, run: string): Promise<CampaignRun> {
  const answer = await unwrap(admin.sandboxes[":sb"].campaigns[":id"].runs[":run"].$get({ param: { sb, id, run } }));
  return answer.run as CampaignRun;
}
