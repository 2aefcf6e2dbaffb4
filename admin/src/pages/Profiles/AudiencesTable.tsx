// The audiences a profile is in, or was in: the edge records each entry and exit (also in the
// timeline, as audience.entered and audience.exited events).
import { formatDateTime } from "../../lib/format";
import { paths } from "../../lib/paths";
import type { Membership } from "./normalize";

export function AudiencesTable({ memberships }: { memberships: Membership[] }) {
  return (
    <div class="table-wrap">
      <table data-testid="profile-audiences">
        <thead>
          <tr>
            <th scope="col">Audience</th>
            <th scope="col">Status</th>
            <th scope="col">Entered</th>
            <th scope="col">Left</th>
          </tr>
        </thead>
        <tbody>
          {memberships.map((m) => (
            <tr key={m.audience} data-testid="profile-audience" data-audience={m.audience} data-member={String(m.member)}>
              <th scope="row">
                <a href={paths.audience(m.audience)}>{m.audience}</a>
              </th>
              <td>{m.member ? <span class="badge badge-member">member</span> : <span class="badge badge-left">left</span>}</td>
              <td class="nowrap">{formatDateTime(m.enteredAt)}</td>
              <td class="nowrap">{formatDateTime(m.exitedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
