// The campaign form's state as typed, and the API body built from it. Only what the body cannot
// be built without is checked here (a date that is not one); the server checks the rest and
// names the field (`schedule.at`), which `fieldOf` maps back to the control showing it.
import { fromLocalInput, toLocalInput } from "../../lib/format";
import type { Campaign, CampaignInput, CampaignKind, CampaignPurpose, CampaignSchedule, MessageChannel, ScheduleEvery } from "../../lib/types";

export type ScheduleChoice = "none" | "once" | "recurring";

export type CampaignDraft = {
  id: string;
  name: string;
  description: string;
  kind: CampaignKind;
  purpose: CampaignPurpose;
  channel: MessageChannel;
  template: string;
  /** Empty: no decision. */
  decision: string;
  audience: string;
  schedule: ScheduleChoice;
  /** A `datetime-local` value, in the viewer's time zone. */
  onceAt: string;
  every: ScheduleEvery;
  /** `HH:MM`, UTC; empty for the start of the hour or day. */
  time: string;
  /** A `datetime-local` value; empty for no end. */
  until: string;
};

export type DraftField = keyof CampaignDraft;

export const emptyCampaignDraft = (): CampaignDraft => ({
  id: "", name: "", description: "", kind: "scheduled", purpose: "marketing", channel: "email", template: "", decision: "", audience: "",
  schedule: "none", onceAt: "", every: "day", time: "09:00", until: "",
});

export function draftFromCampaign(c: Campaign): CampaignDraft {
  const s = c.schedule;
  return {
    ...emptyCampaignDraft(),
    id: c.id, name: c.name, description: c.description ?? "", kind: c.kind, purpose: c.purpose, channel: c.channel, template: c.template,
    decision: c.decision ?? "", audience: c.audience ?? "",
    schedule: s ? s.kind : "none",
    ...(s?.kind === "once" ? { onceAt: toLocalInput(s.at) } : {}),
    ...(s?.kind === "recurring" ? { every: s.every, time: s.at ?? "", until: s.until === undefined ? "" : toLocalInput(s.until) } : {}),
  };
}

function scheduleOf(d: CampaignDraft, errors: Partial<Record<DraftField, string>>): CampaignSchedule | null {
  if (d.kind !== "scheduled" || d.schedule === "none") return null;
  if (d.schedule === "once") {
    const at = fromLocalInput(d.onceAt);
    if (Number.isNaN(at)) errors.onceAt = "Choose the date and time to send it";
    return { kind: "once", at };
  }
  const until = d.until ? fromLocalInput(d.until) : undefined;
  if (until !== undefined && Number.isNaN(until)) errors.until = "Choose a date and time, or leave it empty";
  return { kind: "recurring", every: d.every, ...(d.time.trim() ? { at: d.time.trim() } : {}), ...(until !== undefined ? { until } : {}) };
}

export type BuiltInput = { input: CampaignInput; errors?: undefined } | { input?: undefined; errors: Partial<Record<DraftField, string>> };

/** The body of POST (with the id when typed) or PUT; optional fields left empty are sent as null. */
export function inputFromDraft(d: CampaignDraft): BuiltInput {
  const errors: Partial<Record<DraftField, string>> = {};
  const schedule = scheduleOf(d, errors);
  if (Object.keys(errors).length) return { errors };
  const input: CampaignInput = {
    ...(d.id.trim() ? { id: d.id.trim() } : {}),
    name: d.name.trim(),
    description: d.description.trim() || null,
    kind: d.kind,
    purpose: d.purpose,
    channel: d.channel,
    template: d.template,
    decision: d.decision || null,
    audience: d.kind === "scheduled" ? d.audience || null : null,
    schedule,
  };
  return { input };
}

/** The draft field an API path is about (`schedule.at` is the date of a one-off send, the time of a recurring one). */
export function fieldOf(path: string, d: CampaignDraft): DraftField | null {
  const [head, sub] = path.split(".");
  if (head === "schedule") {
    if (sub === "at") return d.schedule === "once" ? "onceAt" : "time";
    if (sub === "until") return "until";
    if (sub === "every") return "every";
    return "schedule";
  }
  const direct: DraftField[] = ["id", "name", "description", "kind", "purpose", "channel", "template", "decision", "audience"];
  return direct.find((f) => f === head) ?? null;
}

/** API messages by the field showing them; a path no field shows keeps its own key, so none is lost. */
export function errorsByField(issues: readonly { path: string; message: string }[], d: CampaignDraft): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { path, message } of issues) out[fieldOf(path, d) ?? (path || "campaign")] ??= message;
  return out;
}

export const FIELD_LABELS: Record<string, string> = {
  id: "Campaign id", name: "Name", description: "Description", kind: "Kind", purpose: "Purpose", channel: "Channel", template: "Template", decision: "Decision",
  audience: "Audience", schedule: "Schedule", onceAt: "Send at", every: "Every", time: "At (UTC)", until: "Until", status: "Status", campaign: "Campaign",
};

/** The id of the control showing a field, for the error summary's links. */
export const fieldIdOf = (field: string) => `campaign-${field}`;
