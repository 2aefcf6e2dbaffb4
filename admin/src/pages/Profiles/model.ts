// One profile lookup: the identity asked for, and what came back.
import { action, createModel, signal } from "@preact/signals";
import { lookupProfile } from "../../lib/api";
import { ApiError, messageOf } from "../../lib/api-error";

export const NAMESPACES = ["pcid"] as const;

export const ProfileLookupModel = createModel(() => {
  const ns = signal<string>(NAMESPACES[0]);
  const value = signal("");
  const loading = signal(false);
  /** The raw answer; the page reads it through `toProfileView`. */
  const profile = signal<unknown>(null);
  const notFound = signal(false);
  const error = signal<string | null>(null);
  const errors = signal<Record<string, string>>({});

  const lookup = action(async (sb: string) => {
    loading.value = true;
    notFound.value = false;
    error.value = null;
    errors.value = {};
    profile.value = null;
    try {
      profile.value = await lookupProfile(sb, ns.value, value.value.trim());
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) notFound.value = true;
      else {
        if (err instanceof ApiError) errors.value = err.fieldErrors();
        // A field message already says what is wrong; a general notice is for everything else.
        if (!Object.keys(errors.value).length) error.value = messageOf(err);
      }
    } finally {
      loading.value = false;
    }
  });

  return { ns, value, loading, profile, notFound, error, errors, lookup };
});
