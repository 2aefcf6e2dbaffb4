// Journey editor page (/admin/journeys/:id): the canvas of one journey.
import { paths } from "../../lib/paths";
import { JourneyEditor } from "./JourneyEditor";

export default function JourneyEdit({ params }: { params?: { id?: string } }) {
  const id = params?.id ?? "";
  return (
    <section>
      <p class="crumbs">
        <a href={paths.journeys}>All journeys</a> /
      </p>
      {/* Keyed so moving from one journey to another starts a fresh model. */}
      <JourneyEditor key={id} id={id} />
    </section>
  );
}
