// Collections page: named sets of offers chosen by their tags, which decisions draw from.
import { useModel, useSignalEffect } from "@preact/signals";
import { useLocation } from "preact-iso";
import { Notice } from "../../components/Notice";
import { formatCount, formatDateTime } from "../../lib/format";
import { paths } from "../../lib/paths";
import { session } from "../../lib/session";
import { CollectionsModel } from "./model";

export default function Collections() {
  const model = useModel(CollectionsModel);
  const { query } = useLocation();

  useSignalEffect(() => {
    void model.load(session.sandbox.value);
  });

  const { saved, deleted } = query;
  const items = model.items.value;
  return (
    <section>
      <div class="page-head">
        <h1>Collections</h1>
        <a class="button primary" href={paths.newCollection} data-testid="new-collection">
          New collection
        </a>
      </div>
      <p class="lead">A collection picks offers by their tags. Decisions draw their candidates from collections, so an offer tagged later joins without editing any decision.</p>
      {saved && (
        <Notice kind="ok" testId="collection-saved">
          Collection <strong>{saved}</strong> saved. Publish to use it at the edge.
        </Notice>
      )}
      {deleted && (
        <Notice kind="ok" testId="collection-deleted">
          Collection <strong>{deleted}</strong> deleted.
        </Notice>
      )}
      {model.error.value && <Notice kind="error">Could not load collections: {model.error.value}</Notice>}
      {model.loading.value && items.length === 0 ? (
        <p class="muted">Loading collections…</p>
      ) : items.length === 0 && !model.error.value ? (
        <p data-testid="collections-empty">
          No collections in sandbox <strong>{session.sandbox.value}</strong> yet. <a href={paths.newCollection}>Create the first one</a>.
        </p>
      ) : (
        <div class="table-wrap">
          <table data-testid="collections-table">
            <caption class="visually-hidden">Collections by name, with the tags they match and how many approved offers they select now</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Match</th>
                <th scope="col">Tags</th>
                <th scope="col" class="num">
                  <abbr title="Approved offers (not fallbacks) the tags select now">Size</abbr>
                </th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id} data-testid={`collection-row-${c.id}`} class={c.id === saved ? "highlight" : undefined}>
                  <th scope="row">
                    <a href={paths.collection(c.id)}>{c.name}</a>
                    <span class="muted id">{c.id}</span>
                  </th>
                  <td>{c.match === "all" ? "All of the tags" : "Any of the tags"}</td>
                  <td>
                    {c.tags.map((t) => (
                      <span key={t} class="chip chip-static">
                        {t}
                      </span>
                    ))}
                  </td>
                  <td class="num" data-testid="collection-size">
                    {formatCount(c.size)}
                  </td>
                  <td class="nowrap">{formatDateTime(c.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
