/**
 * Consumer of the delivery queue: the side effects journeys hand over, sent a queue batch at a
 * time. Each message is recorded once in the delivery log (`deliveries`, keyed by its step id),
 * claimed, sent by its route, and its outcome written back (log.ts):
 * - in-app and web messages join the profile's inbox, shown on its next interaction;
 * - email, SMS and push go through the channel's default provider (providers/), or stay in the
 *   local outbox — the log itself, which the console shows — when the sandbox has none;
 * - webhook actions call their custom action;
 * - list-audience changes update the list in D1.
 *
 * The log is written twice per batch (two D1 round trips: record and claim, then finish), sends
 * run six at a time (the Workers limit of open connections), and each message is acknowledged or retried on
 * its own: a retryable failure (5xx, 429, timeout) comes back after the delay its answer calls
 * for (providers/retry.ts); any other failure is final. After the queue's last attempt
 * (`max_retries` in wrangler.toml) a message goes to the dead-letter queue, consumed here too, to
 * mark it failed with the attempts it had.
 *
 * A message already `sent` is never sent again, whatever the queue redelivers; the delivery id is
 * also sent as an idempotency key to providers that take one, for the one case the log cannot
 * see — a provider that accepted a message whose answer was lost.
 *
 * Campaign messages (`campaign`) are delivered the same way, keyed `c:<campaign>:<run>:<profile>`;
 * transactional ones skip marketing consent and the channel rules, and a paused campaign's
 * messages are blocked. Two kinds of fan-out message come through this queue too: a range of a
 * campaign run's audience to read (`campaign-part`, campaigns/runs.ts), and profiles to enter a
 * read-audience journey (`enter`), which each profile's object does itself.
 */
import type { Action } from "../journeys/definition";
import type { EntryMessage } from "../journeys/reads";
import type { DeliveryMessage } from "../journeys/runtime";
import { profileStub } from "../profiles/stub";
import { backoffSeconds, type Outcome } from "../providers/retry";
import { perform, prepare, type OutgoingMessage, type StoredProvider } from "../providers/send";
import type { Channel } from "../providers/schemas";
import { defaultProviders, loadActions, type Usable } from "../providers/store";
import { needsProfile, type SendScope } from "../providers/templates";
import { prepareWebhook, type StoredAction } from "../providers/webhook";
import { claim, finish, giveUp, LEASE_MS, type Claimed, type LogEntry } from "./log";
import { consentRefuses, indexedFacts, profileFacts, recipientOf, type ProfileFacts } from "./recipients";
import { applyRules, rulesOf, type ChannelRule } from "./rules";
import { activeConfig } from "../config/active";
import { loadMessage, renderMessage } from "../content/render";
import type { EmailParts } from "../content/schemas";
import { trackEmailParts, trackingSecret } from "../content/tracking";
import { decideForProfile } from "../content/record";
import { offersFromPropositions, type MessageScope, type OfferItem } from "../content/render";
import { readPart, sourceOf as campaignSource, type CampaignMessage, type CampaignPart } from "../campaigns/runs";

type MessageAction = Extract<Action, { kind: "message" }>;
type Route = "audience" | "inbox" | "provider" | "webhook";
/** A message to deliver: a journey's action or a campaign's message to one person. */
type Sendable = DeliveryMessage | CampaignMessage;
type Plan = { m: Sendable; route: Route; entry: LogEntry };
/** Anything the delivery queue carries. */
export type DeliveryQueueMessage = Sendable | EntryMessage | CampaignPart;
/** What the queue should do with a message: acknowledge it, or retry it after a delay. */
type Result = { retry?: number };

/** Sends at a time: Workers keep six connections open per invocation. */
const CONCURRENCY = 6;
const INBOX_TTL_SECONDS = 7 * 86_400;

const isCampaign = (m: Sendable): m is CampaignMessage => m.kind === "campaign";
/** Campaign messages read their people from the index (tests ask the profile's object). */
const fromIndex = (m: CampaignMessage) => !m.test;
const sourceOf = (m: Sendable) => (isCampaign(m) ? campaignSource(m.campaign, m.run) : `journey:${m.journey}:${m.version}:${m.node}`);
const testFlag = (m: Sendable) => (m.test ? { test: true } : {});

/** How a message is logged and which way it goes; null for one with nothing to do. */
function planOf(m: Sendable): Plan | null {
  const a = m.action as Action;
  const entry = (channel: string, payload: Record<string, unknown>): LogEntry => ({ sandbox: m.sandbox, id: m.stepId, profileId: m.profileId, channel, source: sourceOf(m), payload });
  if (isCampaign(m)) {
    const payload = { template: m.action.template, campaign: m.campaign, run: m.run, purpose: m.purpose, ...(Object.keys(m.vars).length ? { context: m.vars } : {}), ...testFlag(m) };
    return { m, route: m.action.channel === "in-app" || m.action.channel === "web" ? "inbox" : "provider", entry: entry(m.action.channel, payload) };
  }
  if (a.kind === "audience-add" || a.kind === "audience-remove") {
    // The profile's object changed its membership already; the list in D1 follows, for batch reads and exports.
    const who = m.vars.listIdentity;
    return who ? { m, route: "audience", entry: entry("audience", { action: a, identity: who }) } : null;
  }
  if (a.kind === "webhook") return { m, route: "webhook", entry: entry("webhook", { action: a, vars: m.vars, ...testFlag(m) }) };
  if (a.kind !== "message") return null;
  const msg = a as MessageAction;
  const payload = { title: msg.title ?? null, body: msg.body ?? null, template: msg.template ?? null, cta: msg.cta ?? null, vars: m.vars, ...testFlag(m) };
  return { m, route: msg.channel === "in-app" || msg.channel === "web" ? "inbox" : "provider", entry: entry(msg.channel, payload) };
}

/** What one attempt runs, and the provider (or custom action) it goes through. */
type Sender = { providerId: string | null; send: (attempt: number) => Promise<Outcome> };

const sent = (detail: string): Outcome => ({ kind: "sent", detail });
const failed = (reason: string): Outcome => ({ kind: "failed", reason });

/**
 * What a batch reads once: each sandbox's default providers and the custom actions its messages
 * call, and each profile's facts when a message needs them.
 */
class BatchContext {
  #defaults = new Map<string, Promise<Map<Channel, Usable<StoredProvider>>>>();
  #actions = new Map<string, Promise<Map<string, Usable<StoredAction>>>>();
  #profiles = new Map<string, Promise<ProfileFacts>>();
  constructor(readonly env: Env, private readonly plans: Plan[]) {}

  defaults(sandbox: string) {
    let d = this.#defaults.get(sandbox);
    if (!d) this.#defaults.set(sandbox, (d = defaultProviders(this.env, sandbox)));
    return d;
  }
  actions(sandbox: string) {
    let a = this.#actions.get(sandbox);
    if (!a) {
      const ids = [...new Set(this.plans.filter((p) => p.route === "webhook" && p.m.sandbox === sandbox).map((p) => (p.m.action as { action: string }).action))];
      this.#actions.set(sandbox, (a = loadActions(this.env, sandbox, ids)));
    }
    return a;
  }
  #rules = new Map<string, Promise<{ rules: ChannelRule[]; timeZone: string }>>();
  /** The sandbox's channel rules and time zone (for quiet hours of profiles without their own). */
  rules(sandbox: string) {
    let r = this.#rules.get(sandbox);
    if (!r) {
      r = Promise.all([rulesOf(this.env, sandbox), activeConfig(this.env.CONFIG, sandbox)]).then(([rules, config]) => ({ rules, timeZone: config.settings.timeZone }));
      this.#rules.set(sandbox, r);
    }
    return r;
  }
  #templates = new Map<string, ReturnType<typeof loadMessage>>();
  template(sandbox: string, id: string) {
    const key = `${sandbox}:${id}`;
    let t = this.#templates.get(key);
    if (!t) this.#templates.set(key, (t = loadMessage(this.env, sandbox, id)));
    return t;
  }
  #indexed = new Map<string, Promise<Map<string, ProfileFacts>>>();
  /**
   * The person a message goes to. Campaign messages read the D1 profile index, as a run reads
   * its audience, for the whole batch in one round trip; someone the index has not heard of yet
   * (an API trigger's new recipient) is asked of their object. Journey messages and tests always
   * ask the object, which is current to the step: a journey may change a profile and then write
   * to it.
   */
  profile(m: Sendable): Promise<ProfileFacts> {
    if (isCampaign(m) && fromIndex(m)) {
      let all = this.#indexed.get(m.sandbox);
      if (!all) {
        const ids = this.plans.filter((p) => p.m.sandbox === m.sandbox && isCampaign(p.m) && fromIndex(p.m)).map((p) => p.m.profileId);
        this.#indexed.set(m.sandbox, (all = indexedFacts(this.env, m.sandbox, ids)));
      }
      return all.then((facts) => facts.get(m.profileId) ?? this.#fromObject(m));
    }
    return this.#fromObject(m);
  }
  #fromObject(m: Sendable): Promise<ProfileFacts> {
    const key = `${m.sandbox}:${m.profileId}`;
    let p = this.#profiles.get(key);
    if (!p) this.#profiles.set(key, (p = profileFacts(this.env, m.sandbox, m.profileId)));
    return p;
  }
  /** What rendering adds to each message's log entry (its parts), written with the outcome. */
  readonly rendered = new Map<string, Record<string, unknown>>();
  #campaigns = new Map<string, Promise<string | null>>();
  /** A campaign's status, read once a batch. */
  campaignStatus(m: CampaignMessage) {
    const key = `${m.sandbox}:${m.campaign}`;
    let s = this.#campaigns.get(key);
    if (!s) {
      s = this.env.DB.prepare("SELECT status FROM campaigns WHERE sandbox_id = ? AND id = ?").bind(m.sandbox, m.campaign).first<{ status: string }>().then((r) => r?.status ?? null);
      this.#campaigns.set(key, s);
    }
    return s;
  }
}

/** The decision a message names (a campaign's, or a journey message's), run for the person now. */
function decisionOf(m: Sendable): string | undefined {
  return isCampaign(m) ? m.decision : (m.action as Partial<MessageAction>).decision;
}

async function offersFor(env: Env, m: Sendable): Promise<Record<string, OfferItem[]>> {
  const decision = decisionOf(m);
  if (!decision) return {};
  return offersFromPropositions(await decideForProfile(env, m.sandbox, m.profileId, decision, !!m.test));
}

/** What a template of the message reads: the profile, the journey's variables or the campaign's context, the offers. */
async function valuesFor(env: Env, m: Sendable, facts: ProfileFacts): Promise<MessageScope> {
  const profile = { ...facts.attributes, id: m.profileId };
  const offers = await offersFor(env, m);
  return isCampaign(m) ? { profile, offers, context: { ...m.vars, campaign: m.campaign } } : { profile, journey: m.vars, offers };
}

/**
 * A message from a template, rendered for the profile with the journey's variables; the parts
 * join the delivery log (what the outbox shows). Email links go through the edge's tracking.
 */
async function renderFor(ctx: BatchContext, p: Plan, templateId: string, channel: Channel, facts: ProfileFacts): Promise<{ message: OutgoingMessage } | { problem: string }> {
  const rendered = await partsOf(ctx, p.m, templateId, channel, [channel], facts);
  if ("problem" in rendered) return rendered;
  const { parts } = rendered;
  const base = { deliveryId: p.m.stepId, channel, title: null, body: null, cta: null, test: !!p.m.test } satisfies OutgoingMessage;
  let message: OutgoingMessage;
  let logged: Record<string, unknown> = parts;
  if (channel === "email") {
    const secret = trackingSecret(ctx.env);
    const email = parts as unknown as EmailParts;
    if (secret) {
      const tracked = await trackEmailParts(email, { sandbox: p.m.sandbox, deliveryId: p.m.stepId, profileId: p.m.profileId, baseUrl: ctx.env.PUBLIC_URL || "http://127.0.0.1:8787", secret });
      message = { ...base, email: { subject: tracked.parts.subject, html: tracked.parts.html, text: tracked.parts.text ?? "", headers: tracked.headers } };
      logged = { ...tracked.parts, headers: tracked.headers };
    } else {
      message = { ...base, email: { subject: email.subject, html: email.html, text: email.text ?? "", headers: {} } };
    }
  } else {
    message = { ...base, title: parts.title ?? null, body: parts.body ?? null, cta: parts.url ? { label: parts.title ?? "Open", url: parts.url } : null };
  }
  ctx.rendered.set(p.m.stepId, { rendered: logged, ...logged });
  return { message };
}

/** A template's parts rendered for the person, or why it cannot be: unknown, or of a channel the message cannot carry. */
async function partsOf(ctx: BatchContext, m: Sendable, templateId: string, channel: string, fits: readonly string[], facts: ProfileFacts): Promise<{ parts: Record<string, string | undefined> } | { problem: string }> {
  const loaded = await ctx.template(m.sandbox, templateId);
  if (!loaded) return { problem: `no template "${templateId}" in this sandbox` };
  if (!fits.includes(loaded.template.channel)) return { problem: `template "${templateId}" is for ${loaded.template.channel}, not ${channel}` };
  return { parts: renderMessage(loaded.fragments, m.sandbox, loaded.template, await valuesFor(ctx.env, m, facts)) as Record<string, string | undefined> };
}

/** The profile's messages of a channel sent since a moment (other than this one), for frequency caps. */
async function sentSince(env: Env, m: Sendable, channel: string, since: number): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM deliveries WHERE sandbox_id = ? AND profile_id = ? AND channel = ? AND status = 'sent' AND created_at >= ? AND id != ?")
    .bind(m.sandbox, m.profileId, channel, since, m.stepId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

function scopeOf(m: Sendable, facts: ProfileFacts | null, message: SendScope["message"] = {}): SendScope {
  return {
    profile: { ...(facts?.attributes ?? {}), id: m.profileId },
    journey: isCampaign(m) ? {} : { id: m.journey, version: m.version, node: m.node, entry: m.vars },
    message,
    delivery: { id: m.stepId },
    to: "",
  };
}

function audienceSender(env: Env, p: Plan): Sender {
  const a = p.m.action as Extract<Action, { kind: "audience-add" | "audience-remove" }>;
  const who = p.m.vars.listIdentity as { namespace: string; value: string };
  return {
    providerId: null,
    send: async () => {
      const statement = a.kind === "audience-add"
        ? env.DB.prepare("INSERT OR IGNORE INTO audience_list_members (sandbox_id, audience_id, namespace, value) VALUES (?, ?, ?, ?)")
        : env.DB.prepare("DELETE FROM audience_list_members WHERE sandbox_id = ? AND audience_id = ? AND namespace = ? AND value = ?");
      await statement.bind(p.m.sandbox, a.audience, who.namespace, who.value).run();
      return sent(`${a.kind === "audience-add" ? "added to" : "removed from"} ${a.audience}`);
    },
  };
}

function inboxSender(ctx: BatchContext, p: Plan): Sender {
  const msg = p.m.action as MessageAction;
  if (isCampaign(p.m) && p.m.purpose === "marketing") {
    const m = p.m;
    return {
      providerId: null,
      send: async () => {
        const refused = consentRefuses(await ctx.profile(m), m.action.channel);
        return refused ? { kind: "blocked", reason: refused } : inboxSend(ctx, p, msg);
      },
    };
  }
  return { providerId: null, send: () => inboxSend(ctx, p, msg) };
}

async function inboxSend(ctx: BatchContext, p: Plan, msg: MessageAction): Promise<Outcome> {
  let content = { title: msg.title, body: msg.body ?? "", cta: msg.cta };
  if (msg.template) {
    // In-app and web templates are rendered for the profile too, escaped as text.
    const rendered = await partsOf(ctx, p.m, msg.template, msg.channel, ["in-app", "web"], await ctx.profile(p.m));
    if ("problem" in rendered) return failed(rendered.problem);
    const { parts } = rendered;
    content = { title: parts.title, body: parts.body ?? "", cta: parts.ctaLabel && parts.ctaUrl ? { label: parts.ctaLabel, url: parts.ctaUrl } : undefined };
  }
  // The step id makes a repeated call land once in the inbox.
  await profileStub(ctx.env, p.m.sandbox, p.m.profileId).queueMessage(p.m.sandbox, p.m.profileId, {
    kind: "banner", body: content.body, ...(content.title ? { title: content.title } : {}), ...(content.cta ? { cta: content.cta } : {}), ttlSeconds: INBOX_TTL_SECONDS,
  }, Date.now(), p.m.stepId);
  return sent("in the profile's inbox");
}

async function providerSender(ctx: BatchContext, p: Plan): Promise<Sender> {
  const msg = p.m.action as MessageAction;
  const channel = msg.channel as Channel;
  // Business rules come before any send, the local outbox included: consent first, then the
  // channel's frequency caps and quiet hours. Transactional messages (a receipt, a password
  // reset) skip them: they go to whoever asked for them.
  const facts = await ctx.profile(p.m);
  if (!(isCampaign(p.m) && p.m.purpose === "transactional")) {
    const refused = consentRefuses(facts, channel);
    if (refused) return { providerId: null, send: async () => ({ kind: "blocked", reason: refused }) };
    const { rules, timeZone } = await ctx.rules(p.m.sandbox);
    const zone = typeof facts.attributes.timeZone === "string" ? facts.attributes.timeZone : timeZone;
    const ruled = rules.length ? await applyRules(rules, channel, Date.now(), zone, (since) => sentSince(ctx.env, p.m, channel, since)) : null;
    if (ruled) return { providerId: null, send: async () => ruled };
  }
  // A template is rendered for this profile now (escaped per part), an email's links tracked.
  const rendered = msg.template ? await renderFor(ctx, p, msg.template, channel, facts) : null;
  if (rendered && "problem" in rendered) return { providerId: null, send: async () => failed(rendered.problem) };
  // Templates will name their provider; until then, the channel's default.
  const chosen = (await ctx.defaults(p.m.sandbox)).get(channel);
  if (!chosen) return { providerId: null, send: async () => sent("local outbox") };
  if (!chosen.ok) return { providerId: null, send: async () => failed(`the ${channel} provider cannot be used: ${chosen.reason}`) };
  const provider = chosen.value;
  if (provider.kind === "outbox") return { providerId: provider.id, send: async () => sent(`local outbox (${provider.id})`) };
  const out: OutgoingMessage = rendered?.message ?? { deliveryId: p.m.stepId, channel, title: msg.title ?? null, body: msg.body ?? null, cta: msg.cta ?? null, test: !!p.m.test };
  return {
    providerId: provider.id,
    // The person was read above, for the rules: their address and the templates' attributes come from there.
    send: async (attempt) => {
      const message = { id: p.m.stepId, channel, title: out.title, body: out.body, cta: out.cta, ...(out.email ? { subject: out.email.subject, html: out.email.html, text: out.email.text } : {}) };
      const prepared = await prepare(provider, out, scopeOf(p.m, facts, message), recipientOf(facts, p.m.vars));
      return "outcome" in prepared ? prepared.outcome : perform(prepared, attempt, `sent by ${provider.id}`);
    },
  };
}

async function webhookSender(ctx: BatchContext, p: Plan): Promise<Sender> {
  const id = (p.m.action as Extract<Action, { kind: "webhook" }>).action;
  const found = (await ctx.actions(p.m.sandbox)).get(id);
  if (!found) return { providerId: id, send: async () => failed(`no custom action "${id}" in this sandbox`) };
  if (!found.ok) return { providerId: id, send: async () => failed(`custom action "${id}" cannot be used: ${found.reason}`) };
  const action = found.value;
  return {
    providerId: id,
    send: async (attempt) => {
      const c = action.config;
      const facts = needsProfile([c.url, c.body, ...Object.values(c.headers)]) ? await ctx.profile(p.m) : null;
      const prepared = prepareWebhook(action, scopeOf(p.m, facts), p.m.stepId);
      return "outcome" in prepared ? prepared.outcome : perform(prepared, attempt, `called ${id}`);
    },
  };
}

async function senderFor(env: Env, ctx: BatchContext, p: Plan): Promise<Sender> {
  // A paused campaign sends nothing more; what it had not sent yet is blocked by the pause.
  const m = p.m;
  if (isCampaign(m) && (await ctx.campaignStatus(m)) === "paused") return { providerId: null, send: async () => ({ kind: "blocked", reason: `campaign "${m.campaign}" is paused` }) };
  switch (p.route) {
    case "audience":
      return audienceSender(env, p);
    case "inbox":
      return inboxSender(ctx, p);
    case "provider":
      return providerSender(ctx, p);
    case "webhook":
      return webhookSender(ctx, p);
  }
}

async function pool<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await run(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** One attempt that threw (a bug, or the profile's object unreachable) is retried like a 5xx. */
async function attempt(sender: Sender, n: number): Promise<Outcome> {
  try {
    return await sender.send(n);
  } catch (err) {
    console.error("delivery attempt failed", err);
    return { kind: "retry", reason: `internal error: ${(err as Error)?.message ?? err}`, delaySeconds: backoffSeconds(n) };
  }
}

/** Records, claims, sends and finishes a batch of messages; one result per message, in order. */
async function deliverAll(env: Env, messages: Sendable[]): Promise<Result[]> {
  const results: Result[] = messages.map(() => ({}));
  const plans = messages.map(planOf);
  const live = plans.map((p, i) => ({ p, i })).filter((x): x is { p: Plan; i: number } => x.p !== null);
  const now = Date.now();
  const states = await claim(env, live.map((x) => x.p.entry), now);

  const work: { p: Plan; i: number; state: Claimed }[] = [];
  live.forEach((x, j) => {
    const state = states[j];
    if (!state) results[x.i] = { retry: backoffSeconds(1) };
    else if (state.owned) work.push({ ...x, state });
    // Another copy is sending it: come back when its attempt is over (and find it finished).
    else if (state.status === "queued") results[x.i] = { retry: Math.max(1, Math.ceil((state.updatedAt + LEASE_MS - now) / 1000)) };
    // Sent, failed or blocked before: nothing more to do.
  });
  if (!work.length) return results;

  const ctx = new BatchContext(env, work.map((w) => w.p));
  const senders = await Promise.all(work.map((w) => senderFor(env, ctx, w.p)));
  const outcomes = await pool(work.map((w, j) => ({ ...w, sender: senders[j] })), CONCURRENCY, (w) => attempt(w.sender, w.state.attempts));
  await finish(
    env,
    work.map((w, j) => ({ sandbox: w.p.m.sandbox, id: w.p.m.stepId, token: w.state.token, providerId: senders[j].providerId, outcome: outcomes[j], payload: ctx.rendered.get(w.p.m.stepId) })),
    Date.now(),
  );
  work.forEach((w, j) => {
    const o = outcomes[j];
    if (o.kind === "retry") results[w.i] = { retry: o.delaySeconds };
  });
  return results;
}

/** Delivers one message now (tests, and callers outside the queue); throws when it must be retried. */
export async function deliver(env: Env, m: Sendable): Promise<void> {
  const [result] = await deliverAll(env, [m]);
  if (result.retry !== undefined) throw new Error(`delivery ${m.stepId} is to be retried in ${result.retry} s`);
}

/** Fan-out of a read-audience run: each profile's object enters the journey itself. */
async function enterAll(env: Env, m: EntryMessage) {
  const results = await Promise.allSettled(m.profileIds.map((id) => profileStub(env, m.sandbox, id).enterJourney(m.sandbox, id, m.journey, m.at)));
  const failedCount = results.filter((r) => r.status === "rejected");
  // Entering twice is harmless (re-entrance rules decide), so a retry takes the whole batch again.
  if (failedCount.length) throw new Error(`${failedCount.length} of ${m.profileIds.length} profiles could not enter ${m.journey}: ${(failedCount[0] as PromiseRejectedResult).reason}`);
}

const isEntry = (body: DeliveryQueueMessage): body is EntryMessage => body.kind === "enter";
const isPart = (body: DeliveryQueueMessage): body is CampaignPart => body.kind === "campaign-part";

/** The dead-letter queue: messages the queue gave up on are marked failed in the log. */
async function consumeDeadLetters(batch: MessageBatch<DeliveryQueueMessage>, env: Env): Promise<void> {
  const entries: LogEntry[] = [];
  for (const msg of batch.messages) {
    const body = msg.body;
    if (isEntry(body)) console.error("gave up on a journey fan-out", { journey: body.journey, profiles: body.profileIds.length });
    else if (isPart(body)) console.error("gave up on reading a campaign's audience", { campaign: body.campaign, run: body.run, part: body.part });
    else {
      const plan = planOf(body);
      if (plan) entries.push(plan.entry);
    }
  }
  await giveUp(env, entries, Date.now());
  batch.ackAll();
}

async function deliverBatch(env: Env, messages: Message<Sendable>[]) {
  if (!messages.length) return;
  let results: Result[];
  try {
    results = await deliverAll(env, messages.map((m) => m.body));
  } catch (err) {
    // The log could not be read or written (D1 unavailable): the whole batch comes back.
    console.error("delivery batch failed; will retry", err);
    for (const msg of messages) msg.retry({ delaySeconds: backoffSeconds(msg.attempts) });
    return;
  }
  results.forEach((r, i) => (r.retry === undefined ? messages[i].ack() : messages[i].retry({ delaySeconds: r.retry })));
}

/** Fan-out messages (journey entries, campaign ranges): each handled, acknowledged or retried on its own. */
async function eachOnItsOwn<T>(messages: Message<T>[], work: (body: T) => Promise<unknown>, what: (body: T) => string) {
  await Promise.all(
    messages.map(async (msg) => {
      try {
        await work(msg.body);
        msg.ack();
      } catch (err) {
        console.error(`${what(msg.body)} failed; will retry`, msg.id, err);
        msg.retry({ delaySeconds: backoffSeconds(msg.attempts) });
      }
    }),
  );
}

export async function consumeDeliveries(batch: MessageBatch<DeliveryQueueMessage>, env: Env): Promise<void> {
  if (batch.queue.endsWith("-dlq")) return consumeDeadLetters(batch, env);
  const entries = batch.messages.filter((m): m is Message<EntryMessage> => isEntry(m.body));
  const parts = batch.messages.filter((m): m is Message<CampaignPart> => isPart(m.body));
  const deliveries = batch.messages.filter((m): m is Message<Sendable> => !isEntry(m.body) && !isPart(m.body));
  await Promise.all([
    eachOnItsOwn(entries, (m) => enterAll(env, m), (m) => `entering journey ${m.journey}`),
    eachOnItsOwn(parts, (m) => readPart(env, m), (m) => `reading part ${m.part} of campaign ${m.campaign}'s run ${m.run}`),
    deliverBatch(env, deliveries),
  ]);
}
