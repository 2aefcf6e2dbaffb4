// Campaigns page (/admin/campaigns): every campaign of the sandbox with its status, schedule,
// latest run and what became of its messages, and the way in to create one.
import { useModel, useSignalEffect } from "@preact/signals";
import { useLocation } from "preact-iso";
import { Notice } from "../../components/Notice";
import { formatCount, formatDateTime } from "../../lib/format";
import { paths } from "../../lib/paths";
import { session } from "../../lib/session";
import type { CampaignSummary } from "../../lib/types";
import { CountsBar } from "./CountsBar";
import { CampaignsModel, KIND_LABELS, runStateClass, scheduleInWords } from "./model";

const COUNTED = ["targeted", "sent", "failed", "blocked", "clicked"] as const;

export default function Campaigns() {
  const model = useModel(CampaignsModel);
  const { query } = useLocation();

  useSignalEffect(() => {
    void model.load(session.sandbox.value);
  });

  const items = model.items.value;
  return (
    <section>
      <div class="page-head">
        <h1>Campaigns</h1>
        <a class="button primary" href={paths.newCampaign} data-testid="new-campaign">
          New campaign
        </a>
      </div>
      <p class="lead">
        A campaign sends one message: to an audience on a schedule or when you press <strong>Send now</strong>, or to the people a server names through its trigger API (order
        confirmations, password resets). Its messages appear in the <a href={paths.outbox}>outbox</a>.
      </p>
      {query.deleted && (
        <Notice kind="ok" testId="campaign-deleted">
          Campaign <strong>{query.deleted}</strong> deleted.
        </Notice>
      )}
      {model.error.value && <Notice kind="error">Could not load campaigns: {model.error.value}</Notice>}
      {model.loading.value && items.length === 0 ? (
        <p class="muted">Loading campaigns…</p>
      ) : items.length === 0 && !model.error.value ? (
        <p data-testid="campaigns-empty">
          No campaigns in sandbox <strong>{session.sandbox.value}</strong> yet. <a href={paths.newCampaign}>Create the first one</a>.
        </p>
      ) : (
        <div class="table-wrap">
          <table data-testid="campaigns-table">
            <caption class="visually-hidden">Campaigns by name, with their channel and kind, status, schedule, latest run and message counts over every run</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Channel</th>
                <th scope="col">Status</th>
                <th scope="col">Schedule</th>
                <th scope="col">Last run</th>
                {COUNTED.map((k) => (
                  <th key={k} scope="col" class="num">
                    {k}
                  </th>
                ))}
                <th scope="col">Delivered</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <CampaignRow key={c.id} c={c} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CampaignRow({ c }: { c: CampaignSummary }) {
  return (
    <tr data-testid={`campaign-row-${c.id}`}>
      <th scope="row">
        <a href={paths.campaign(c.id)}>{c.name}</a>
        <span class="muted id">{c.id}</span>
        {c.description && <span class="muted description">{c.description}</span>}
      </th>
      <td>
        {c.channel}
        <span class="muted description">{KIND_LABELS[c.kind]}</span>
      </td>
      <td>
        <span class={`badge badge-${c.status}`} data-testid="campaign-status">
          {c.status}
        </span>
      </td>
      <td>{scheduleInWords(c.kind, c.schedule)}</td>
      <td class="nowrap">
        {c.lastRun ? (
          <>
            <span class={runStateClass(c.lastRun.state)} data-testid="campaign-last-run">
              {c.lastRun.state}
            </span>
            <span class="muted id">{formatDateTime(c.lastRun.startedAt)}</span>
          </>
        ) : (
          <span class="muted">never run</span>
        )}
      </td>
      {COUNTED.map((k) => (
        <td key={k} class="num" data-testid={`campaign-${k}`}>
          {formatCount(c.counts[k])}
        </td>
      ))}
      <td>
        <CountsBar counts={c.counts} />
      </td>
    </tr>
  );
}
