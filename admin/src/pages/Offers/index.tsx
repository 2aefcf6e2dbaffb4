// Home page: the offers of the current sandbox, and the way in to create or edit one.
import { useModel, useSignalEffect } from "@preact/signals";
import { useLocation } from "preact-iso";
import { Notice } from "../../components/Notice";
import { paths } from "../../lib/paths";
import { session } from "../../lib/session";
import { OffersModel } from "./model";
import { OffersTable } from "./OffersTable";

export default function Offers() {
  const model = useModel(OffersModel);
  const { query } = useLocation();

  useSignalEffect(() => {
    void model.load(session.sandbox.value);
  });

  const saved = query.saved;
  return (
    <section>
      <div class="page-head">
        <h1>Offers</h1>
        <a class="button primary" href={paths.newOffer} data-testid="new-offer">
          New offer
        </a>
      </div>
      {saved && (
        <Notice kind="ok" testId="saved-status">
          Offer <strong>{saved}</strong> saved. Publish to make the change live.
        </Notice>
      )}
      {model.error.value && <Notice kind="error">Could not load offers: {model.error.value}</Notice>}
      {model.loading.value && model.items.value.length === 0 ? (
        <p class="muted">Loading offers…</p>
      ) : model.items.value.length === 0 && !model.error.value ? (
        <p data-testid="offers-empty">
          No offers in sandbox <strong>{session.sandbox.value}</strong> yet. <a href={paths.newOffer}>Create the first one</a>.
        </p>
      ) : (
        <OffersTable offers={model.items.value} highlight={saved} />
      )}
    </section>
  );
}
