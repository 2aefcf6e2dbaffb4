/**
 * What a journey is, as saved and published: how people enter, the graph of nodes they walk,
 * and the rules around it (re-entrance, exit criteria, a global timeout, a throughput limit).
 *
 * The shape is checked here field by field (zod); what needs the whole graph — reachability,
 * dangling edges, loops, bounded waits, jumps between journeys — is checked by validate.ts when a
 * version is published.
 */
import { z } from "zod";
import { slug } from "../http/slug";

/** Journeys may hold this many nodes (Adobe allows 50). */
export const MAX_NODES = 500;
export const DEFAULT_TIMEOUT_DAYS = 91;
export const MAX_TIMEOUT_DAYS = 365;

const nodeId = z.string().regex(/^[A-Za-z0-9][\w-]{0,63}$/, "Name nodes with letters, digits, - and _");
/** Where an edge leads: a node, or "" for an edge not yet connected (a draft may keep one; publishing refuses it). */
const edge = z.union([nodeId, z.literal("")]);
/** A relative duration: `30s`, `15m`, `12h`, `7d`, `2w`. */
export const duration = z.string().regex(/^\d{1,6}[smhdw]$/, "A duration such as 30m, 12h, 7d or 2w");
const rule = z.record(z.string(), z.unknown());
const position = z.object({ x: z.number(), y: z.number() }).strict().optional();
const label = z.string().max(120).optional();

const common = { label, position };

const conditionNode = z
  .object({
    type: z.literal("condition"),
    ...common,
    /** Tried in order; the first whose rule matches the profile wins. */
    branches: z.array(z.object({ label, rule, next: edge }).strict()).min(1).max(20),
    else: edge,
  })
  .strict();

const splitNode = z
  .object({
    type: z.literal("split"),
    ...common,
    /** Shares of profiles, stable per profile, adding up to 100. */
    branches: z.array(z.object({ label, percent: z.number().int().min(1).max(99), next: edge }).strict()).min(2).max(10),
  })
  .strict()
  .refine((n) => n.branches.reduce((s, b) => s + b.percent, 0) === 100, { message: "The shares add up to 100", path: ["branches"] });

const waitNode = z
  .object({
    type: z.literal("wait"),
    ...common,
    /** For a duration; until a local date and time; or until the time a profile attribute holds. */
    for: duration.optional(),
    until: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "A local date and time such as 2026-12-24T09:00").optional(),
    untilAttribute: z.string().regex(/^[A-Za-z_][\w.]{0,127}$/).optional(),
    /** Added to `untilAttribute`'s time: `-1d` the day before. */
    offset: z.string().regex(/^-?\d{1,6}[smhdw]$/).optional(),
    next: edge,
  })
  .strict()
  .refine((n) => [n.for, n.until, n.untilAttribute].filter((x) => x !== undefined).length === 1, { message: "Wait for a duration, until a time, or until a profile attribute's time: one of the three", path: ["for"] });

const waitEventNode = z
  .object({
    type: z.literal("wait-event"),
    ...common,
    eventType: z.string().min(1).max(64),
    /** A condition on the event's payload. */
    where: rule.optional(),
    timeout: duration,
    next: edge,
    timeoutNext: edge,
  })
  .strict();

export const actionSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("message"),
      channel: z.enum(["email", "sms", "push", "in-app", "web"]),
      /** A template of the channel (channels issue); or inline content for a quick message. */
      template: slug.optional(),
      /** A decision run for the person when the message is sent: its offers are `offers.<placement>` in the template. */
      decision: slug.optional(),
      title: z.string().max(200).optional(),
      body: z.string().max(10_000).optional(),
      cta: z.object({ label: z.string().min(1).max(80), url: z.string().max(2000) }).strict().optional(),
    })
    .strict()
    .refine((a) => a.template || a.body, { message: "Name a template or write the message", path: ["body"] }),
  z.object({ kind: z.literal("webhook"), action: slug }).strict(),
  z
    .object({ kind: z.literal("update-profile"), set: z.record(z.string(), z.unknown()).optional(), unset: z.array(z.string()).max(50).optional() })
    .strict()
    .refine((a) => (a.set && Object.keys(a.set).length) || a.unset?.length, { message: "Set or unset at least one attribute", path: ["set"] }),
  z.object({ kind: z.literal("audience-add"), audience: slug }).strict(),
  z.object({ kind: z.literal("audience-remove"), audience: slug }).strict(),
]);
export type Action = z.output<typeof actionSchema>;

const actionNode = z.object({ type: z.literal("action"), ...common, action: actionSchema, next: edge }).strict();
const jumpNode = z.object({ type: z.literal("jump"), ...common, journey: slug }).strict();
const endNode = z.object({ type: z.literal("end"), ...common }).strict();

export const nodeSchema = z.union([conditionNode, splitNode, waitNode, waitEventNode, actionNode, jumpNode, endNode]);
export type JourneyNode = z.output<typeof nodeSchema>;

export const entrySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("event"), eventType: z.string().min(1).max(64), where: rule.optional() }).strict(),
  z.object({ type: z.literal("audience"), audience: slug, on: z.enum(["entered", "exited"]).default("entered") }).strict(),
  z
    .object({
      type: z.literal("read-audience"),
      audience: slug,
      /** Once at a moment, or every hour, day or week (at a UTC time of day). */
      schedule: z.discriminatedUnion("kind", [
        z.object({ kind: z.literal("once"), at: z.number().int().nonnegative() }).strict(),
        z.object({ kind: z.literal("recurring"), every: z.enum(["hour", "day", "week"]), at: z.string().regex(/^\d{2}:\d{2}$/).optional() }).strict(),
      ]),
    })
    .strict(),
]);
export type Entry = z.output<typeof entrySchema>;

const exitSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("event"), eventType: z.string().min(1).max(64), where: rule.optional() }).strict(),
  z.object({ type: z.literal("audience-exit"), audience: slug }).strict(),
]);

export const definitionSchema = z
  .object({
    entry: entrySchema,
    start: nodeId,
    nodes: z.record(nodeId, nodeSchema).refine((n) => Object.keys(n).length <= MAX_NODES, `At most ${MAX_NODES} nodes`),
    reentrance: z
      .discriminatedUnion("mode", [
        z.object({ mode: z.literal("never") }).strict(),
        z.object({ mode: z.literal("after-wait"), wait: duration }).strict(),
        z.object({ mode: z.literal("always") }).strict(),
      ])
      .default({ mode: "never" }),
    /** Any of these ends the profile's instance wherever it is. */
    exit: z.array(exitSchema).max(10).default([]),
    timeoutDays: z.number().int().min(1).max(MAX_TIMEOUT_DAYS).default(DEFAULT_TIMEOUT_DAYS),
    /** Entries per second across everyone, at most. */
    throughputPerSecond: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();
export type Definition = z.output<typeof definitionSchema>;
