// The outbox page's pure parts: filters kept in the page's query string (so a filtered view can
// be reloaded and shared), the API query they make, where a message came from, and a delivery's
// payload as the parts a person would see (subject, HTML, text, bodies, links).
import type { Delivery } from "../../lib/types";
import { paths } from "../../lib/paths";
import { DELIVERY_STATUSES } from "../../lib/types";

export const OUTBOX_CHANNELS = ["email", "sms", "push", "in-app", "web", "webhook"] as const;

export type OutboxFilters = { channel: string; status: string; profileId: string };
export const NO_FILTERS: OutboxFilters = { channel: "", status: "", profileId: "" };
export const PAGE_SIZE = 50;

/** Filters read from the page's query (`?channel=email&status=sent&profile=abc`); unknown values are dropped. */
export function filtersFromQuery(query: Record<string, string | undefined>): OutboxFilters {
  const channel = query.channel ?? "";
  const status = query.status ?? "";
  return {
    channel: (OUTBOX_CHANNELS as readonly string[]).includes(channel) ? channel : "",
    status: (DELIVERY_STATUSES as readonly string[]).includes(status) ? status : "",
    profileId: (query.profile ?? "").trim(),
  };
}

/** The page's query string for the filters, empty ones left out ("" when none). */
export function filtersToQuery(f: OutboxFilters): string {
  const q = new URLSearchParams();
  if (f.channel) q.set("channel", f.channel);
  if (f.status) q.set("status", f.status);
  if (f.profileId.trim()) q.set("profile", f.profileId.trim());
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** The delivery log's query: the filters, a page size, and `before` to page back. */
export function apiQuery(f: OutboxFilters, before?: number): Record<string, string> {
  return {
    ...(f.channel ? { channel: f.channel } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.profileId.trim() ? { profileId: f.profileId.trim() } : {}),
    ...(before ? { before: String(before) } : {}),
    limit: String(PAGE_SIZE),
  };
}

/** Where the next page starts: before the oldest row shown, when the page was full. */
export function nextBefore(items: Delivery[], pageSize = PAGE_SIZE): number | null {
  return items.length >= pageSize ? items[items.length - 1].createdAt : null;
}

/**
 * Merges a refreshed first page into the rows shown: fresh rows replace their old copies (status
 * changes), new ones come first, older pages already loaded stay.
 */
export function mergeNewest(shown: Delivery[], fresh: Delivery[]): Delivery[] {
  const ids = new Set(fresh.map((d) => d.id));
  const oldestFresh = fresh.length ? fresh[fresh.length - 1].createdAt : Infinity;
  return [...fresh, ...shown.filter((d) => !ids.has(d.id) && d.createdAt < oldestFresh)];
}

export type Source = {
  kind: "journey" | "campaign" | "test" | "other";
  label: string;
  id: string | null;
  /** The console page of the journey, campaign or template it came from; null when there is none. */
  href: string | null;
};

/**
 * `journey:<id>:<version>:<node>`, `campaign:<id>:<run>`, `test:<template>`, `test:provider:<id>` as a short label and
 * the page it came from. Test runs of journeys and test sends of campaigns are kind `test` but
 * still lead to their journey or campaign.
 */
export function sourceOf(d: Pick<Delivery, "source" | "payload">): Source {
  const [kind, id = "", version, node] = d.source.split(":");
  const testRun = d.payload?.test === true;
  if (!id) return { kind: "other", label: d.source, id: null, href: null };
  if (kind === "journey") return { kind: testRun ? "test" : "journey", label: `${testRun ? "test run of " : ""}journey ${id}${version ? ` v${version}` : ""}${node ? ` · ${node}` : ""}`, id, href: paths.journey(id) };
  if (kind === "campaign") return { kind: testRun ? "test" : "campaign", label: `${testRun ? "test of " : ""}campaign ${id}`, id, href: paths.campaign(id) };
  // A provider's own test (`test:provider:<id>`) leads to the providers; a template's test send to the template.
  if (kind === "test" && id === "provider" && version) return { kind: "test", label: `test of provider ${version}`, id: version, href: paths.providers };
  if (kind === "test") return { kind: "test", label: `test send of ${id}`, id, href: paths.template(id) };
  return { kind: "other", label: d.source, id: null, href: null };
}

/** The outbox page showing these filters with one message open (`?profile=…&open=<id>`). */
export function outboxHref(f: OutboxFilters, openId: string | null = null): string {
  const q = filtersToQuery(f);
  return `${paths.outbox}${openId ? `${q ? `${q}&` : "?"}open=${encodeURIComponent(openId)}` : q}`;
}

export type Part = { name: string; label: string; kind: "text" | "line" | "html" | "link" | "json"; value: string };

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/**
 * The message a delivery holds, part by part, whether it was rendered from a template (`subject`,
 * `html`, … as test sends store them) or written in the journey (`title`, `body`, `cta`).
 */
export function displayParts(d: Pick<Delivery, "channel" | "payload">): Part[] {
  const p = d.payload ?? {};
  const out: Part[] = [];
  const add = (name: string, label: string, kind: Part["kind"], value: unknown) => {
    const s = str(value);
    if (s !== null) out.push({ name, label, kind, value: s });
  };
  add("to", "To", "line", p.to);
  add("template", "Template", "line", p.template);
  add("subject", "Subject", "line", p.subject);
  add("preheader", "Preheader", "line", p.preheader);
  add("title", "Title", "line", p.title);
  add("html", "HTML", "html", typeof p.html === "string" ? withoutOpenPixel(p.html) : p.html);
  add("text", "Text part", "text", p.text);
  add("body", d.channel === "sms" ? "Message" : "Body", "text", p.body);
  add("url", "Link", "link", p.url);
  const cta = (p.cta ?? {}) as { label?: unknown; url?: unknown };
  add("ctaLabel", "Button", "line", p.ctaLabel ?? cta.label);
  add("ctaUrl", "Button link", "link", p.ctaUrl ?? cta.url);
  if (p.vars && typeof p.vars === "object" && Object.keys(p.vars).length) out.push({ name: "vars", label: "Journey variables", kind: "json", value: JSON.stringify(p.vars, null, 2) });
  return out;
}

/**
 * An email's HTML without the open pixel the edge added (`<img src="…/t/o/<token>.gif">`): showing
 * the message in the console must not count as the person opening it.
 */
export const withoutOpenPixel = (html: string) => html.replace(/<img\b[^>]*\bsrc="[^"]*\/t\/o\/[A-Za-z0-9_.-]+\.gif"[^>]*>/gi, "");

/** A one-line summary of the message for the table: its subject, title or body. */
export function summaryOf(d: Pick<Delivery, "channel" | "payload">): string {
  const p = d.payload ?? {};
  const s = str(p.subject) ?? str(p.title) ?? str(p.body) ?? str(p.template) ?? "";
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

/** The frame's document for an email's HTML: shown as the mail client would, nothing can run. */
export const emailFrame = (html: string) =>
  /<html[\s>]/i.test(html) ? html : `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:12px;font:15px/1.5 system-ui,sans-serif;color:#1d2330;background:#fff}img{max-width:100%}</style></head><body>${html}</body></html>`;
