// The simulator's answer: for each placement, what it would show, how each criterion went, and a
// table of every candidate. Chosen rows are highlighted and say so in words; ineligible rows
// give the reason.
import { formatDateTime } from "../../lib/format";
import { paths } from "../../lib/paths";
import type { SimulatedPlacement, Simulation } from "../../lib/types";
import { criterionLine, outcome, simRows } from "./simulation";

type Props = { result: Simulation; stale: boolean; offerName: (id: string) => string; collectionName: (id: string) => string };

export function SimulationResult({ result, stale, offerName, collectionName }: Props) {
  const who = result.profile.id ? (result.profile.found ? `profile ${result.profile.id}` : `profile ${result.profile.id} (not found: judged as new)`) : "a new visitor";
  return (
    <div class="sim-result" data-testid="simulation" aria-live="polite">
      <p class="sim-who">
        For <strong data-testid="sim-profile">{who}</strong> at {formatDateTime(result.at)}
        {stale && <span class="muted"> — run on the saved decision, not the unsaved changes</span>}.
      </p>
      {result.placements.map((p) => (
        <PlacementResult key={p.placement} p={p} offerName={(id) => p.offers.find((o) => o.offerId === id)?.name ?? offerName(id)} collectionName={collectionName} />
      ))}
    </div>
  );
}

function PlacementResult({ p, offerName, collectionName }: { p: SimulatedPlacement; offerName: (id: string) => string; collectionName: (id: string) => string }) {
  const out = outcome(p, offerName);
  const rows = simRows(p);
  const headingId = `sim-${p.placement}`;
  return (
    <section class="sim-placement" aria-labelledby={headingId} data-testid={`sim-placement-${p.placement}`}>
      <h3 id={headingId}>
        Placement <code>{p.placement}</code>
      </h3>
      <p class={`sim-outcome sim-outcome-${out.kind}`} data-testid="sim-outcome" data-kind={out.kind}>
        {out.text}
      </p>
      <ul class="plain-list sim-criteria">
        {p.criteria.map((c) => (
          <li key={c.index} class={c.qualified ? undefined : "muted"} data-testid="sim-criterion">
            {criterionLine(c, p, collectionName)}
          </li>
        ))}
      </ul>
      {rows.length === 0 ? (
        <p class="muted">No candidate: the criteria's collections hold no approved offer with content for this placement.</p>
      ) : (
        <div class="table-wrap">
          <table class="sim-table" data-testid="sim-table">
            <caption class="visually-hidden">Candidates for {p.placement}, in the order the criteria looked at them</caption>
            <thead>
              <tr>
                <th scope="col">Offer</th>
                <th scope="col">Criterion</th>
                <th scope="col">Eligible</th>
                <th scope="col">Reason</th>
                <th scope="col" class="num">
                  Score
                </th>
                <th scope="col" class="num">
                  Rank
                </th>
                <th scope="col">Chosen</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr
                  key={`${r.criterion}:${r.offerId}`}
                  class={r.chosen ? "sim-chosen" : r.eligible ? undefined : "sim-ineligible"}
                  data-testid={`sim-row-${r.offerId}`}
                  data-chosen={String(r.chosen)}
                  data-eligible={String(r.eligible)}
                >
                  <th scope="row">
                    <a href={paths.offer(r.offerId)}>{r.name}</a>
                    <span class="muted id">{r.offerId}</span>
                  </th>
                  <td>
                    {r.criterion + 1} <span class="muted">· {collectionName(p.criteria.find((c) => c.index === r.criterion)?.collection ?? "")}</span>
                  </td>
                  <td class="nowrap">{r.eligible ? <span class="verdict-yes">✓ Yes</span> : <span class="verdict-no">✗ No</span>}</td>
                  <td data-testid="sim-reason">{r.reason ?? (r.eligible && !r.chosen ? <span class="muted">Eligible, not needed</span> : <span class="muted">—</span>)}</td>
                  <td class="num">{r.scoreText}</td>
                  <td class="num">{r.rankText}</td>
                  <td class="nowrap" data-testid="sim-chosen">
                    {r.chosen ? <strong>✓ Chosen</strong> : <span class="muted">—</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
