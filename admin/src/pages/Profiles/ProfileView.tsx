// A looked-up profile: who it is (identities, attributes, consent, merges), how each offer fared
// with it, the messages sent to it, and what it did lately. Everything a visitor controls is
// rendered as text.
import { JsonBlock } from "../../components/JsonBlock";
import { formatDateTime } from "../../lib/format";
import { paths } from "../../lib/paths";
import { IdentityBadge, KnownBadge } from "./badges";
import type { ProfileDetailState } from "./detail-model";
import { KeyValueTable } from "./KeyValueTable";
import { MessagesTable } from "./MessagesTable";
import { AudiencesTable } from "./AudiencesTable";
import type { Identity, OfferCounter, ProfileView as View } from "./normalize";
import { Timeline } from "./Timeline";

type Props = { view: View; raw: unknown; lookedUp: { ns: string; value: string }; model: ProfileDetailState };

/** The row of the identity in the address. The edge normalises values (emails to lower case), so compare loosely. */
const isLookedUp = (i: Identity, asked: { ns: string; value: string }) => i.ns === asked.ns && i.value.toLowerCase() === asked.value.trim().toLowerCase();

export function ProfileView({ view, raw, lookedUp, model }: Props) {
  return (
    <div class="profile" data-testid="profile-result">
      <div class="card profile-head">
        <h2>
          Profile {view.id && <code>{view.id}</code>} <KnownBadge known={view.known} />
        </h2>
        <dl class="facts">
          <dt>First seen</dt>
          <dd>{formatDateTime(view.firstSeen)}</dd>
          <dt>Last seen</dt>
          <dd>{formatDateTime(view.lastSeen)}</dd>
          <dt>Events</dt>
          <dd>{view.eventCount ?? "—"}</dd>
        </dl>
      </div>

      <div class="profile-grid">
        <section aria-labelledby="identities-heading">
          <h3 id="identities-heading">Identities</h3>
          {view.identities.length ? <IdentitiesTable identities={view.identities} lookedUp={lookedUp} /> : <p class="muted">No identities listed.</p>}
        </section>
        <section aria-labelledby="attributes-heading">
          <h3 id="attributes-heading">Attributes</h3>
          <KeyValueTable entries={view.attributes} testId="profile-attributes" label="Attribute" empty="No attributes yet. A profile.update event or an import sets them." />
        </section>
        <section aria-labelledby="consent-heading">
          <h3 id="consent-heading">Consent</h3>
          <KeyValueTable entries={view.consent} testId="profile-consent" label="Purpose" empty="No consent recorded. A consent.update event records it." />
        </section>
        <section aria-labelledby="merged-heading">
          <h3 id="merged-heading">Merged from</h3>
          {view.mergedFrom.length ? (
            <ul class="plain-list" data-testid="profile-merged-from">
              {view.mergedFrom.map((id) => (
                <li key={id}>
                  <code>{id}</code>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted" data-testid="profile-merged-from-empty">
              No other profile has been merged into this one.
            </p>
          )}
        </section>
      </div>

      <section aria-labelledby="profile-audiences-heading">
        <h3 id="profile-audiences-heading">Audiences</h3>
        {view.audiences.length ? (
          <AudiencesTable memberships={view.audiences} />
        ) : (
          <p class="muted" data-testid="profile-audiences-empty">
            Not in any published audience yet. The edge places a profile in audiences as its events arrive.
          </p>
        )}
      </section>

      <section aria-labelledby="counters-heading">
        <h3 id="counters-heading">Offer counters</h3>
        {view.counters.length ? <CountersTable counters={view.counters} /> : <p class="muted" data-testid="profile-counters-empty">No offer has been decided for this profile yet.</p>}
      </section>

      <MessagesTable deliveries={model.deliveries.value} error={model.deliveriesError.value} />

      <Timeline events={view.events} total={view.eventCount} filter={model.eventType} />

      <JsonBlock value={raw} summary="Raw profile JSON" testId="profile-json" />
    </div>
  );
}

function IdentitiesTable({ identities, lookedUp }: { identities: Identity[]; lookedUp: { ns: string; value: string } }) {
  return (
    <div class="table-wrap">
      <table data-testid="profile-identities">
        <thead>
          <tr>
            <th scope="col">Namespace</th>
            <th scope="col">Value</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {identities.map((i) => (
            <tr key={`${i.ns}:${i.value}`} data-testid="profile-identity" class={isLookedUp(i, lookedUp) ? "highlight" : undefined}>
              <td>
                <span class="ns">{i.ns}</span>
              </td>
              <th scope="row" class="break">
                {i.value}
              </th>
              <td>
                <IdentityBadge namespace={i.ns} authenticated={i.authenticated} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CountersTable({ counters }: { counters: OfferCounter[] }) {
  return (
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
          {counters.map((c) => (
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
  );
}
