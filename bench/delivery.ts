/**
 * Delivery under `wrangler dev`: messages of an API-triggered campaign through the delivery queue
 * to a provider stand-in on 127.0.0.1 (messages per second, each sent once), and a scheduled
 * campaign to 100,000 imported profiles (3,000 with --quick) from "send now" to its run done —
 * the audience read in ranges, one message per member — through the local outbox.
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { seedDemo, type AdminCall } from "../db/seed";
import { writeProfilesCsv } from "../scripts/lib/generate-profiles";
import { importFile } from "../scripts/lib/importer";
import { progressBar } from "./lib/progress";
import type { Figure } from "./lib/results";
import { median, round } from "./lib/stats";
import { expectStatus, until, withWorker } from "./lib/worker";

/** Recipients per trigger call (the API's limit) and calls in flight. */
const PER_CALL = 100;
const CALLS_IN_FLIGHT = 4;

type Counts = { targeted: number; queued: number; sent: number; failed: number; blocked: number };
type Run = { id: string; state: string; parts: number | null; partsDone: number; counts: Counts };

/**
 * The provider stand-in: answers 202 at once and counts requests, and the distinct delivery ids
 * among them (the `Idempotency-Key` the http provider sends), so a message sent twice shows.
 * It keeps when each request came, to tell the sending of a queue batch from the rest of it.
 */
async function startStandIn() {
  let requests = 0;
  const keys = new Set<string>();
  let arrivals: number[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      requests++;
      arrivals.push(performance.now());
      const key = req.headers["idempotency-key"];
      if (typeof key === "string") keys.add(key);
      res.writeHead(202, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/send`,
    seen: () => ({ requests, distinct: keys.size }),
    /** The requests in bursts (a gap of more than 100 ms between two ends one): each burst's span and the gaps between them. */
    bursts: () => {
      const spans: number[] = [];
      const gaps: number[] = [];
      let start = arrivals[0];
      for (let i = 1; i <= arrivals.length; i++) {
        if (i === arrivals.length || arrivals[i] - arrivals[i - 1] > 100) {
          spans.push(arrivals[i - 1] - start);
          if (i < arrivals.length) gaps.push(arrivals[i] - arrivals[i - 1]);
          start = arrivals[i];
        }
      }
      return { spans, gaps };
    },
    reset: () => {
      requests = 0;
      keys.clear();
      arrivals = [];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
type StandIn = Awaited<ReturnType<typeof startStandIn>>;

const httpProvider = (id: string, url: string) => ({
  id, name: id, channel: "email", kind: "http", isDefault: true,
  config: { url, body: '{"to":"{{ to }}","subject":"{{ message.subject }}"}' },
});

async function runOf(admin: AdminCall, sb: string, campaign: string, run: string): Promise<Run> {
  return (await expectStatus<{ run: Run }>(await admin("GET", `/sandboxes/${sb}/campaigns/${campaign}/runs/${run}`), 200, "reading the run")).run;
}

/**
 * Sends a message to each of `n` recipients through the trigger API, `PER_CALL` a call, a few
 * calls in flight. Each recipient has an idempotency key, so a call the local runtime dropped
 * (503 "restarted mid-request") is repeated safely — and counted.
 */
async function trigger(url: string, key: string, campaign: string, n: number, label: string, recipient: (i: number) => string) {
  let rejected = 0;
  let failedCalls = 0;
  let repeated = 0;
  let next = 0;
  const call = async () => {
    while (next < n) {
      const from = next;
      next = Math.min(n, next + PER_CALL);
      const recipients = Array.from({ length: next - from }, (_, i) => ({
        identities: { email: recipient(from + i) },
        context: { orderId: `${label}-${from + i}`, total: `${(from + i) % 500}.00 €` },
        idempotencyKey: `${label}-${from + i}`,
      }));
      for (let attempt = 1; ; attempt++) {
        const res = await fetch(`${url}/v1/campaigns/${campaign}/trigger`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify({ recipients }),
        });
        if (res.status === 202) {
          rejected += ((await res.json()) as { rejected: unknown[] }).rejected.length;
          break;
        }
        const text = await res.text();
        if (res.status === 503 && attempt < 3) {
          repeated++;
          continue;
        }
        failedCalls++;
        rejected += recipients.length;
        console.error(`trigger: ${res.status} ${text.slice(0, 300)}`);
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: CALLS_IN_FLIGHT }, call));
  return { rejected, failedCalls, repeated };
}

/** Part 1: transactional messages triggered by the API, to the stand-in. */
async function apiMessages(url: string, admin: AdminCall, standIn: StandIn, quick: boolean, log: (s: string) => void) {
  const sb = "prod";
  await seedDemo(admin);
  await expectStatus(await admin("POST", `/sandboxes/${sb}/providers`, httpProvider("stand-in", standIn.url)), 201, "creating the provider");
  const template = { id: "receipt", name: "Receipt", channel: "email", content: { subject: "Order {{ context.orderId }} confirmed", html: "<p>Total: {{ context.total }}</p><a href=\"https://shop.example/orders\">Your orders</a>" } };
  await expectStatus(await admin("POST", `/sandboxes/${sb}/templates`, template), 201, "creating the template");
  await expectStatus(await admin("POST", `/sandboxes/${sb}/campaigns`, { id: "receipt", name: "Receipt", kind: "api", purpose: "transactional", channel: "email", template: "receipt" }), 201, "creating the campaign");
  await expectStatus(await admin("POST", `/sandboxes/${sb}/campaigns/receipt/activate`), 200, "activating the campaign");
  const { key } = await expectStatus<{ key: string }>(await admin("POST", `/sandboxes/${sb}/api-keys`, { name: "bench" }), 201, "creating an API key");

  const counts = async () => {
    const { runs } = await expectStatus<{ runs: Run[] }>(await admin("GET", `/sandboxes/${sb}/campaigns/receipt`), 200, "reading the campaign");
    return runs[0]?.counts ?? { targeted: 0, queued: 0, sent: 0, failed: 0, blocked: 0 };
  };
  // The first pass writes to new people (each trigger creates their profiles); the next ones
  // write to the same people again, as receipts reach known customers: those are the figure.
  const n = quick ? 150 : 2000;
  const passes = quick ? 2 : 4;
  const rates: number[] = [];
  let errors = 0;
  let duplicates = 0;
  let repeated = 0;
  const spans: number[] = [];
  const gaps: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    standIn.reset();
    const before = await counts();
    log(`delivery: pass ${pass + 1}/${passes}, ${n} messages to ${pass ? "the same" : "new"} recipients through the trigger API`);
    const bar = progressBar("sent", n);
    const t0 = performance.now();
    const sent = await trigger(url, key, "receipt", n, `p${pass}`, (i) => `u${i}@example.test`);
    const expected = n - sent.rejected;
    const after = await until(
      async () => {
        const c = await counts();
        const settled = c.sent + c.failed + c.blocked - (before.sent + before.failed + before.blocked);
        bar.update(standIn.seen().distinct, `${c.sent - before.sent} logged sent`);
        return settled >= expected && standIn.seen().distinct >= c.sent - before.sent ? c : null;
      },
      120_000,
      `${expected} messages reaching the stand-in`,
    );
    const seconds = (performance.now() - t0) / 1000;
    bar.stop();
    const seen = standIn.seen();
    rates.push((after.sent - before.sent) / seconds);
    if (pass) {
      const b = standIn.bursts();
      spans.push(...b.spans);
      gaps.push(...b.gaps);
    }
    errors += sent.rejected + (after.failed - before.failed) + (after.blocked - before.blocked);
    duplicates += seen.requests - seen.distinct;
    repeated += sent.repeated;
  }
  return { n, passes, firstContact: rates[0], known: rates.slice(1), rate: median(rates.slice(1)), errors, duplicates, repeated, burstMs: median(spans), gapMs: median(gaps) };
}

/**
 * Part 2: a scheduled marketing campaign to every imported profile, sent now, through the local
 * outbox (no provider): what is measured is the fan-out and the delivery pipeline.
 */
async function bigCampaign(url: string, admin: AdminCall, token: string, state: string, quick: boolean, log: (s: string) => void) {
  const sb = "bulk";
  const recipients = quick ? 3_000 : 100_000;
  await seedDemo(admin, { sandbox: sb, datastream: "bulk-store" });
  const file = path.join(state, "profiles.csv");
  await writeProfilesCsv(file, { rows: recipients, seed: 11, prefix: "camp" });
  log(`delivery: importing ${recipients} profiles`);
  const imported = await importFile({ file, sandbox: sb, kind: "profiles", format: "csv", url, token });
  if (imported.failure || imported.created !== recipients) throw new Error(`import: ${imported.created} of ${recipients} created${imported.failure ? `, ${imported.failure.message}` : ""}`);
  await expectStatus(await admin("POST", `/sandboxes/${sb}/audiences`, { id: "everyone", name: "Everyone", rule: { "profile.loyaltyPoints": { $gte: 0 } } }), 201, "creating the audience");
  await expectStatus(await admin("POST", `/sandboxes/${sb}/publish`), 201, "publishing");
  const template = { id: "news", name: "News", channel: "email", content: { subject: "News for {{ profile.firstName }}", html: "<p>Hello {{ profile.firstName }} from {{ profile.city }}</p><a href=\"https://shop.example/new\">See what is new</a>" } };
  await expectStatus(await admin("POST", `/sandboxes/${sb}/templates`, template), 201, "creating the template");
  await expectStatus(await admin("POST", `/sandboxes/${sb}/campaigns`, { id: "news", name: "News", kind: "scheduled", purpose: "marketing", channel: "email", template: "news", audience: "everyone" }), 201, "creating the campaign");
  await expectStatus(await admin("POST", `/sandboxes/${sb}/campaigns/news/activate`), 200, "activating the campaign");

  log(`delivery: campaign to ${recipients} profiles`);
  const bar = progressBar("settled", recipients);
  const t0 = performance.now();
  let readAt = 0;
  const { run } = await expectStatus<{ run: Run }>(await admin("POST", `/sandboxes/${sb}/campaigns/news/send`), 202, "sending the campaign");
  const done = await until(
    async () => {
      const r = await runOf(admin, sb, "news", run.id);
      if (!readAt && r.parts !== null && r.partsDone === r.parts) readAt = performance.now();
      bar.update(r.counts.sent + r.counts.failed + r.counts.blocked, `${r.state}, ${r.partsDone}/${r.parts} ranges read`);
      return r.state === "done" || r.state === "failed" ? r : null;
    },
    120_000 + recipients * 100,
    "the campaign's run finishing",
    500,
  );
  const seconds = (performance.now() - t0) / 1000;
  bar.stop();
  if (done.state !== "done") throw new Error(`the campaign's run ${done.state}: ${JSON.stringify(done)}`);
  const c = done.counts;
  // One row per message in the log, keyed by the person: more rows than people, or more
  // targeted than the audience holds (a range read twice and counted twice), is a duplicate.
  const rows = c.queued + c.sent + c.failed + c.blocked;
  const duplicates = Math.max(0, rows - recipients) + Math.max(0, c.targeted - recipients);
  return { recipients, seconds, readSeconds: (readAt - t0) / 1000, counts: c, parts: done.parts ?? 0, duplicates };
}

export async function delivery(quick: boolean, log: (s: string) => void): Promise<Figure[]> {
  const standIn = await startStandIn();
  try {
    return await withWorker("delivery", async ({ server, admin, token, state }) => {
      const api = await apiMessages(server.url, admin, standIn, quick, log);
      const big = await bigCampaign(server.url, admin, token, state, quick, log);
      const section = "Delivery (wrangler dev)";
      return [
        { section, name: "delivery.messages_per_s", value: round(api.rate, 0), unit: "messages/s", note: `median of ${api.known.length} passes of ${api.n} to known recipients (${api.known.map((r) => round(r, 0)).join(", ")}): trigger API (${PER_CALL} a call, ${CALLS_IN_FLIGHT} in flight) → delivery queue → http provider stand-in on 127.0.0.1` },
        { section, name: "delivery.first_contact_messages_per_s", value: round(api.firstContact, 0), unit: "messages/s", note: "the first pass, to new recipients: each trigger also creates their profiles" },
        { section, name: "delivery.batch_send_ms", value: round(api.burstMs, 0), unit: "ms", note: `a queue batch's requests to the stand-in, first to last (median); between two batches the stand-in waits ${round(api.gapMs, 0)} ms` },
        { section, name: "delivery.errors", value: api.errors, unit: "messages", note: "recipients refused, messages failed or blocked" },
        { section, name: "delivery.duplicates", value: api.duplicates, unit: "messages", note: "stand-in requests beyond one per delivery id" },
        { section, name: "delivery.trigger_repeats", value: api.repeated, unit: "calls", note: "trigger calls dropped by the local runtime (503) and repeated with the same idempotency keys" },
        { section, name: "campaign.recipients", value: big.recipients, unit: "profiles", note: "imported, all in the audience; a scheduled marketing email sent now, through the local outbox (no provider)" },
        { section, name: "campaign.seconds", value: round(big.seconds, 1), unit: "s", note: `POST …/send → the run done (every message settled); its ${big.parts} ranges were read after ${round(big.readSeconds, 1)} s` },
        { section, name: "campaign.recipients_per_s", value: round(big.recipients / big.seconds, 0), unit: "recipients/s" },
        { section, name: "campaign.sent", value: big.counts.sent, unit: "messages", note: `targeted ${big.counts.targeted}, failed ${big.counts.failed}, blocked ${big.counts.blocked}` },
        { section, name: "campaign.unsent", value: big.recipients - big.counts.sent, unit: "messages", note: "recipients without a sent message when the run was done" },
        { section, name: "campaign.duplicates", value: big.duplicates, unit: "messages", note: "log rows or targeted members beyond one per profile" },
      ];
    });
  } finally {
    await standIn.close();
  }
}
