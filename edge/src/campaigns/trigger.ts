/**
 * `POST /v1/campaigns/:id/trigger`: a server asks an active API-triggered campaign to send its
 * message to up to 100 recipients, each named by identities (or a profile id) with context data
 * for the template (`context.*`) — order confirmations, password resets, shipping notices.
 *
 * Recipients are resolved as server events are (an unknown email address becomes a new profile
 * holding it, so the message can reach it); each accepted recipient gets one message on the
 * delivery queue. With an `idempotencyKey`, calling again after a timeout sends nothing twice:
 * the key is the message's delivery id. Bad recipients are reported by index; the others are
 * sent. An API key authenticates the call and decides the sandbox.
 */
import { createFactory } from "hono/factory";
import { z } from "zod";
import { apiKeyAuth, type ApiKeyEnv } from "../apikeys/middleware";
import { activeConfig } from "../config/active";
import { ApiError, notFound, type ErrorDetail } from "../http/errors";
import { limitBody } from "../http/middleware";
import { slug } from "../http/slug";
import { parseWith } from "../http/validate";
import { resolveMany } from "../identity/resolve-many";
import type { Claim } from "../identity/resolve";
import { identitiesOf } from "../ingest/bulk";
import { readJson } from "../ingest/pipeline";
import type { JsonObject } from "../profiles/events";
import { isErrors, readClaims } from "../profiles/ingest";
import { interactFor } from "../content/record";
import { apiRun, campaignOf, messageFor, sendAll } from "./runs";
import { triggerBody } from "./schemas";

export const triggerRoutes = createFactory<ApiKeyEnv>()
  .createApp()
  .post("/campaigns/:id/trigger", limitBody(), apiKeyAuth, async (c) => {
    const sb = c.get("sandbox");
    const id = parseWith(z.object({ id: slug }), { id: c.req.param("id") }).id;
    const campaign = await campaignOf(c.env, sb, id);
    if (!campaign) throw notFound(`Campaign "${id}"`);
    if (campaign.kind !== "api") throw new ApiError(409, "conflict", `Campaign "${id}" is sent on its schedule, not by this API`, [{ path: "kind", message: "Not an API-triggered campaign" }]);
    if (campaign.status !== "active") throw new ApiError(409, "conflict", `Campaign "${id}" is ${campaign.status}: activate it first`, [{ path: "status", message: `Campaign is ${campaign.status}` }]);
    const body = parseWith(triggerBody, await readJson(c as never));
    const config = await activeConfig(c.env.CONFIG, sb);
    const now = Date.now();

    const rejected: { index: number; reasons: ErrorDetail[] }[] = [];
    const byIdentity: { index: number; claims: Claim[] }[] = [];
    const profileIds = new Map<number, string>();
    body.recipients.forEach((r, index) => {
      if (r.identities && Object.keys(r.identities).length) {
        const claims = readClaims(identitiesOf(r.identities), config, `recipients.${index}.identities`);
        if (isErrors(claims)) rejected.push({ index, reasons: claims });
        else byIdentity.push({ index, claims });
      } else profileIds.set(index, r.profileId!);
    });
    if (rejected.length === body.recipients.length) throw new ApiError(400, "validation_failed", "No recipient was accepted", rejected.flatMap((r) => r.reasons));

    if (byIdentity.length) {
      const resolved = await resolveMany(c.env, sb, config.settings, byIdentity.map((b) => b.claims), now);
      await Promise.all(
        byIdentity.map(async (b, i) => {
          let profileId = resolved.profileIds[i];
          if (resolved.minted.has(profileId)) {
            // A new person: their object learns the identities, so the message finds its address.
            // The index hears of them too (the events queue), so they can be found and targeted later.
            const result = await interactFor(c.env, sb, profileId, now, { events: [], noColdState: true, identities: b.claims.map((cl) => ({ ...cl.ref, authenticated: cl.authenticated })) });
            profileId = result.profileId;
          }
          profileIds.set(b.index, profileId);
        }),
      );
    }

    const run = await apiRun(c.env, campaign, now);
    const accepted = [...profileIds.entries()].sort((a, b) => a[0] - b[0]).map(([index, profileId]) => {
      const r = body.recipients[index];
      const vars = { ...(body.context ?? {}), ...(r.context ?? {}) } as JsonObject;
      return { index, message: messageFor(campaign, run, profileId, vars, r.idempotencyKey ?? `${now.toString(36)}-${crypto.randomUUID().slice(0, 8)}`) };
    });
    await sendAll(c.env, accepted.map((a) => a.message));
    return c.json(
      { campaign: id, accepted: accepted.map((a) => ({ index: a.index, profileId: a.message.profileId, deliveryId: a.message.stepId })), rejected, requestId: c.get("requestId") },
      202,
    );
  });
