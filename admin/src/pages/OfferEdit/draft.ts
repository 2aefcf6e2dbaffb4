// Converts between an offer as the API keeps it and the strings the form edits. Checks here are
// only those the request cannot be built without (a whole-number priority, a cap's limit, a
// number attribute); every other rule is the server's, and its messages come back per field.
import type { Viewers } from "../../components/EligibilityFields";
import type { Eligibility, Format, Offer, OfferInput, OfferStatus, Placement } from "../../lib/types";
import { type AttrDraft, attrsFromRecord, recordFromAttrs } from "./attributes";
import { type CapDraft, capFromRule, ruleFromCap } from "./caps";

export type RepDraft = { key: number; placement: string; format: Format; content: string; link: string; alt: string };

/** Who can see the offer: everyone, an audience's members, or (set through the API) a rule of its own, kept as it is. */
export type { Viewers };

export type OfferDraft = {
  id: string;
  name: string;
  status: OfferStatus;
  priority: string;
  fallback: boolean;
  tags: string;
  who: Viewers;
  /** The audience's id when `who` is "audience". */
  audience: string;
  representations: RepDraft[];
  /** Capping rules; not sent for a fallback offer, which the API refuses them for. */
  caps: CapDraft[];
  attributes: AttrDraft[];
};

// Stable keys let Preact keep focus in the right row when one is removed.
let nextKey = 1;

export function newRep(placement?: Placement): RepDraft {
  return { key: nextKey++, placement: placement?.id ?? "", format: placement?.format ?? "html", content: "", link: "", alt: "" };
}

export function emptyDraft(placements: Placement[]): OfferDraft {
  return { id: "", name: "", status: "draft", priority: "0", fallback: false, tags: "", who: "everyone", audience: "", representations: [newRep(placements[0])], caps: [], attributes: [] };
}

export function draftFromOffer(offer: Offer): OfferDraft {
  return {
    id: offer.id,
    name: offer.name,
    status: offer.status,
    priority: String(offer.priority),
    fallback: offer.fallback,
    tags: offer.tags.join(", "),
    ...whoFromEligibility(offer.eligibility),
    representations: offer.representations.map((r) => ({
      key: nextKey++,
      placement: r.placement,
      format: r.format,
      content: r.content,
      link: r.link ?? "",
      alt: r.alt ?? "",
    })),
    caps: offer.caps.map(capFromRule),
    attributes: attrsFromRecord(offer.attributes),
  };
}

function whoFromEligibility(eligibility: Eligibility | null | undefined): Pick<OfferDraft, "who" | "audience"> {
  if (!eligibility) return { who: "everyone", audience: "" };
  return "audience" in eligibility ? { who: "audience", audience: eligibility.audience } : { who: "rule", audience: "" };
}

/** "seasonal, spring ,, seasonal" → ["seasonal", "spring"]. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(",").map((t) => t.trim()).filter(Boolean))];
}

type Built = { input: OfferInput; errors?: undefined } | { input?: undefined; errors: Record<string, string> };

/**
 * The request body. Empty optional fields are left out rather than sent as "" or null; on edit,
 * the schedule and an eligibility rule of its own (not shown in this form) are sent back as they
 * were, since PUT replaces the offer. A fallback offer is sent without caps or eligibility, which
 * the API refuses for it.
 */
export function inputFromDraft(draft: OfferDraft, original: Offer | null): Built {
  const errors: Record<string, string> = {};
  const priority = draft.priority.trim();
  if (!/^-?\d+$/.test(priority)) errors.priority = "Enter a whole number, for example 10.";
  if (!draft.fallback && draft.who === "audience" && !draft.audience) errors["eligibility.audience"] = "Choose the audience whose members can see the offer.";
  const caps = draft.fallback ? [] : draft.caps.map((cap, i) => ruleFromCap(cap, i));
  for (const built of caps) Object.assign(errors, built.errors);
  const attributes = recordFromAttrs(draft.attributes);
  Object.assign(errors, attributes.errors);
  if (Object.keys(errors).length) return { errors };

  const id = draft.id.trim();
  const input: OfferInput = {
    ...(id ? { id } : {}),
    name: draft.name.trim(),
    status: draft.status,
    priority: Number(priority),
    fallback: draft.fallback,
    tags: parseTags(draft.tags),
    caps: caps.map((c) => c.rule!),
    attributes: attributes.value!,
    representations: draft.representations.map((r) => ({
      placement: r.placement,
      format: r.format,
      content: r.content,
      ...(r.link.trim() ? { link: r.link.trim() } : {}),
      ...(r.alt.trim() ? { alt: r.alt.trim() } : {}),
    })),
  };
  if (!draft.fallback) {
    if (draft.who === "audience") input.eligibility = { audience: draft.audience };
    else if (draft.who === "rule" && original?.eligibility && "rule" in original.eligibility) input.eligibility = original.eligibility;
  }
  if (original?.startAt != null) input.startAt = original.startAt;
  if (original?.endAt != null) input.endAt = original.endAt;
  return { input };
}

const FIELD_LABELS: Record<string, string> = {
  id: "Offer id",
  name: "Name",
  status: "Status",
  priority: "Priority",
  fallback: "Fallback offer",
  tags: "Tags",
  eligibility: "Who can see it",
  "eligibility.audience": "Audience",
  "eligibility.rule": "Eligibility rule",
  representations: "Representations",
  placement: "Placement",
  format: "Format",
  content: "Content",
  link: "Link",
  alt: "Alt text",
  startAt: "Start",
  endAt: "End",
  caps: "Caps",
  attributes: "Attributes",
};

const CAP_FIELDS: Record<string, string> = {
  counts: "What it counts",
  scope: "Counted",
  limit: "Limit",
  perPlacement: "Per placement",
  period: "Period",
  "period.hours": "Hours",
  "period.timeZone": "Time zone",
  "period.unit": "Period",
};

/** "representations.0.content" → "Representation 1, Content", for the error summary. */
export function labelForPath(path: string): string {
  const parts = path.split(".");
  if (parts[0] === "representations" && parts.length >= 2 && /^\d+$/.test(parts[1])) {
    const field = parts[2] ? `, ${FIELD_LABELS[parts[2]] ?? parts.slice(2).join(".")}` : "";
    return `Representation ${Number(parts[1]) + 1}${field}`;
  }
  if (parts[0] === "tags" && parts[1]) return `Tag ${Number(parts[1]) + 1}`;
  if (parts[0] === "caps" && parts.length >= 2 && /^\d+$/.test(parts[1])) {
    const rest = parts.slice(2).join(".");
    return `Cap ${Number(parts[1]) + 1}${rest ? `, ${CAP_FIELDS[rest] ?? rest}` : ""}`;
  }
  if (parts[0] === "attributes" && parts.length === 3 && /^\d+$/.test(parts[1])) return `Attribute ${Number(parts[1]) + 1}, ${parts[2] === "name" ? "Name" : "Value"}`;
  if (parts[0] === "attributes" && parts.length === 2) return `Attribute ${parts[1]}`;
  if (parts[0] === "eligibility" && parts[1] === "rule" && parts.length > 2) return `Eligibility rule, ${parts.slice(2).join(".")}`;
  return path ? (FIELD_LABELS[path] ?? path) : "Offer";
}
