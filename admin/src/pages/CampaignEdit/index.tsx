// New-campaign and edit-campaign page (/admin/campaigns/new and /admin/campaigns/:id).
import { useRef } from "preact/hooks";
import { paths } from "../../lib/paths";
import { CampaignForm } from "./CampaignForm";

export default function CampaignEdit({ params }: { params?: { id?: string } }) {
  const id = params?.id;
  // Keyed so moving to another campaign (or "new") starts a fresh model; a campaign created here
  // keeps its form, and what it just did, when the address moves to its id.
  const form = useRef({ id, key: 0, created: null as string | null });
  if (form.current.id !== id) form.current = { id, key: id !== undefined && id === form.current.created ? form.current.key : form.current.key + 1, created: null };
  return (
    <section>
      <p class="crumbs">
        <a href={paths.campaigns}>All campaigns</a> /
      </p>
      <h1>{id ? "Edit campaign" : "New campaign"}</h1>
      <CampaignForm key={form.current.key} id={id} onCreated={(created) => (form.current.created = created)} />
    </section>
  );
}
