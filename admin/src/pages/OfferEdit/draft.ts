// Converts between an offer as the API keeps it and the strings the form edits. Checks here are
// only those the request cannot be built without (a whole-number priority); every other rule is
// the server's, and its messages come back per field.
import type { Eligibility, Format, Offer, OfferInput, OfferStatus, Placement } from "../../lib/types";

export type RepDraft = { key: number; placement: string; format: Format; content: string; link: string; alt: string };

/** Who can see the offer: everyone, an audience's members, or (set through the API) a rule of its own, kept as it is. */
export type Viewers = "everyone" | "audience" | "rule";

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
};

// Stable keys let Preact keep focus in the right row when one is removed.
let nextKey = 1;

export function newRep(placement?: Placement): RepDraft {
  return { key: nextKey++, placement: placement?.id ?? "", format: placement?.format ?? "html", content: "", link: "", alt: "" };
}

export function emptyDraft(placements: Placement[]): OfferDraft {
  return { id: "", name: "", status: "draft", priority: "0", fallback: false, tags: "", who: "everyone", audience: "", representations: [newRep(placements[0])] };
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
 * the schedule, caps and an eligibility rule of its own (not shown in this form) are sent back as
 * they were, since PUT replaces the offer.
 */
export function inputFromDraft(draft: OfferDraft, original: Offer | null): Built {
  const priority = draft.priority.trim();
  if (!/^-?\d+$/.test(priority)) return { errors: { priority: "Enter a whole number, for example 10." } };
  if (draft.who === "audience" && !draft.audience) return { errors: { "eligibility.audience": "Choose the audience whose members can see the offer." } };

  const id = draft.id.trim();
  const input: OfferInput = {
    ...(id ? { id } : {}),
    name: draft.name.trim(),
    status: draft.status,
    priority: Number(priority),
    fallback: draft.fallback,
    tags: parseTags(draft.tags),
    caps: original?.caps ?? [],
    representations: draft.representations.map((r) => ({
      placement: r.placement,
      format: r.format,
      content: r.content,
      ...(r.link.trim() ? { link: r.link.trim() } : {}),
      ...(r.alt.trim() ? { alt: r.alt.trim() } : {}),
    })),
  };
  if (draft.who === "audience") input.eligibility = { audience: draft.audience };
  else if (draft.who === "rule" && original?.eligibility && "rule" in original.eligibility) input.eligibility = original.eligibility;
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
};

/** "representations.0.content" → "Representation 1, Content", for the error summary. */
export function labelForPath(path: string): string {
  const parts = path.split(".");
  if (parts[0] === "representations" && parts.length >= 2 && /^\d+$/.test(parts[1])) {
    const field = parts[2] ? `, ${FIELD_LABELS[parts[2]] ?? parts.slice(2).join(".")}` : "";
    return `Representation ${Number(parts[1]) + 1}${field}`;
  }
  if (parts[0] === "tags" && parts[1]) return `Tag ${Number(parts[1]) + 1}`;
  if (parts[0] === "eligibility" && parts[1] === "rule" && parts.length > 2) return `Eligibility rule, ${parts.slice(2).join(".")}`;
  return path ? (FIELD_LABELS[path] ?? path) : "Offer";
}
