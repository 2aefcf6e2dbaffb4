// New-audience and edit-audience page (/admin/audiences/new and /admin/audiences/:id).
import { paths } from "../../lib/paths";
import { AudienceForm } from "./AudienceForm";

export default function AudienceEdit({ params }: { params?: { id?: string } }) {
  const id = params?.id;
  return (
    <section>
      {/* Not named "Audiences": that is the top bar's link. */}
      <p class="crumbs">
        <a href={paths.audiences}>All audiences</a> /
      </p>
      <h1>{id ? "Edit audience" : "New audience"}</h1>
      <p class="lead">
        An audience is a rule about people. Once published, the edge moves profiles in and out of it as their events arrive, and offers can be kept for its members. Saved
        audiences are counted every hour.
      </p>
      {/* Keyed so moving from one audience (or "new") to another starts a fresh model. */}
      <AudienceForm key={id ?? "new"} id={id} />
    </section>
  );
}
