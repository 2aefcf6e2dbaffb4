// Templates page (/admin/templates): what messages say per channel, and the fragments they share.
import { useSignalEffect } from "@preact/signals";
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { Notice } from "../../components/Notice";
import { listFragments, listTemplates } from "../../lib/api";
import { messageOf } from "../../lib/api-error";
import { formatDateTime } from "../../lib/format";
import { paths } from "../../lib/paths";
import { session } from "../../lib/session";
import type { Fragment, MessageTemplate } from "../../lib/types";

export default function Templates() {
  const { query } = useLocation();
  const [templates, setTemplates] = useState<MessageTemplate[] | null>(null);
  const [fragments, setFragments] = useState<Fragment[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useSignalEffect(() => {
    const sb = session.sandbox.value;
    let live = true;
    setError(null);
    Promise.all([listTemplates(sb), listFragments(sb)])
      .then(([t, f]) => {
        if (!live) return;
        setTemplates(t);
        setFragments(f);
      })
      .catch((err) => live && setError(messageOf(err)));
    return () => {
      live = false;
    };
  });

  const { saved, deleted } = query;
  return (
    <section>
      <div class="page-head">
        <h1>Templates</h1>
        <p class="actions tight-top">
          <a class="button primary" href={paths.newTemplate} data-testid="new-template">
            New template
          </a>
          <a class="button" href={paths.newFragment} data-testid="new-fragment">
            New fragment
          </a>
        </p>
      </div>
      <p class="lead">A template is what a journey's message says on its channel, personalised with the person's profile and the journey's variables. Fragments are blocks templates share — a footer, a legal line.</p>
      {saved && <Notice kind="ok">Saved <strong>{saved}</strong>.</Notice>}
      {deleted && <Notice kind="ok" testId="template-deleted">Deleted <strong>{deleted}</strong>.</Notice>}
      {error && <Notice kind="error">Could not load templates: {error}</Notice>}
      <h2>Message templates</h2>
      {templates === null ? (
        <p class="muted">Loading…</p>
      ) : templates.length === 0 ? (
        <p data-testid="templates-empty">
          No templates yet. <a href={paths.newTemplate}>Write the first one</a>.
        </p>
      ) : (
        <div class="table-wrap">
          <table data-testid="templates-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Channel</th>
                <th scope="col">Says</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {templates.map((t) => (
                <tr key={t.id} data-testid={`template-row-${t.id}`} class={t.id === saved ? "highlight" : undefined}>
                  <th scope="row">
                    <a href={paths.template(t.id)}>{t.name}</a>
                    <span class="muted id">{t.id}</span>
                  </th>
                  <td>{t.channel}</td>
                  <td class="muted">{t.content.subject ?? t.content.title ?? t.content.body ?? ""}</td>
                  <td class="nowrap">{formatDateTime(t.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Fragments</h2>
      {fragments === null ? (
        <p class="muted">Loading…</p>
      ) : fragments.length === 0 ? (
        <p data-testid="fragments-empty">
          No fragments yet. Include one in a template with <code>{'{% fragment "footer" %}'}</code>. <a href={paths.newFragment}>Create one</a>.
        </p>
      ) : (
        <div class="table-wrap">
          <table data-testid="fragments-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Include with</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {fragments.map((f) => (
                <tr key={f.id} data-testid={`fragment-row-${f.id}`} class={f.id === saved ? "highlight" : undefined}>
                  <th scope="row">
                    <a href={paths.fragment(f.id)}>{f.name}</a>
                  </th>
                  <td>
                    <code>{`{% fragment "${f.id}" %}`}</code>
                  </td>
                  <td class="nowrap">{formatDateTime(f.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
