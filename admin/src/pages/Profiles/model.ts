// The Profiles page's two ways in: a free-text search over the profile index, and an exact
// lookup by one identity, which opens the profile's own page when it finds one.
import { action, createModel, signal } from "@preact/signals";
import type { Option } from "../../components/fields";
import { listNamespaces, lookupProfile, searchProfiles } from "../../lib/api";
import { ApiError, messageOf } from "../../lib/api-error";
import type { NamespaceList, ProfileSummary } from "../../lib/types";
import { handOff } from "./detail-model";

export const SEARCH_LIMIT = 50;

const BUILT_IN = ["pcid", "email", "phone", "crmId"];
const BUILT_IN_LABELS: Record<string, string> = { pcid: "pcid (device id)", crmId: "crmId (CRM id)" };

/** The namespace select: built-in ones first, then the sandbox's own, labelled by their names. */
export function namespaceOptions(list: NamespaceList | null): Option[] {
  const builtIn = list?.builtIn.length ? list.builtIn : BUILT_IN;
  return [
    ...builtIn.map((id) => ({ value: id, label: BUILT_IN_LABELS[id] ?? id })),
    ...(list?.items ?? []).map((n) => ({ value: n.id, label: n.name && n.name !== n.id ? `${n.name} (${n.id})` : n.id })),
  ];
}

export const ProfileSearchModel = createModel(() => {
  /** The text in the box, which may differ from what the results are for. */
  const text = signal("");
  /** The query the results answer, or null before the first search. */
  const searched = signal<string | null>(null);
  const results = signal<ProfileSummary[]>([]);
  const loading = signal(false);
  const error = signal<string | null>(null);
  let request = 0;

  const search = action(async (sb: string, q: string) => {
    const mine = ++request;
    text.value = q;
    loading.value = true;
    error.value = null;
    try {
      const items = await searchProfiles(sb, q, SEARCH_LIMIT);
      if (mine !== request) return;
      results.value = items;
      searched.value = q;
    } catch (err) {
      if (mine === request) error.value = messageOf(err);
    } finally {
      if (mine === request) loading.value = false;
    }
  });

  const clear = action(() => {
    request++;
    text.value = "";
    searched.value = null;
    results.value = [];
    loading.value = false;
    error.value = null;
  });

  return { text, searched, results, loading, error, search, clear };
});

export const ProfileLookupModel = createModel(() => {
  const ns = signal("pcid");
  const value = signal("");
  const options = signal<Option[]>(namespaceOptions(null));
  const loading = signal(false);
  /** The identity that matched no profile, kept apart from the fields so the message holds still while typing. */
  const notFound = signal<{ ns: string; value: string } | null>(null);
  const error = signal<string | null>(null);
  const errors = signal<Record<string, string>>({});

  const loadNamespaces = action(async (sb: string) => {
    try {
      options.value = namespaceOptions(await listNamespaces(sb));
    } catch {
      // The built-in namespaces still work; a lookup by a custom one can be typed into the URL.
      options.value = namespaceOptions(null);
    }
  });

  /** Resolves to the identity to open when a profile holds it, else null (and says why). */
  const lookup = action(async (sb: string): Promise<{ ns: string; value: string } | null> => {
    const asked = { ns: ns.value, value: value.value.trim() };
    notFound.value = null;
    error.value = null;
    errors.value = {};
    if (!asked.value) {
      errors.value = { value: "Enter the identity value to look up." };
      return null;
    }
    loading.value = true;
    try {
      handOff(sb, asked.ns, asked.value, await lookupProfile(sb, asked.ns, asked.value));
      return asked;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) notFound.value = asked;
      else {
        const fields = err instanceof ApiError ? err.fieldErrors() : {};
        errors.value = Object.fromEntries(["ns", "value"].filter((k) => fields[k]).map((k) => [k, fields[k]]));
        // A field message already says what is wrong; a general notice is for everything else.
        if (!Object.keys(errors.value).length) error.value = messageOf(err);
      }
      return null;
    } finally {
      loading.value = false;
    }
  });

  return { ns, value, options, loading, notFound, error, errors, loadNamespaces, lookup };
});

export type ProfileLookupState = InstanceType<typeof ProfileLookupModel>;
