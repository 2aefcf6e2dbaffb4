/**
 * The OpenAPI 3.1 document of the data plane, generated from the zod schemas that validate its
 * requests (`ingest/schemas.ts`, `profiles/events.ts`) and from the answer schemas in
 * `./responses.ts`. Descriptions and examples live here, in a registry of our own keyed by the
 * very schema instances the routes parse with, so the shared schema files stay untouched and a
 * constraint changed there (a length, a limit, a pattern) changes the document with it.
 *
 * Built once per isolate: `openApiDocument()` memoises it. `z.toJSONSchema` only walks the
 * schemas and builds plain objects, so it runs in workerd (no eval, no `new Function`).
 *
 * Descriptions use a small Markdown subset that `./render.ts` understands: paragraphs, `- `
 * lists and `code`.
 */
import { z } from "zod";
import { MAX_BULK_BYTES, MAX_BULK_EVENTS } from "../ingest/bulk";
import { collectBody, datastreamQuery, decideQuery, interactBody, MAX_PLACEMENTS, signedIdentity } from "../ingest/schemas";
import { MAX_BODY_BYTES } from "../http/middleware";
import { MAX_TRIGGER_RECIPIENTS, triggerBody } from "../campaigns/schemas";
import { PCID_COOKIE, PCID_MAX_AGE } from "../identity/pcid";
import { eventSchema, MAX_EVENT_BYTES, MAX_EVENTS_PER_REQUEST } from "../profiles/events";
import { BUILT_IN_EVENT_TYPES } from "../schemas/validate";
import * as answers from "./responses";
import type { Example, Header, JsonSchema, OpenApiDocument, Operation, Parameter, Response } from "./types";

/** The device id's shape (see identity/pcid.ts): 128 bits in base64url. */
export const PCID_PATTERN = "^[A-Za-z0-9_-]{22}$";
const EXAMPLE_PCID = "3q2-7wEjRIqW0XzKk4k1Qw";
const EXAMPLE_REQUEST_ID = "8f14e45f-ceea-467f-a0e6-7c1d1b1e5a51";
const EXAMPLE_TOKEN = "<trackingToken from a proposition item>";

const ref = (kind: "schemas" | "parameters" | "responses" | "headers", name: string) => ({ $ref: `#/components/${kind}/${name}` });
const json = (schema: JsonSchema, examples?: Record<string, Example>) => ({ schema, ...(examples ? { examples } : {}) });
const kb = (bytes: number) => (bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${bytes / 1024} KB`);

type Meta = { id?: string; title?: string; description?: string; examples?: unknown[]; [k: string]: unknown };

/** Registers documentation on the schema instances the routes validate with. */
function annotate() {
  const registry = z.registry<Meta>();
  const add = (schema: z.ZodType, meta: Meta) => registry.add(schema, meta);

  // The nested instances, reached through the shapes so they are the ones the routes parse with.
  const identityRef = interactBody.shape.identities.unwrap().element;
  const common = interactBody.shape;
  const ev = eventSchema.shape;

  const special: [string, string][] = [
    ["page.view", "`data.url`, `data.referrer`, `data.title`; the URL also feeds the context decisions read"],
    ["proposition.display", "`data.tokens`: the `trackingToken`s of the items shown (at most 30 are read)"],
    ["proposition.click", "`data.tokens`: the `trackingToken`s of the items clicked"],
    ["profile.update", "`data.set` (attributes to write) and `data.unset` (attribute names to remove)"],
    ["consent.update", "the person's consent, merged into the profile's: `data.collect` is `in` or `out`; while it is `out` the edge keeps no other event of the profile, counts nothing and decides as a dry run"],
    ["identity.login", "a sign-in, usually sent with `identify`"],
    ["message.display", "`data.tokens`: the `trackingToken`s of in-app messages shown; a message is handed over until it is displayed"],
    ["message.click", "`data.tokens` of in-app messages clicked"],
    ["message.dismiss", "`data.tokens` of in-app messages dismissed"],
  ];
  add(eventSchema, {
    id: "Event",
    title: "Event",
    description: [
      "Something that happened to a person. Stored once per `id` (send the same id again to retry safely); `type` names it, `data` carries its payload, checked against the type's schema when the sandbox has one (in a `strict` sandbox, a type without a schema is refused).",
      "",
      "Types the edge acts on:",
      ...special.map(([type, what]) => `- \`${type}\`: ${what}${BUILT_IN_EVENT_TYPES.has(type) ? " (built in: no schema needed)" : ""}`),
      "",
      `An event is at most ${kb(MAX_EVENT_BYTES)} as JSON (\`413 event_too_large\` otherwise).`,
    ].join("\n"),
    examples: [{ id: "evt-7f3c2a", type: "page.view", timestamp: "2026-11-29T10:00:00Z", data: { url: "https://shop.example/", title: "Home" } }],
  });
  add(ev.id, { description: "Unique id of this event, for idempotent retries; minted by the edge when absent.", examples: ["evt-7f3c2a"] });
  add(ev.type, { description: "What happened: a built-in type or one defined in the sandbox's schemas.", examples: ["page.view", "order.placed"] });
  add(ev.timestamp, { description: "When it happened: an ISO 8601 date-time with offset, or epoch milliseconds. A time in the future is replaced by the edge's clock; absent means now." });
  add(ev.data, { description: "The payload, an object; its fields depend on `type`." });

  add(identityRef, {
    id: "IdentityRef",
    title: "Identity",
    description: "A known identity of the person, unsigned: kept on the profile as ambiguous, never merged on. Values are normalised per namespace (emails lower-cased, phones to E.164).",
    examples: [{ namespace: "email", value: "ada@example.com" }],
  });
  add(identityRef.shape.namespace, { description: "`email`, `phone`, `crmId` or a custom namespace of the sandbox." });
  add(signedIdentity, {
    id: "SignedIdentity",
    title: "Signed identity",
    description:
      "An identity signed by the site's or app's backend with the datastream's secret: HMAC-SHA256 over `namespace + \"\\n\" + value + \"\\n\" + expires`, base64url without padding. The edge checks it and may merge the device's profile into the person's (`401 invalid_signature` when it is forged, expired or valid for more than 24 hours).",
  });
  add(signedIdentity.shape.expires, { description: "Unix time in seconds when the signature stops being accepted; at most 24 hours ahead." });
  add(signedIdentity.shape.signature, { description: "base64url HMAC-SHA256, made on your server; never put the secret in an app." });

  add(common.pcid, {
    description: `The device id, for clients that cannot keep the \`${PCID_COOKIE}\` cookie (mobile apps, cross-site browsers). The cookie wins when both are sent; a value that is not a device id the edge minted (22 base64url characters) is ignored and a new one is minted.`,
    examples: [EXAMPLE_PCID],
  });
  add(common.identify, { description: "Signed identities (sign-in), at most 5. They may merge profiles." });
  add(common.identities, { description: "Unsigned identities, at most 10, kept as ambiguous." });
  add(common.events, { description: `Events to record, at most ${MAX_EVENTS_PER_REQUEST}.` });
  add(common.placements, { description: `Placements to decide on their own (every approved offer with a representation there, by priority, else the placement's fallback), at most ${MAX_PLACEMENTS}.`, examples: [["hero"]] });
  add(common.decisions, { description: `Saved decisions to run, each over its placements, at most ${MAX_PLACEMENTS}. An unknown name is skipped.`, examples: [["home"]] });
  add(common.dryRun, { description: "Decide without counting anything: no decision, cap or optimiser count moves, and items carry no tracking token." });
  add(collectBody.shape.events, { description: `Events to record, at most ${MAX_EVENTS_PER_REQUEST}.` });

  add(interactBody, { id: "InteractRequest", title: "Interact request", description: "Events to record and placements or decisions to decide, in one round trip. Every field is optional; unknown fields are ignored." });
  add(collectBody, { id: "CollectRequest", title: "Collect request", description: "Events to record, without deciding anything. Unknown fields are ignored." });

  // Server bulk events: the route reads `{ events: unknown[] }` and checks each event on its own
  // with `eventSchema` plus its identities, so a bad event is reported by index instead of failing
  // the call. This schema documents that per-event contract with the same `eventSchema`.
  const bulkIdentities = z.union([z.record(z.string(), z.union([z.string(), z.number()])), z.array(identityRef).min(1)]);
  add(bulkIdentities, { description: "Who the event is about: `{ \"email\": \"ada@example.com\" }`, or a list of `{ namespace, value }`. Required; identities that belong to different profiles merge them." });
  const bulkEvent = z.intersection(eventSchema, z.object({ identities: bulkIdentities }));
  add(bulkEvent, { id: "BulkEvent", title: "Server event", description: "An event with the identities of the person it is about." });
  const bulkRequest = z.object({ events: z.array(bulkEvent).min(1).max(MAX_BULK_EVENTS) });
  add(bulkRequest, { id: "BulkEventsRequest", title: "Bulk events request", description: `Up to ${MAX_BULK_EVENTS} events and ${kb(MAX_BULK_BYTES)} per call. Events are checked one by one: good ones are kept even when others are rejected.` });

  add(triggerBody, {
    id: "CampaignTriggerRequest",
    title: "Campaign trigger request",
    description: `Up to ${MAX_TRIGGER_RECIPIENTS} recipients, each named by \`identities\` (\`{ "email": "ada@example.com" }\` or a list of \`{ namespace, value }\`) or by \`profileId\`. \`context\` is data for the template (\`context.*\`); a recipient's own \`context\` is laid over the call's. Give each recipient an \`idempotencyKey\` to make retries safe: the same key sends once.`,
  });
  add(answers.campaignTriggerResponse, { id: "CampaignTriggerResponse", title: "Campaign trigger response", description: "Each accepted recipient's profile and the id of its message in the delivery log; rejected recipients by index." });

  add(answers.errorDetail, { id: "ErrorDetail", title: "Error detail", description: "One problem: `path` names the field as sent (`events.0.type`), or `(root)`." });
  add(answers.errorEnvelope, { id: "ErrorEnvelope", title: "Error", description: "Every failure, from every route, has this shape. `code` is stable and meant for programs; `message` is for people." });
  add(answers.errorEnvelope.shape.error.shape.code, { examples: ["validation_failed"] });
  add(answers.propositionItem, { id: "PropositionItem", title: "Proposition item", description: "One offer chosen for a placement, with its content already personalised and escaped for its format." });
  add(answers.propositionItem.shape.format, { description: "How to render `content`: `html`, `text`, `image`, `json`…" });
  add(answers.propositionItem.shape.trackingToken, { description: "Send it back in `data.tokens` of a `proposition.display` or `proposition.click` event. Absent on a dry run." });
  add(answers.proposition, { id: "Proposition", title: "Proposition", description: "What was decided for one placement." });
  add(answers.proposition.shape.decision, { description: "The saved decision that chose it, or null for a placement asked for on its own." });
  add(answers.proposition.shape.fallback, { description: "True when no offer qualified and the placement's fallback was used." });
  add(answers.proposition.shape.selector, { description: "The placement's CSS selector, for web clients that render into the page." });
  add(answers.proposition.shape.action, { description: "How a web client renders the item into `selector`; `json` hands it to the app's code." });
  add(answers.rejectedEvent, { id: "RejectedEvent", title: "Rejected event", description: "An event that was not stored, by its index in the request, with the reasons." });
  add(answers.message, { id: "Message", title: "In-app message", description: "A message waiting for the person (from a journey or a test send), handed over until it is displayed. Report `message.display`, `message.click` and `message.dismiss` events with its `trackingToken` in `data.tokens`." });
  add(answers.message.shape.body, { description: "Plain text: show it as text, never as markup." });
  add(answers.message.shape.expiresAt, { description: "Epoch milliseconds after which the message is no longer handed over." });
  add(answers.messages, { description: "In-app messages waiting for the person; absent when there are none, and while consent to collection is out." });
  add(answers.interactResponse.shape.consent, { description: "Present when the profile's consent to collection is out: its events were dropped and decisions were dry runs." });
  add(answers.interactResponse.shape.dropped, { description: "With `consent`: how many of the request's events were dropped." });
  add(answers.interactResponse, { id: "InteractResponse", title: "Interact response" });
  add(answers.interactResponse.shape.pcid, { description: "The device id: keep it and send it back (cookie, body `pcid` or `?pcid=`)." });
  add(answers.interactResponse.shape.rejected, { description: "Events refused by the profile (an invalid `profile.update`), by index; the others were stored." });
  add(answers.decideResponse, { id: "DecideResponse", title: "Decide response" });
  add(answers.bulkEventsResponse, { id: "BulkEventsResponse", title: "Bulk events response" });
  add(answers.bulkEventsResponse.shape.duplicates, { description: "Events whose id was stored already (retries)." });
  return registry;
}

/**
 * A component without what zod adds at the top of every registry schema: `$schema` (the
 * document's `jsonSchemaDialect` says it once) and `$id` (zod sets it to the component's own
 * `#/components/schemas/…` address, which is not a valid `$id` in 2020-12).
 */
function strip(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

/** Query parameters from an object schema: one parameter per property, with overrides. */
function queryParameters(schema: z.ZodType, registry: z.core.$ZodRegistry<Meta>, extra: Record<string, Partial<Parameter>>): Parameter[] {
  const doc = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", metadata: registry }) as JsonSchema;
  const required = new Set(doc.required ?? []);
  return Object.entries(doc.properties ?? {}).map(([name, property]) => {
    const { description, examples, ...rest } = property;
    return {
      name,
      in: "query" as const,
      required: required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
      ...(examples?.length ? { example: examples[0] } : {}),
      ...extra[name],
    };
  });
}

const errorExample = (code: string, message: string, details?: { path: string; message: string }[]): Example => ({
  value: { error: { code, message, ...(details ? { details } : {}) }, requestId: EXAMPLE_REQUEST_ID },
});

function errorResponse(description: string, examples: Record<string, Example>): Response {
  return { description, content: { "application/json": json(ref("schemas", "ErrorEnvelope"), examples) } };
}

function sharedResponses(): Record<string, Response> {
  return {
    BadRequest: errorResponse("The body is not JSON (`malformed_json`), or the body or query breaks the schema (`validation_failed`, each field under `details`).", {
      validation: { summary: "A field breaks the schema", ...errorExample("validation_failed", "The request is invalid", [{ path: "events.0.type", message: "Start with a letter; use letters, digits and . _ : -" }]) },
      malformed: { summary: "Not JSON", ...errorExample("malformed_json", "The request body is not valid JSON") },
    }),
    InvalidSignature: errorResponse("A signed identity in `identify` was refused (`invalid_signature`); the reason is under `details`.", {
      expired: errorExample("invalid_signature", "A signed identity was not accepted", [{ path: "identify.0.signature", message: "The signature has expired; sign the identity again" }]),
    }),
    Unauthorized: errorResponse("No valid API key (`unauthorized`).", {
      missing: errorExample("unauthorized", "A valid API key is required (Authorization: Bearer pk_…)"),
    }),
    ForbiddenOrigin: errorResponse("A browser request from an origin the datastream does not allow (`forbidden_origin`).", {
      origin: errorExample("forbidden_origin", "Origin https://elsewhere.example may not use this datastream"),
    }),
    UnknownDatastream: errorResponse("No published datastream of that id (`unknown_datastream`).", {
      unknown: errorExample("unknown_datastream", 'No published datastream "nope"'),
    }),
    PayloadTooLarge: errorResponse(`The body is over its limit (\`payload_too_large\`), or one event is over ${kb(MAX_EVENT_BYTES)} (\`event_too_large\`, the event under \`details\`).`, {
      body: errorExample("payload_too_large", `The request body is larger than ${MAX_BODY_BYTES} bytes`),
      event: errorExample("event_too_large", "An event is over the size limit", [{ path: "events.3", message: `Event is larger than ${MAX_EVENT_BYTES} bytes` }]),
    }),
    ConfigUnavailable: errorResponse("The published configuration could not be read (`config_unavailable`); retry with backoff.", {
      unavailable: errorExample("config_unavailable", "The published configuration could not be read; try again"),
    }),
    Internal: errorResponse("A bug (`internal`): logged with the request id, never answered with a stack.", {
      internal: errorExample("internal", "Something went wrong on our side; the request id helps us find it"),
    }),
  };
}

const SET_PCID: Header = {
  description: `Sets the device id cookie \`${PCID_COOKIE}\` (\`Path=/; Max-Age=${PCID_MAX_AGE}; SameSite=Lax\`, and \`Secure\` over https) on every answer.`,
  schema: { type: "string" },
  example: `${PCID_COOKIE}=${EXAMPLE_PCID}; Max-Age=${PCID_MAX_AGE}; Path=/; SameSite=Lax`,
};

const browserErrors = {
  "400": ref("responses", "BadRequest"),
  "401": ref("responses", "InvalidSignature"),
  "403": ref("responses", "ForbiddenOrigin"),
  "404": ref("responses", "UnknownDatastream"),
  "413": ref("responses", "PayloadTooLarge"),
  "500": ref("responses", "Internal"),
  "503": ref("responses", "ConfigUnavailable"),
};

const exampleProposition = {
  id: "0b8e5c1e-3f7a-4d2b-9a51-2f6c0e7d9b10",
  placement: "hero",
  decision: null,
  items: [{ offerId: "spring-sale", format: "html", content: "<h2>Spring sale: 20% off garden tools</h2>", link: "/demo#garden", trackingToken: "eyJvIjoic3ByaW5nLXNhbGUi…" }],
  fallback: false,
};

function build(): OpenApiDocument {
  const registry = annotate();
  const { schemas } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io: "input",
    metadata: registry,
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, JsonSchema> };
  if ("__shared" in schemas) throw new Error("openapi: a schema was extracted without an id; register it with one");
  const components = Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id, strip(s)]));

  const [datastream] = queryParameters(datastreamQuery, registry, {
    datastream: { description: "The datastream id: it names the sandbox and its published configuration. In the query string so `navigator.sendBeacon` can use the route too.", example: "demo" },
  });
  const decideParameters = queryParameters(decideQuery, registry, {
    placement: { description: `Placements to decide: repeat the parameter or separate names by commas; at most ${MAX_PLACEMENTS}. Name at least one placement or decision.`, example: "hero", style: "form", explode: true },
    decision: { description: `Saved decisions to run, same form as \`placement\`; at most ${MAX_PLACEMENTS}.`, style: "form", explode: true },
    pcid: { description: `The device id when there is no \`${PCID_COOKIE}\` cookie (apps).` },
    dryRun: { description: "`1` or `true`: decide without counting anything, and without tracking tokens." },
  });

  const interactExamples: Record<string, Example> = {
    pageView: {
      summary: "A page view, and the hero placement decided",
      value: { events: [{ type: "page.view", data: { url: "https://shop.example/", title: "Home" } }], placements: ["hero"] },
    },
    decision: {
      summary: "Run a saved decision, with the device id in the body",
      value: { pcid: EXAMPLE_PCID, decisions: ["home"] },
    },
    dryRun: { summary: "Preview: decide without counting", value: { placements: ["hero"], dryRun: true } },
  };
  const collectExamples: Record<string, Example> = {
    display: { summary: "The offer was shown", value: { pcid: EXAMPLE_PCID, events: [{ type: "proposition.display", data: { tokens: [EXAMPLE_TOKEN] } }] } },
    click: { summary: "The offer was clicked", value: { pcid: EXAMPLE_PCID, events: [{ type: "proposition.click", data: { tokens: [EXAMPLE_TOKEN] } }] } },
    consent: { summary: "The person opted out of collection", value: { pcid: EXAMPLE_PCID, events: [{ type: "consent.update", data: { collect: "out" } }] } },
    attributes: { summary: "Write profile attributes", value: { pcid: EXAMPLE_PCID, events: [{ id: "evt-prefs-1", type: "profile.update", data: { set: { favouriteCategory: "garden" } } }] } },
  };
  const bodyOf = (schema: string, examples: Record<string, Example>, description: string) => ({
    required: false,
    description,
    content: {
      "application/json": json(ref("schemas", schema), examples),
      "text/plain": json(ref("schemas", schema)),
    },
  });
  const cookie = ref("parameters", "PcidCookie");
  const bodyNote = `JSON, sent as \`application/json\` or as \`text/plain\` (no CORS preflight, and what \`navigator.sendBeacon\` sends). At most ${kb(MAX_BODY_BYTES)}.`;

  const interact: Operation = {
    operationId: "interact",
    summary: "Record events and decide placements",
    tags: ["Browsers and apps"],
    description: [
      "The one round trip of a page or screen: record its events and decide its placements or decisions. The answer's `propositions` hold the offers to show, each item with a `trackingToken` to send back in display and click events.",
      `The device id comes from the \`${PCID_COOKIE}\` cookie, else the body's \`pcid\`; the edge mints one when there is none, answers it as \`pcid\` and sets the cookie.`,
    ].join("\n\n"),
    parameters: [ref("parameters", "Datastream"), cookie],
    requestBody: bodyOf("InteractRequest", interactExamples, bodyNote),
    responses: {
      "200": {
        description: "Recorded and decided.",
        headers: { "Set-Cookie": ref("headers", "SetPcid") },
        content: { "application/json": json(ref("schemas", "InteractResponse"), { decided: { value: { pcid: EXAMPLE_PCID, propositions: [exampleProposition], requestId: EXAMPLE_REQUEST_ID } } }) },
      },
      ...browserErrors,
    },
  };

  const decide: Operation = {
    operationId: "decide",
    summary: "Decide placements without events",
    tags: ["Browsers and apps"],
    description: "Decisions for apps and server-side rendering: the same answer as `POST /v1/interact`, from the query string. Each answer is one person's and counts a decision (unless `dryRun`), so it is never cached.",
    parameters: [ref("parameters", "Datastream"), ...decideParameters, cookie],
    responses: {
      "200": {
        description: "Decided.",
        headers: {
          "Set-Cookie": ref("headers", "SetPcid"),
          "Cache-Control": { description: "Always `private, no-store`.", schema: { type: "string", const: "private, no-store" } },
        },
        content: { "application/json": json(ref("schemas", "DecideResponse"), { decided: { value: { pcid: EXAMPLE_PCID, propositions: [exampleProposition], requestId: EXAMPLE_REQUEST_ID } } }) },
      },
      "400": ref("responses", "BadRequest"),
      "403": ref("responses", "ForbiddenOrigin"),
      "404": ref("responses", "UnknownDatastream"),
      "500": ref("responses", "Internal"),
      "503": ref("responses", "ConfigUnavailable"),
    },
  };

  const collect: Operation = {
    operationId: "collect",
    summary: "Record events",
    tags: ["Browsers and apps"],
    description: "Records events without deciding anything: page views, displays and clicks of propositions, consent, profile attributes. A tracking token counts once per kind (display, click), and only for the profile it was issued to.",
    parameters: [ref("parameters", "Datastream"), cookie],
    requestBody: { ...bodyOf("CollectRequest", collectExamples, bodyNote), required: true },
    responses: {
      "204": { description: "Recorded.", headers: { "Set-Cookie": ref("headers", "SetPcid") } },
      ...browserErrors,
    },
  };

  const bulk: Operation = {
    operationId: "ingestEvents",
    summary: "Send events from a server",
    tags: ["Servers"],
    description: "Server-side ingestion with an API key (made in the console or with `POST /admin/api/sandboxes/:sb/api-keys`); the key decides the sandbox. Each event names its person by identities instead of a device id. Good events are kept even when others in the call are rejected; the answer lists rejections by index. `400` only when no event was accepted.",
    security: [{ apiKey: [] }],
    requestBody: {
      required: true,
      description: `JSON, at most ${kb(MAX_BULK_BYTES)}.`,
      content: {
        "application/json": json(ref("schemas", "BulkEventsRequest"), {
          order: { summary: "An order placed, for a person known by email", value: { events: [{ id: "order-1042", type: "order.placed", identities: { email: "ada@example.com" }, data: { total: 42 } }] } },
        }),
      },
    },
    responses: {
      "200": {
        description: "At least one event was accepted or was a duplicate.",
        content: { "application/json": json(ref("schemas", "BulkEventsResponse"), { partial: { value: { accepted: 1, duplicates: 0, rejected: [{ index: 1, reasons: [{ path: "identities", message: "Give at least one identity" }] }], requestId: EXAMPLE_REQUEST_ID } } }) },
      },
      "400": ref("responses", "BadRequest"),
      "401": ref("responses", "Unauthorized"),
      "413": ref("responses", "PayloadTooLarge"),
      "500": ref("responses", "Internal"),
    },
  };

  const trigger: Operation = {
    operationId: "triggerCampaign",
    summary: "Send an API-triggered campaign",
    tags: ["Servers"],
    description:
      "Sends an active API-triggered campaign's message (an order confirmation, a password reset) to the recipients named, with an API key of the campaign's sandbox. Each accepted recipient gets one message through the delivery queue: rendered from the campaign's template with `profile.*` and `context.*`, sent by the channel's provider, logged in the delivery log. Unknown identities become new profiles holding them. Transactional campaigns skip marketing consent, frequency caps and quiet hours; marketing ones follow them.",
    security: [{ apiKey: [] }],
    parameters: [{ name: "id", in: "path", required: true, description: "The campaign's id.", schema: { type: "string", pattern: "^[a-z0-9][a-z0-9_-]{0,63}$" }, example: "order-confirmation" }],
    requestBody: {
      required: true,
      description: `JSON, at most ${kb(MAX_BODY_BYTES)}.`,
      content: {
        "application/json": json(ref("schemas", "CampaignTriggerRequest"), {
          order: {
            summary: "An order confirmation for a person known by email",
            value: { recipients: [{ identities: { email: "ada@example.com" }, context: { orderId: "A-1042", total: "42.00 €" }, idempotencyKey: "order-A-1042" }] },
          },
        }),
      },
    },
    responses: {
      "202": {
        description: "Queued for delivery: each accepted recipient's message is in the delivery log, then sent.",
        content: { "application/json": json(ref("schemas", "CampaignTriggerResponse")) },
      },
      "400": ref("responses", "BadRequest"),
      "401": ref("responses", "Unauthorized"),
      "404": errorResponse("No campaign of that id in the key's sandbox (`not_found`).", { unknown: errorExample("not_found", 'Campaign "nope" was not found') }),
      "409": errorResponse("The campaign is not API-triggered, or not active (`conflict`).", {
        inactive: errorExample("conflict", 'Campaign "order-confirmation" is draft: activate it first', [{ path: "status", message: "Campaign is draft" }]),
      }),
      "413": ref("responses", "PayloadTooLarge"),
      "500": ref("responses", "Internal"),
    },
  };

  const ping: Operation = {
    operationId: "ping",
    summary: "Do nothing, fast",
    tags: ["Meta"],
    description: "Answers `204` and does nothing: the floor the benchmark measures the data plane against, and a cheap reachability check for apps.",
    responses: { "204": { description: "Reachable." } },
  };

  const self: Operation = {
    operationId: "openapi",
    summary: "This document",
    tags: ["Meta"],
    description: "The OpenAPI 3.1 description of the data plane, generated from the schemas that validate requests. A readable version is at `/docs`.",
    responses: {
      "200": {
        description: "The document.",
        headers: { "Cache-Control": { description: "`public, max-age=300`.", schema: { type: "string" } } },
        content: { "application/json": { schema: { type: "object", description: "An OpenAPI 3.1 document." } } },
      },
    },
  };

  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Parcours data plane",
      version: "v1",
      summary: "Events, profiles and decisions at the edge, for browsers, apps and servers.",
      description: [
        "Every route a browser, an app or a server calls. The datastream id goes in the query string (`?datastream=demo`). Browsers and apps are known by a device id, the `pcid`: the edge sets it as a cookie and answers it in JSON, so an app keeps it and sends it back in the body (`pcid`) or the query (`?pcid=`).",
        "Browsers from the datastream's allowed origins may call the browser routes with credentials: the edge answers their `OPTIONS` preflight and sets `Access-Control-Allow-Origin` to the calling origin.",
        "Every error has the same JSON shape, the `ErrorEnvelope`: a stable `code`, a `message` for people, and `details` naming each field path.",
      ].join("\n\n"),
    },
    servers: [{ url: "/", description: "This edge" }],
    tags: [
      { name: "Browsers and apps", description: "Called by the web SDK and by mobile apps, with a datastream id and a device id." },
      { name: "Servers", description: "Called by your backend with an API key." },
      { name: "Meta", description: "Reachability and this description." },
    ],
    paths: {
      "/v1/interact": { post: interact },
      "/v1/decide": { get: decide },
      "/v1/collect": { post: collect },
      "/v1/events": { post: bulk },
      "/v1/campaigns/{id}/trigger": { post: trigger },
      "/v1/ping": { get: ping },
      "/v1/openapi.json": { get: self },
    },
    components: {
      schemas: components,
      parameters: {
        Datastream: datastream,
        PcidCookie: {
          name: PCID_COOKIE,
          in: "cookie",
          required: false,
          description: "The device id the edge set. Browsers send it by themselves; apps may send it as a cookie, or as `pcid` in the body or the query instead.",
          schema: { type: "string", pattern: PCID_PATTERN },
          example: EXAMPLE_PCID,
        },
      },
      responses: sharedResponses(),
      headers: { SetPcid: SET_PCID },
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", bearerFormat: "pk_<id>.<secret>", description: "An API key of the sandbox: `Authorization: Bearer pk_…`. Shown once, when it is made." },
      },
    },
  };
}

let cached: OpenApiDocument | undefined;

/** The document, built on first use and kept for the isolate's life. */
export function openApiDocument(): OpenApiDocument {
  return (cached ??= build());
}
