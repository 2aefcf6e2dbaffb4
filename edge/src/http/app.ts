/**
 * The Hono application: every route of the Worker, mounted per resource, and the one error
 * handler that turns every failure into the JSON envelope.
 */
import { except } from "hono/combine";
import { HTTPException } from "hono/http-exception";
import { apiKeyRoutes } from "../apikeys/routes";
import { audienceRoutes, evaluateRoutes } from "../audiences/routes";
import { publishRoutes } from "../config/routes";
import { offerRoutes, placementRoutes } from "../decisioning/routes";
import { collectionRoutes, decisionRoutes, simulateRoutes } from "../decisioning/library-routes";
import { importRoutes, isImportRequest } from "../imports/routes";
import { journeyRoutes } from "../journeys/routes";
import { deliveryRoutes } from "../delivery/routes";
import { channelRuleRoutes } from "../delivery/rules-routes";
import { fragmentRoutes, templateRoutes } from "../content/routes";
import { providerRoutes } from "../providers/routes";
import { customActionRoutes } from "../providers/custom-action-routes";
import { campaignRoutes } from "../campaigns/routes";
import { triggerRoutes } from "../campaigns/trigger";
import { bulkRoutes } from "../ingest/bulk";
import { dataPlaneRoutes } from "../ingest/routes";
import { openApiRoutes } from "../openapi/routes";
import { datastreamSecretRoutes } from "../identity/secret-routes";
import { profileRoutes } from "../profiles/routes";
import { sandboxRoutes } from "../sandboxes/routes";
import { schemaRoutes } from "../schemas/routes";
import { siteRoutes } from "../site/routes";
import { database, schema } from "../db";
import { ApiError, envelope } from "./errors";
import { factory } from "./factory";
import { adminAuth, limitBody, requestId } from "./middleware";

const admin = factory
  .createApp()
  .use("*", adminAuth)
  // 64 KB for every admin body except imports, which stream up to 10 MB and count it themselves.
  .use("*", except((c) => isImportRequest(c.req.path), limitBody()))
  .get("/session", async (c) => {
    const sandboxes = await database(c.env.DB).select({ id: schema.sandboxes.id, name: schema.sandboxes.name }).from(schema.sandboxes).orderBy(schema.sandboxes.id);
    return c.json({ ok: true as const, sandboxes });
  })
  .route("/sandboxes", sandboxRoutes)
  .route("/sandboxes/:sb/placements", placementRoutes)
  .route("/sandboxes/:sb/offers", offerRoutes)
  .route("/sandboxes/:sb/collections", collectionRoutes)
  .route("/sandboxes/:sb/decisions", decisionRoutes)
  .route("/sandboxes/:sb/decisions", simulateRoutes)
  .route("/sandboxes/:sb/journeys", journeyRoutes)
  .route("/sandboxes/:sb/deliveries", deliveryRoutes)
  .route("/sandboxes/:sb/channel-rules", channelRuleRoutes)
  .route("/sandboxes/:sb/templates", templateRoutes)
  .route("/sandboxes/:sb/fragments", fragmentRoutes)
  .route("/sandboxes/:sb/providers", providerRoutes)
  .route("/sandboxes/:sb/custom-actions", customActionRoutes)
  .route("/sandboxes/:sb/campaigns", campaignRoutes)
  .route("/sandboxes/:sb/audiences", audienceRoutes)
  .route("/audiences", evaluateRoutes)
  .route("/sandboxes/:sb/profiles", profileRoutes)
  .route("/sandboxes/:sb/imports", importRoutes)
  .route("/sandboxes/:sb/schemas", schemaRoutes)
  .route("/sandboxes/:sb/api-keys", apiKeyRoutes)
  .route("/sandboxes/:sb/datastreams", datastreamSecretRoutes)
  .route("/sandboxes/:sb", publishRoutes);

const app = factory
  .createApp()
  .use("*", requestId)
  .get("/healthz", (c) => c.json({ ok: true }))
  .route("/v1", dataPlaneRoutes)
  .route("/v1", bulkRoutes)
  .route("/v1", triggerRoutes)
  .route("/v1", openApiRoutes)
  .route("/admin/api", admin)
  .route("/", siteRoutes);

app.notFound((c) => c.json(envelope(new ApiError(404, "not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}`), c.get("requestId")), 404));

app.onError((err, c) => {
  const id = c.get("requestId");
  if (err instanceof ApiError) return c.json(envelope(err, id), err.status);
  if (err instanceof HTTPException && err.status === 400) {
    // Hono's JSON validator throws this for unparseable bodies.
    return c.json(envelope(new ApiError(400, "malformed_json", "The request body is not valid JSON"), id), 400);
  }
  if (err instanceof HTTPException && err.status < 500) {
    return c.json(envelope(new ApiError(err.status as 401, "http_error", err.message || "Request refused"), id), err.status);
  }
  console.error("unexpected error", id, err);
  return c.json(envelope(new ApiError(500, "internal", "Something went wrong on our side; the request id helps us find it"), id), 500);
});

export { app };
export type AppType = typeof app;
export type AdminType = typeof admin;
