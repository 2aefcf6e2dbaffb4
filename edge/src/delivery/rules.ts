/**
 * Business rules of channels, checked before every email, SMS or push message, after consent:
 * - a **frequency cap** per profile: at most `limit` messages of the channel in `days` days
 *   (counted from the delivery log: messages sent, or being sent);
 * - **quiet hours** in the profile's time zone (its `timeZone` attribute, else the sandbox's):
 *   between `from` and `to` (which may span midnight) a message waits until the window ends
 *   (`delay`) or is dropped (`drop`).
 * A message a rule stops is logged `blocked` with the rule; a delayed one comes back when the
 * quiet hours end.
 */
import { z } from "zod";
import { and, eq } from "drizzle-orm";
import { database, schema } from "../db";
import { validTimeZone, wallClock, zonedInstant } from "../decisioning/capping";
import type { Outcome } from "../providers/retry";

const { channelRules } = schema;
const DAY_MS = 86_400_000;
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "A time of day such as 21:00");

export const ruleInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("frequency"), channel: z.enum(["email", "sms", "push"]), config: z.object({ limit: z.number().int().min(1).max(1000), days: z.number().int().min(1).max(90) }).strict() }).strict(),
  z
    .object({
      kind: z.literal("quiet-hours"),
      channel: z.enum(["email", "sms", "push"]),
      config: z.object({ from: hhmm, to: hhmm, mode: z.enum(["delay", "drop"]).default("delay") }).strict().refine((c) => c.from !== c.to, { message: "The window must not be empty", path: ["to"] }),
    })
    .strict(),
]);
export type RuleInput = z.output<typeof ruleInput>;
export type ChannelRule = RuleInput & { id: string };

/** The sandbox's rules for a channel, read once per batch. */
export async function rulesOf(env: Env, sandbox: string): Promise<ChannelRule[]> {
  const rows = await database(env.DB).select().from(channelRules).where(eq(channelRules.sandboxId, sandbox));
  return rows.map((r) => ({ id: r.id, kind: r.kind, channel: r.channel, config: r.config }) as ChannelRule);
}

export async function deleteRule(env: Env, sandbox: string, id: string) {
  return database(env.DB).delete(channelRules).where(and(eq(channelRules.sandboxId, sandbox), eq(channelRules.id, id))).returning();
}

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));

/** When the quiet window containing `now` ends, or null when `now` is outside it. */
export function quietUntil(config: { from: string; to: string }, now: number, timeZone: string): number | null {
  const w = wallClock(now, timeZone);
  const at = w.h * 60 + w.min;
  const from = minutes(config.from);
  const to = minutes(config.to);
  const inside = from < to ? at >= from && at < to : at >= from || at < to;
  if (!inside) return null;
  // The end is today at `to`, or tomorrow when the window spans midnight and we are before it.
  const day = new Date(Date.UTC(w.y, w.m - 1, w.d + (from > to && at >= from ? 1 : 0)));
  return zonedInstant(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), Math.floor(to / 60), to % 60, timeZone);
}

/**
 * What the rules say of one message now: null to send it, or the outcome (blocked, or retried
 * when quiet hours end). `sentInWindow` counts the profile's messages of the channel since a moment.
 */
export async function applyRules(
  rules: readonly ChannelRule[],
  channel: string,
  now: number,
  timeZone: string,
  sentInWindow: (since: number) => Promise<number>,
): Promise<Outcome | null> {
  for (const rule of rules) {
    if (rule.channel !== channel) continue;
    if (rule.kind === "quiet-hours") {
      const tz = validTimeZone(timeZone) ? timeZone : "UTC";
      const until = quietUntil(rule.config, now, tz);
      if (until === null) continue;
      if (rule.config.mode === "drop") return { kind: "blocked", reason: `quiet hours ${rule.config.from}–${rule.config.to} (${tz}): dropped` };
      // The queue holds a message back at most 12 hours at a time; a longer wait comes back twice.
      return { kind: "retry", reason: `quiet hours ${rule.config.from}–${rule.config.to} (${tz})`, delaySeconds: Math.min(43_200, Math.max(1, Math.ceil((until - now) / 1000))) };
    }
    const n = await sentInWindow(now - rule.config.days * DAY_MS);
    if (n >= rule.config.limit) return { kind: "blocked", reason: `frequency: at most ${rule.config.limit} ${channel} per ${rule.config.days} days (${n} already)` };
  }
  return null;
}
