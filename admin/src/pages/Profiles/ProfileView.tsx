// A looked-up profile: who it is, what it did lately, and how each offer fared with it.
import { JsonBlock } from "../../components/JsonBlock";
import { formatDateTime } from "../../lib/format";
import { paths } from "../../lib/paths";
import type { ProfileView as View } from "./normalize";

function compact(data: unknown): string {
  const text = JSON.stringify(data) ?? "";
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

export function ProfileView({ view, raw }: { view: View; raw: unknown }) {
  return (
    <div class="profile" data-testid="profile-result">
      <h2>Profile {view.id && <code>{view.id}</code>}</h2>
      <dl class="facts">
        <dt>First seen</dt>
        <dd>{formatDateTime(view.firstSeen)}</dd>
        <dt>Last seen</dt>
        <dd>{formatDateTime(view.lastSeen)}</dd>
        {view.eventCount !== null && (
          <>
            <dt>Events</dt>
            <dd>{view.eventCount}</dd>
          </>
        )}
      </dl>

      <h3>Identities</h3>
      {view.identities.length ? (
        <ul class="identities" data-testid="profile-identities">
          {view.identities.map((i) => (
            <li key={`${i.ns}:${i.value}`}>
              <span class="badge">{i.ns}</span> <code>{i.value}</code>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">No identities listed.</p>
      )}

      <h3>Recent events</h3>
      {view.events.length ? (
        <div class="table-wrap">
          <table data-testid="profile-events">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Type</th>
                <th scope="col">Data</th>
              </tr>
            </thead>
            <tbody>
              {view.events.map((e) => (
                <tr key={e.id}>
                  <td class="nowrap">{formatDateTime(e.at)}</td>
                  <td>
                    <code>{e.type}</code>
                  </td>
                  <td>
                    <code class="data" title={JSON.stringify(e.data, null, 2)}>
                      {compact(e.data)}
                    </code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">No recent events.</p>
      )}

      <h3>Offer counters</h3>
      {view.counters.length ? (
        <div class="table-wrap">
          <table data-testid="profile-counters">
            <thead>
              <tr>
                <th scope="col">Offer</th>
                <th scope="col" class="num">
                  Decisions
                </th>
                <th scope="col" class="num">
                  Displays
                </th>
                <th scope="col" class="num">
                  Clicks
                </th>
              </tr>
            </thead>
            <tbody>
              {view.counters.map((c) => (
                <tr key={c.offerId}>
                  <th scope="row">
                    <a href={paths.offer(c.offerId)}>{c.offerId}</a>
                  </th>
                  <td class="num">{c.decisions}</td>
                  <td class="num">{c.displays}</td>
                  <td class="num">{c.clicks}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">No offer has been decided for this profile yet.</p>
      )}

      <JsonBlock value={raw} summary="Raw profile JSON" testId="profile-json" />
    </div>
  );
}
