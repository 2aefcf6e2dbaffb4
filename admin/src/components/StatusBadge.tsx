// An offer's lifecycle status as a coloured badge; the text stays, so colour is never the only cue.
import type { OfferStatus } from "../lib/types";

export function StatusBadge({ status }: { status: OfferStatus }) {
  return <span class={`badge badge-${status}`}>{status}</span>;
}
