// The campaigns of one sandbox by name, and how a campaign's schedule, kind and counts read in
// words (the editor uses the same wording).
import { createModel } from "@preact/signals";
import { listCampaigns } from "../../lib/api";
import { formatCount, formatDateTime } from "../../lib/format";
import { listLoader } from "../../lib/list-loader";
import type { CampaignCounts, CampaignKind, CampaignRun, CampaignSchedule, CampaignSummary } from "../../lib/types";

const byName = (a: CampaignSummary, b: CampaignSummary) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

export const CampaignsModel = createModel(() => listLoader<CampaignSummary>(async (sb) => [...(await listCampaigns(sb))].sort(byName)));

export const KIND_LABELS: Record<CampaignKind, string> = { scheduled: "Scheduled", api: "API-triggered" };

/** "Every day at 09:00 UTC, until …"; a scheduled campaign without a schedule is sent by hand. */
export function scheduleInWords(kind: CampaignKind, s: CampaignSchedule | null): string {
  if (kind === "api") return "When its API is called";
  if (!s) return "Only when sent by hand";
  if (s.kind === "once") return `Once, ${formatDateTime(s.at)}`;
  const at = s.at ?? "00:00";
  const when = s.every === "hour" ? `Every hour at minute ${at.slice(3)}` : s.every === "day" ? `Every day at ${at} UTC` : `Every Monday at ${at} UTC`;
  return s.until === undefined ? when : `${when}, until ${formatDateTime(s.until)}`;
}

/** The badge class of a run's state ("reading audience" has a space). */
export const runStateClass = (state: CampaignRun["state"]) => `badge badge-run-${state.split(" ")[0]}`;

/** The messages a run has settled (sent, failed or blocked) out of those it targets. */
export const settled = (c: CampaignCounts) => c.sent + c.failed + c.blocked;

/** What the counts bar says, for screen readers and as its tooltip. */
export function countsInWords(c: CampaignCounts): string {
  if (c.targeted === 0) return "Nobody targeted yet";
  const waiting = Math.max(0, c.targeted - settled(c));
  return `${formatCount(c.sent)} sent, ${formatCount(c.failed)} failed, ${formatCount(c.blocked)} blocked, ${formatCount(waiting)} waiting, of ${formatCount(c.targeted)} targeted`;
}

/** The bar's segments as percentages of the targeted; what is not settled yet is left empty. */
export function countSegments(c: CampaignCounts): { kind: "sent" | "failed" | "blocked"; percent: number }[] {
  const total = Math.max(c.targeted, settled(c));
  if (total === 0) return [];
  return (["sent", "failed", "blocked"] as const).filter((k) => c[k] > 0).map((kind) => ({ kind, percent: (c[kind] / total) * 100 }));
}
