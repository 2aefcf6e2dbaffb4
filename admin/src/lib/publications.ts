// Publishing and the list of past publications of the current sandbox. App-wide, because the
// Publish button lives in the header while the list lives on its own page.
import { action, createModel, effect, signal } from "@preact/signals";
import { listPublications, publish as publishSandbox } from "./api";
import { messageOf } from "./api-error";
import { listLoader } from "./list-loader";
import { session } from "./session";
import type { Publication } from "./types";

const PublicationsModel = createModel(() => {
  const { items, loading, error, load } = listLoader<Publication>((sb) => listPublications(sb), false);
  const publishing = signal(false);
  const latest = signal<Publication | null>(null);
  const publishError = signal<string | null>(null);

  const publish = action(async (sb: string) => {
    publishing.value = true;
    publishError.value = null;
    try {
      const publication = await publishSandbox(sb);
      latest.value = publication;
      // Reload rather than prepend: the list may not have been loaded for this sandbox yet.
      void load(sb);
    } catch (err) {
      latest.value = null;
      publishError.value = messageOf(err);
    } finally {
      publishing.value = false;
    }
  });

  // A publish message about one sandbox must not linger when the user switches to another.
  effect(() => {
    void session.sandbox.value;
    latest.value = null;
    publishError.value = null;
  });

  return { items, loading, error, publishing, latest, publishError, load, publish };
});

export const publications = new PublicationsModel();
