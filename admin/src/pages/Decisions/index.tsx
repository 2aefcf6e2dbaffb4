// Decisions page: what fills each placement, criterion by criterion, and the way in to create,
// edit or simulate one.
import { useModel, useSignalEffect } from "@preact/signals";
import { useLocation } from "preact-iso";
import { Notice } from "../../components/Notice";
import { formatDateTime } from "../../lib/format";
import { paths } from "../../lib/paths";
import { session } from "../../lib/session";
import { DecisionsModel, rankingWords } from "./model";

export default function Decisions() {
  const model = useModel(DecisionsModel);
  const { query } = useLocation();

  useSignalEffect(() => {
    void model.load(session.sandbox.value);
  });

  const items = model.items.value;
  return (
    <section>
      <div class="page-head">
        <h1>Decisions</h1>
        <a class="button primary" href={paths.newDecision} data-testid="new-decision">
          New decision
        </a>
      </div>
      <p class="lead">
        A decision says how its placements are filled: ordered criteria, each a collection of offers, who it is for and how to rank them. Open one to simulate it for a visitor.
      </p>
      {query.deleted && (
        <Notice kind="ok" testId="decision-deleted">
          Decision <strong>{query.deleted}</strong> deleted.
        </Notice>
      )}
      {model.error.value && <Notice kind="error">Could not load decisions: {model.error.value}</Notice>}
      {model.loading.value && items.length === 0 ? (
        <p class="muted">Loading decisions…</p>
      ) : items.length === 0 && !model.error.value ? (
        <p data-testid="decisions-empty">
          No decisions in sandbox <strong>{session.sandbox.value}</strong> yet. <a href={paths.newDecision}>Create the first one</a>.
        </p>
      ) : (
        <div class="table-wrap">
          <table data-testid="decisions-table">
            <caption class="visually-hidden">Decisions by name, with their placements and criteria</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Placements and criteria</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} data-testid={`decision-row-${d.id}`}>
                  <th scope="row">
                    <a href={paths.decision(d.id)}>{d.name}</a>
                    <span class="muted id">{d.id}</span>
                  </th>
                  <td>
                    <ul class="plain-list">
                      {d.placements.map((p) => (
                        <li key={p.placement}>
                          <code>{p.placement}</code>: {p.items} {p.items === 1 ? "item" : "items"} from{" "}
                          {p.criteria.map((c, i) => (
                            <span key={i}>
                              {i > 0 && ", then "}
                              {c.collection} <span class="muted">({rankingWords(c.ranking)}{c.eligibility ? ", for some" : ""})</span>
                            </span>
                          ))}
                          {p.fallback && <span class="muted">; fallback {p.fallback}</span>}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td class="nowrap">{formatDateTime(d.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
