// The messages the delivery log holds for a profile, newest first: what each was, where it came
// from (linked to its journey, campaign or template), how it went, and whether the person opened
// or clicked it. Each opens in the outbox, where its content shows as the person got it.
import { Notice } from "../../components/Notice";
import { DeliverySource, DeliveryStatusBadge } from "../../components/DeliveryCells";
import { formatDateTime } from "../../lib/format";
import type { Delivery } from "../../lib/types";
import { NO_FILTERS, outboxHref, summaryOf } from "../Outbox/model";
import { MESSAGES } from "./detail-model";

type Props = { deliveries: Delivery[] | null; error: string | null };

export function MessagesTable({ deliveries, error }: Props) {
  return (
    <section aria-labelledby="profile-messages-heading">
      <h3 id="profile-messages-heading">Messages</h3>
      {error && <Notice kind="error">Could not load the messages: {error}</Notice>}
      {deliveries === null ? (
        !error && <p class="muted">Loading messages…</p>
      ) : deliveries.length === 0 ? (
        <p class="muted" data-testid="profile-messages-empty">
          No message has been sent to this profile yet.
        </p>
      ) : (
        <>
          <p class="hint">
            {deliveries.length >= MESSAGES ? `The ${MESSAGES} most recent messages` : `All ${deliveries.length} ${deliveries.length === 1 ? "message" : "messages"}`}, newest first. A message opens in the outbox.
          </p>
          <div class="table-wrap">
            <table data-testid="profile-messages" class="outbox">
              <caption class="visually-hidden">Messages sent to this profile, newest first, with their channel, source, status, detail, attempts, provider, and when they were opened and clicked</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Channel</th>
                  <th scope="col">Message</th>
                  <th scope="col">Source</th>
                  <th scope="col">Status</th>
                  <th scope="col">Detail</th>
                  <th scope="col" class="num">
                    Attempts
                  </th>
                  <th scope="col">Provider</th>
                  <th scope="col">Opened</th>
                  <th scope="col">Clicked</th>
                </tr>
              </thead>
              <tbody>
                {deliveries.map((d) => (
                  <tr key={d.id} data-testid={`profile-message-${d.id}`}>
                    <td class="nowrap">{formatDateTime(d.createdAt)}</td>
                    <td>{d.channel}</td>
                    <th scope="row">
                      <a href={outboxHref({ ...NO_FILTERS, profileId: d.profileId }, d.id)} data-testid="profile-message-open">
                        {summaryOf(d) || "(open)"}
                      </a>
                    </th>
                    <td>
                      <DeliverySource delivery={d} />
                    </td>
                    <td>
                      <DeliveryStatusBadge status={d.status} />
                    </td>
                    <td class="detail" data-testid="profile-message-detail">
                      {d.detail ?? <span class="muted">—</span>}
                    </td>
                    <td class="num">{d.attempts}</td>
                    <td>{d.providerId ?? <span class="muted">—</span>}</td>
                    <td class="nowrap" data-testid="profile-message-opened">
                      {d.openedAt === null ? <span class="muted">—</span> : formatDateTime(d.openedAt)}
                    </td>
                    <td class="nowrap" data-testid="profile-message-clicked">
                      {d.clickedAt === null ? <span class="muted">—</span> : formatDateTime(d.clickedAt)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
