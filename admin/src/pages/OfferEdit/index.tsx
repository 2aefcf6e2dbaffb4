// New-offer and edit-offer page (/admin/offers/new and /admin/offers/:id).
import { paths } from "../../lib/paths";
import { OfferForm } from "./OfferForm";

export default function OfferEdit({ params }: { params?: { id?: string } }) {
  const id = params?.id;
  return (
    <section>
      <p class="crumbs">
        <a href={paths.home}>Offers</a> /
      </p>
      <h1>{id ? "Edit offer" : "New offer"}</h1>
      {/* Keyed so moving from one offer (or "new") to another starts a fresh form model. */}
      <OfferForm key={id ?? "new"} id={id} />
    </section>
  );
}
