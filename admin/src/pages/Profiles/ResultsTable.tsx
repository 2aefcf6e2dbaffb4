// Search results: one row per profile, opened by its strongest identity. The link is the way in
// for keyboards and screen readers; a click anywhere else on the row does the same for a mouse.
import { formatDateTime } from "../../lib/format";
import { paths } from "../../lib/paths";
import type { ProfileSummary } from "../../lib/types";
import { KnownBadge } from "./badges";
import { formatValue, preferredIdentity } from "./normalize";

const SHOWN_IDENTITIES = 2;
const SHOWN_ATTRIBUTES = 3;

type Props = { profiles: ProfileSummary[]; onOpen: (ns: string, value: string) => void };

export function ResultsTable({ profiles, onOpen }: Props) {
  return (
    <div class="table-wrap">
      <table data-testid="profile-results">
        <caption class="visually-hidden">Matching profiles, most recently seen first</caption>
        <thead>
          <tr>
            <th scope="col">Identities</th>
            <th scope="col">Attributes</th>
            <th scope="col">Status</th>
            <th scope="col">Last seen</th>
            <th scope="col" class="num">
              Events
            </th>
          </tr>
        </thead>
        <tbody>
          {profiles.map((p) => {
            const identities = p.identities ?? [];
            const main = preferredIdentity(identities);
            const others = main ? identities.filter((i) => i !== main) : [];
            const attributes = Object.entries(p.attributes ?? {});
            return (
              <tr
                key={p.id}
                class={main ? "clickable" : undefined}
                data-testid="profile-result-row"
                data-id={p.id}
                onClick={(e) => {
                  // Not when the click was on the link itself, or ended a text selection (copying an id).
                  if (!main || (e.target as Element).closest("a") || window.getSelection()?.toString()) return;
                  onOpen(main.namespace, main.value);
                }}
              >
                <th scope="row">
                  {main ? (
                    <>
                      <span class="ns">{main.namespace}</span> <a href={paths.profile(main.namespace, main.value)}>{main.value}</a>
                    </>
                  ) : (
                    <span class="muted">No identity</span>
                  )}
                  {others.length > 0 && (
                    <span class="more">
                      {others.slice(0, SHOWN_IDENTITIES).map((i) => (
                        <span key={`${i.namespace}:${i.value}`} class="identity-chip">
                          <span class="ns">{i.namespace}</span> {i.value}
                        </span>
                      ))}
                      {others.length > SHOWN_IDENTITIES && <span class="muted">+{others.length - SHOWN_IDENTITIES} more</span>}
                    </span>
                  )}
                  <span class="muted id">{p.id}</span>
                </th>
                <td class="attributes-cell">
                  {attributes.length === 0 ? (
                    <span class="muted">—</span>
                  ) : (
                    <>
                      {attributes.slice(0, SHOWN_ATTRIBUTES).map(([name, value]) => (
                        <span key={name} class="attribute">
                          <span class="muted">{name}:</span> {formatValue(value, 40)}
                        </span>
                      ))}
                      {attributes.length > SHOWN_ATTRIBUTES && <span class="muted">+{attributes.length - SHOWN_ATTRIBUTES} more</span>}
                    </>
                  )}
                </td>
                <td>
                  <KnownBadge known={p.known} />
                </td>
                <td class="nowrap">{formatDateTime(p.lastSeen)}</td>
                <td class="num">{p.eventCount}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
