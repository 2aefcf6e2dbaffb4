/**
 * A scheduled campaign to 10,000 imported profiles through the real Worker: the Cron Trigger's
 * call starts the run, its audience is read in ranges through the delivery queue, and every
 * member gets exactly one message, even when the start and a range are repeated.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { PROFILE_CSV_HEADER, profileRows } from "../../scripts/lib/profile-rows";
import { readPart, runDueCampaigns } from "../src/campaigns/runs";
import { admin, call, eventually, seed, TOKEN } from "./helpers";

const RECIPIENTS = 10_000;

const ok = async <T = Record<string, unknown>>(res: Response, status = 200) => {
  expect(res.status, await res.clone().text()).toBe(status);
  return res.json() as Promise<T>;
};

describe("a campaign of 10,000 recipients", () => {
  it("sends every member exactly once", { timeout: 300_000 }, async () => {
    const { sandbox } = await seed();
    const lines = [...profileRows({ rows: RECIPIENTS, seed: 8, prefix: "camp" })];
    for (let at = 0; at < lines.length; at += 5_000) {
      const res = await call(`/admin/api/sandboxes/${sandbox}/imports/profiles?format=csv`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "text/csv" },
        body: [PROFILE_CSV_HEADER, ...lines.slice(at, at + 5_000)].join("\r\n"),
      });
      expect((await ok<{ created: number }>(res)).created).toBe(5_000);
    }
    await ok(await admin("POST", `/sandboxes/${sandbox}/audiences`, { id: "everyone", name: "Everyone", rule: { "profile.loyaltyPoints": { $gte: 0 } } }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/publish`), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/templates`, { id: "hello", name: "Hello", channel: "email", content: { subject: "Hello {{ profile.firstName }}", html: "<p>Hi {{ profile.firstName }}</p>" } }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns`, { id: "big", name: "Big", kind: "scheduled", channel: "email", template: "hello", audience: "everyone", schedule: { kind: "once", at: Date.now() - 1000 } }), 201);
    await ok(await admin("POST", `/sandboxes/${sandbox}/campaigns/big/activate`));

    // The Cron Trigger twice in the same minute: one run.
    await runDueCampaigns(env);
    await runDueCampaigns(env);
    const runs = (await env.DB.prepare("SELECT id, parts FROM campaign_runs WHERE sandbox_id = ?").bind(sandbox).all<{ id: string; parts: number }>()).results;
    expect(runs).toHaveLength(1);
    const [{ id: run, parts }] = runs;
    expect(parts).toBe(RECIPIENTS / 1000 + 1);
    // A range delivered twice by the queue, while the run is going.
    await readPart(env, { kind: "campaign-part", sandbox, campaign: "big", run, part: 3, after: "", until: null, at: Date.now() });

    type Run = { state: string; counts: Record<string, number>; partsDone: number };
    const done = await eventually(async () => {
      const r = (await ok<{ run: Run }>(await admin("GET", `/sandboxes/${sandbox}/campaigns/big/runs/${run}`))).run;
      return r.state === "done" ? r : null;
    }, 240_000);
    expect(done.partsDone).toBe(parts);
    expect(done.counts).toMatchObject({ targeted: RECIPIENTS, sent: RECIPIENTS, failed: 0, blocked: 0, queued: 0 });
    const tally = await env.DB.prepare("SELECT count(*) AS n, count(DISTINCT profile_id) AS people, sum(attempts) AS attempts FROM deliveries WHERE sandbox_id = ? AND source = ?")
      .bind(sandbox, `campaign:big:${run}`)
      .first<{ n: number; people: number; attempts: number }>();
    expect(tally).toEqual({ n: RECIPIENTS, people: RECIPIENTS, attempts: RECIPIENTS });
    const sample = await env.DB.prepare("SELECT payload FROM deliveries WHERE sandbox_id = ? AND source = ? LIMIT 1").bind(sandbox, `campaign:big:${run}`).first<{ payload: string }>();
    expect((JSON.parse(sample!.payload) as { subject: string }).subject).toMatch(/^Hello \S+/);
  });
});
