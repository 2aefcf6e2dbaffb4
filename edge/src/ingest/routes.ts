/** Data-plane routes: /v1/interact (events + decisions), /v1/collect (events only), /v1/ping. */
import { factory } from "../http/factory";
import { limitBody } from "../http/middleware";
import { parseWith } from "../http/validate";
import { handleInteraction } from "./pipeline";
import { collectBody, decideQuery, interactBody } from "./schemas";

export const dataPlaneRoutes = factory
  .createApp()
  .options("/*", (c) => {
    const origin = c.req.header("origin");
    if (origin) {
      c.header("Access-Control-Allow-Origin", origin);
      c.header("Access-Control-Allow-Credentials", "true");
      c.header("Access-Control-Allow-Methods", "POST, GET, OPTIONS");
      c.header("Access-Control-Allow-Headers", "content-type");
      c.header("Access-Control-Max-Age", "86400");
      c.header("Vary", "Origin");
    }
    return c.body(null, 204);
  })
  .get("/ping", (c) => c.body(null, 204))
  .post("/interact", limitBody(), async (c) => {
    const { pcid, result } = await handleInteraction(c, interactBody);
    return c.json({
      pcid,
      propositions: result.propositions,
      ...(result.messages?.length ? { messages: result.messages } : {}),
      ...(result.rejected.length ? { rejected: result.rejected } : {}),
      ...(result.consentOut ? { consent: "out" as const, dropped: result.dropped ?? 0 } : {}),
      requestId: c.get("requestId"),
    });
  })
  /**
   * Decisions without events, for apps and server-side rendering: the same answer as
   * /v1/interact. Never cached: each answer is one person's, and counts a decision.
   */
  .get("/decide", async (c) => {
    const { pcid, result } = await handleInteraction(c, interactBody, async () => {
      const q = parseWith(decideQuery, { ...c.req.queries(), pcid: c.req.query("pcid"), dryRun: c.req.query("dryRun") });
      return { placements: q.placement, decisions: q.decision, pcid: q.pcid, dryRun: q.dryRun, events: [] };
    });
    c.header("Cache-Control", "private, no-store");
    return c.json({ pcid, propositions: result.propositions, ...(result.messages?.length ? { messages: result.messages } : {}), requestId: c.get("requestId") });
  })
  .post("/collect", limitBody(), async (c) => {
    await handleInteraction(c, collectBody);
    return c.body(null, 204);
  });
