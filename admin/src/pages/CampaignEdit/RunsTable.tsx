// A campaign's runs, latest first: state, progress (ranges of the audience read, then messages
// settled) and counts. While a run is going, it is read again every 2 seconds; reading stops
// when every run is done or failed, and when the page is left.
import { useEffect } from "preact/hooks";
import { formatCount, formatDateTime, formatTime } from "../../lib/format";
import type { CampaignRun } from "../../lib/types";
import { runStateClass, settled } from "../Campaigns/model";
import { type CampaignEditState, isRunning } from "./model";

const POLL_MS = 2000;
const COUNTED = ["targeted", "queued", "sent", "failed", "blocked", "opened", "clicked"] as const;
const TRIGGERS: Record<CampaignRun["trigger"], string> = { schedule: "schedule", manual: "sent by hand", api: "trigger API" };

export function RunsTable({ model }: { model: CampaignEditState }) {
  const runs = model.runs.value;
  const going = runs.filter(isRunning).map((r) => r.id).join(" ");

  useEffect(() => {
    if (!going) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") void model.refreshRuns();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [going]);

  return (
    <section aria-labelledby="runs-heading" data-testid="campaign-runs">
      <h2 id="runs-heading">Runs</h2>
      <p class="hint" role="status" data-testid="runs-status">
        {going ? `Following ${going.split(" ").length === 1 ? "the run" : "the runs"} in progress: read every 2 seconds.` : runs.length ? "Every run has finished." : ""}
      </p>
      {model.pollError.value && <p class="field-error">Could not read the run: {model.pollError.value}</p>}
      {runs.length === 0 ? (
        <p class="muted" data-testid="runs-empty">
          Not sent yet.
        </p>
      ) : (
        <div class="table-wrap">
          <table data-testid="runs-table">
            <caption class="visually-hidden">Runs of the campaign, latest first, with their state, progress and message counts</caption>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">State</th>
                <th scope="col">Progress</th>
                {COUNTED.map((k) => (
                  <th key={k} scope="col" class="num">
                    {k}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} data-testid={`run-row-${r.id}`} data-state={r.state}>
                  <th scope="row" class="nowrap">
                    {formatDateTime(r.startedAt)}
                    <span class="muted id">
                      {r.id} · {TRIGGERS[r.trigger]}
                      {r.trigger === "schedule" && ` for ${formatTime(r.scheduledFor)}`}
                    </span>
                  </th>
                  <td>
                    <span class={runStateClass(r.state)} data-testid="run-state">
                      {r.state}
                    </span>
                    {r.error && <span class="field-error description">{r.error}</span>}
                  </td>
                  <td>
                    <RunProgress run={r} />
                  </td>
                  {COUNTED.map((k) => (
                    <td key={k} class="num" data-testid={`run-${k}`}>
                      {formatCount(r.counts[k])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** While reading: ranges read of all; then messages settled of those targeted. */
function RunProgress({ run }: { run: CampaignRun }) {
  if (run.state === "reading audience" && run.parts) {
    const label = `Audience read: ${run.partsDone} of ${run.parts} ${run.parts === 1 ? "range" : "ranges"}`;
    return (
      <>
        <progress class="run-progress" max={run.parts} value={run.partsDone} aria-label={label} data-testid="run-progress" />
        <span class="muted id">{label}</span>
      </>
    );
  }
  const { targeted } = run.counts;
  if (targeted === 0) return <span class="muted">{run.state === "done" ? "nobody to send to" : "—"}</span>;
  const done = Math.min(settled(run.counts), targeted);
  const label = `Messages settled: ${formatCount(done)} of ${formatCount(targeted)}`;
  return (
    <>
      <progress class="run-progress" max={targeted} value={done} aria-label={label} data-testid="run-progress" />
      <span class="muted id">{label}</span>
    </>
  );
}
