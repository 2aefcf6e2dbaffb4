// Publications page: every snapshot published for the current sandbox, newest first.
import { useSignalEffect } from "@preact/signals";
import { Notice } from "../../components/Notice";
import { formatDateTime, formatSummary } from "../../lib/format";
import { publications } from "../../lib/publications";
import { session } from "../../lib/session";

export default function Publications() {
  useSignalEffect(() => {
    void publications.load(session.sandbox.value);
  });

  const items = publications.items.value;
  return (
    <section>
      <h1>Publications</h1>
      <p class="lead">
        Publish compiles the sandbox's approved offers into a snapshot; the edge serves the newest one within about a second.
      </p>
      {publications.error.value && <Notice kind="error">Could not load publications: {publications.error.value}</Notice>}
      {publications.loading.value && items.length === 0 ? (
        <p class="muted">Loading publications…</p>
      ) : items.length === 0 ? (
        <p data-testid="publications-empty">Nothing published yet. Use Publish in the top bar.</p>
      ) : (
        <div class="table-wrap">
          <table data-testid="publications-table">
            <thead>
              <tr>
                <th scope="col" class="num">
                  Version
                </th>
                <th scope="col">Published</th>
                <th scope="col">Contents</th>
                <th scope="col">Checksum</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.version} data-testid={`publication-${p.version}`}>
                  <th scope="row" class="num">
                    {p.version}
                  </th>
                  <td class="nowrap">{formatDateTime(p.publishedAt)}</td>
                  <td>{formatSummary(p.summary)}</td>
                  <td>{p.checksum ? <code title={p.checksum}>{p.checksum.slice(0, 12)}</code> : <span class="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
