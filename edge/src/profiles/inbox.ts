/**
 * In-app and web messages waiting for a profile: queued in its object (by journeys, campaigns,
 * or a test send from the console), handed to the SDK or app on the next /v1/interact, and kept
 * until shown, dismissed or expired. Display, click and dismiss notifications carry the
 * message's tracking token and count once each, like offers' tokens.
 *
 * A message is delivered until it has been displayed: a page that received it but closed before
 * showing it gets it again on the next interaction.
 */
import { z } from "zod";

export const MAX_PENDING_MESSAGES = 20;
const DAY_S = 86_400;

export const messageInput = z
  .object({
    kind: z.enum(["banner", "modal"]).default("banner"),
    title: z.string().min(1).max(200).optional(),
    /** Plain text: the SDK sets it as text, never as markup. */
    body: z.string().min(1, "Write the message").max(2000),
    cta: z
      .object({
        label: z.string().min(1).max(80),
        url: z.string().max(2000).refine((v) => /^(https?:\/\/|\/)/.test(v), "Use an absolute http(s) URL or a path starting with /"),
      })
      .strict()
      .optional(),
    /** How long the message may wait to be shown (default 7 days, at most 90). */
    ttlSeconds: z.number().int().min(60).max(90 * DAY_S).default(7 * DAY_S),
  })
  .strict();
export type MessageInput = z.output<typeof messageInput>;

export type Message = { id: string; kind: "banner" | "modal"; title?: string; body: string; cta?: { label: string; url: string }; expiresAt: number; trackingToken: string };

type Row = { id: string; token: string; kind: "banner" | "modal"; title: string | null; body: string; cta: string | null; expires_at: number };

export const MESSAGE_NOTIFICATIONS = { "message.display": "displayed_at", "message.click": "clicked_at", "message.dismiss": "dismissed_at" } as const;
export type MessageNotification = keyof typeof MESSAGE_NOTIFICATIONS;

export class Inbox {
  constructor(private readonly sql: SqlStorage) {}

  /** Queues a message (once per id); the oldest pending ones go when more than MAX_PENDING_MESSAGES wait. */
  add(m: MessageInput, id: string, token: string, now: number): Message {
    const expiresAt = now + m.ttlSeconds * 1000;
    const known = this.sql.exec<{ token: string; expires_at: number }>("SELECT token, expires_at FROM messages WHERE id = ?", id).toArray()[0];
    if (known) return { id, kind: m.kind, ...(m.title ? { title: m.title } : {}), body: m.body, ...(m.cta ? { cta: m.cta } : {}), expiresAt: known.expires_at, trackingToken: known.token };
    this.sql.exec(
      "INSERT INTO messages (id, token, kind, title, body, cta, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      id, token, m.kind, m.title ?? null, m.body, m.cta ? JSON.stringify(m.cta) : null, now, expiresAt,
    );
    this.sql.exec(
      "DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE displayed_at IS NULL AND dismissed_at IS NULL ORDER BY created_at DESC LIMIT -1 OFFSET ?)",
      MAX_PENDING_MESSAGES,
    );
    return { id, kind: m.kind, ...(m.title ? { title: m.title } : {}), body: m.body, ...(m.cta ? { cta: m.cta } : {}), expiresAt, trackingToken: token };
  }

  /** Messages to hand over now: not yet displayed or dismissed, not expired, oldest first. */
  pending(now: number): Message[] {
    return this.sql
      .exec<Row>("SELECT id, token, kind, title, body, cta, expires_at FROM messages WHERE displayed_at IS NULL AND dismissed_at IS NULL AND expires_at > ? ORDER BY created_at", now)
      .toArray()
      .map((r) => ({
        id: r.id, kind: r.kind, ...(r.title ? { title: r.title } : {}), body: r.body,
        ...(r.cta ? { cta: JSON.parse(r.cta) as Message["cta"] } : {}), expiresAt: r.expires_at, trackingToken: r.token,
      }));
  }

  /** Marks a token displayed, clicked or dismissed once; returns the message id the first time. */
  notify(token: string, kind: MessageNotification, ts: number): string | undefined {
    const column = MESSAGE_NOTIFICATIONS[kind];
    return this.sql.exec<{ id: string }>(`UPDATE messages SET ${column} = ? WHERE token = ? AND ${column} IS NULL RETURNING id`, ts, token).toArray()[0]?.id;
  }

  /** Forgets messages expired more than 30 days ago (their notifications can no longer count). */
  trim(now: number) {
    this.sql.exec("DELETE FROM messages WHERE expires_at < ?", now - 30 * DAY_S * 1000);
  }
}
