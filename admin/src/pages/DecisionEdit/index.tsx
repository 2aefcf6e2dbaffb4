// New-decision and edit-decision page (/admin/decisions/new and /admin/decisions/:id), with the
// simulator once the decision is saved.
import { useLocation } from "preact-iso";
import { paths } from "../../lib/paths";
import { DecisionForm } from "./DecisionForm";

export default function DecisionEdit({ params }: { params?: { id?: string } }) {
  const id = params?.id;
  const { query } = useLocation();
  return (
    <section>
      <p class="crumbs">
        <a href={paths.decisions}>All decisions</a> /
      </p>
      <h1>{id ? "Edit decision" : "New decision"}</h1>
      <p class="lead">
        A decision fills one or more placements. For each, its criteria are tried in order: a criterion takes the offers of a collection, keeps those the visitor may see, ranks them
        and fills the items still free. When none is chosen, the fallback shows.
      </p>
      {/* Keyed so moving from one decision (or "new") to another starts a fresh model. */}
      <DecisionForm key={id ?? "new"} id={id} justSaved={query.saved === "1"} />
    </section>
  );
}
