// A placement as the form edits it, and the body sent for it.
import type { Channel, Format, Placement, PlacementInput, RenderAction } from "../../lib/types";

/** `action` "" follows each offer's format. */
export type PlacementDraft = { id: string; name: string; channel: Channel; format: Format; selector: string; action: RenderAction | "" };

export const emptyPlacementDraft = (): PlacementDraft => ({ id: "", name: "", channel: "web", format: "html", selector: "", action: "" });

export function draftFromPlacement(p: Placement): PlacementDraft {
  return { id: p.id, name: p.name, channel: p.channel, format: p.format, selector: p.selector ?? "", action: p.action ?? "" };
}

/** The body to send: an empty selector or action is sent as null, so an edit can clear them. */
export function inputFromPlacementDraft(d: PlacementDraft): Omit<PlacementInput, "id"> {
  return { name: d.name.trim(), channel: d.channel, format: d.format, selector: d.selector.trim() || null, action: d.action || null };
}

