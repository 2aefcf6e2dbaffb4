// The parts each channel's template takes (edge/src/content/schemas.ts), how the editor shows
// them, and the content sent to the API: only the channel's parts, optional ones left out when
// empty (an empty text part would be refused; left out, it is derived from the HTML).
import type { MessageChannel } from "../../lib/types";

export type PartSpec = { name: string; label: string; kind: "line" | "html" | "text" | "link"; required: boolean; hint?: string };

export const CHANNEL_PARTS: Record<MessageChannel, PartSpec[]> = {
  email: [
    { name: "subject", label: "Subject", kind: "line", required: true },
    { name: "preheader", label: "Preheader", kind: "line", required: false, hint: "The preview line mail apps show after the subject." },
    { name: "html", label: "HTML", kind: "html", required: true, hint: "Values are HTML-escaped; print trusted markup (an offer's content) with | raw." },
    { name: "text", label: "Plain text", kind: "text", required: false, hint: "Leave empty to make it from the HTML." },
  ],
  sms: [{ name: "body", label: "Message", kind: "text", required: true }],
  push: [
    { name: "title", label: "Title", kind: "line", required: true },
    { name: "body", label: "Message", kind: "text", required: true },
    { name: "url", label: "Link", kind: "link", required: false, hint: "An http(s) URL or a path starting with /." },
  ],
  "in-app": [
    { name: "title", label: "Title", kind: "line", required: false },
    { name: "body", label: "Message", kind: "text", required: true },
    { name: "ctaLabel", label: "Button label", kind: "line", required: false, hint: "A call to action needs both a label and a link." },
    { name: "ctaUrl", label: "Button link", kind: "link", required: false },
  ],
  web: [],
};
CHANNEL_PARTS.web = CHANNEL_PARTS["in-app"];

/** The content for the channel: its parts only, empty optional ones left out. */
export function contentFor(channel: MessageChannel, parts: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of CHANNEL_PARTS[channel]) {
    const value = parts[spec.name] ?? "";
    if (value.trim() || spec.required) out[spec.name] = value;
  }
  return out;
}

/** Field errors the API gives at `content.<part>` or the part itself, per part; the rest stay apart. */
export function partErrors(errors: Record<string, string>, channel: MessageChannel): { parts: Record<string, string>; other: Record<string, string> } {
  const names = new Set(CHANNEL_PARTS[channel].map((p) => p.name));
  const parts: Record<string, string> = {};
  const other: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const name = path.startsWith("content.") ? path.slice("content.".length) : null;
    if (name && names.has(name)) parts[name] = message;
    else other[path] = message;
  }
  return { parts, other };
}

export const SAMPLE_PROFILE = `{\n  "firstName": "Ada",\n  "email": "ada@example.com"\n}`;
