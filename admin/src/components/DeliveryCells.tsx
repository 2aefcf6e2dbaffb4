// Pieces of a delivery log row shared by the outbox and a profile's messages: where the message
// came from (a badge, and a link to its journey, campaign or template) and its status badge.
import type { Delivery, DeliveryStatus } from "../lib/types";
import { sourceOf } from "../pages/Outbox/model";

export function DeliverySource({ delivery }: { delivery: Pick<Delivery, "source" | "payload"> }) {
  const source = sourceOf(delivery);
  return (
    <>
      <span class={`badge badge-source-${source.kind}`}>{source.kind}</span>{" "}
      {source.href ? (
        <a href={source.href} class="muted" data-testid="delivery-source-link">
          {source.label}
        </a>
      ) : (
        <span class="muted">{source.label}</span>
      )}
    </>
  );
}

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  return (
    <span class={`badge badge-delivery-${status}`} data-testid="delivery-status">
      {status}
    </span>
  );
}
