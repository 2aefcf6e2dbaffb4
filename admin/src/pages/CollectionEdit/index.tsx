// New-collection and edit-collection page (/admin/collections/new and /admin/collections/:id).
import { paths } from "../../lib/paths";
import { CollectionForm } from "./CollectionForm";

export default function CollectionEdit({ params }: { params?: { id?: string } }) {
  const id = params?.id;
  return (
    <section>
      <p class="crumbs">
        <a href={paths.collections}>All collections</a> /
      </p>
      <h1>{id ? "Edit collection" : "New collection"}</h1>
      <p class="lead">The offers whose tags match, chosen again every time you publish. A decision's criteria draw their candidates from collections.</p>
      {/* Keyed so moving from one collection (or "new") to another starts a fresh model. */}
      <CollectionForm key={id ?? "new"} id={id} />
    </section>
  );
}
