// The Profiles search page. The query string holds the search (?q=), so the results survive a
// reload and the browser's Back button returns to them from a profile.
import { useModel } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { useLocation } from "preact-iso";
import { Notice } from "../../components/Notice";
import { TextField } from "../../components/fields";
import { paths } from "../../lib/paths";
import { session } from "../../lib/session";
import { LookupForm } from "./LookupForm";
import { ProfileLookupModel, ProfileSearchModel, SEARCH_LIMIT } from "./model";
import { ResultsTable } from "./ResultsTable";

export function SearchPage() {
  const search = useModel(ProfileSearchModel);
  const lookup = useModel(ProfileLookupModel);
  const { query, route } = useLocation();
  const sandbox = session.sandbox.value;
  const q = query.q?.trim() ?? "";

  useEffect(() => {
    void lookup.loadNamespaces(sandbox);
  }, [sandbox]);

  useEffect(() => {
    if (q) void search.search(sandbox, q);
    else search.clear();
  }, [q, sandbox]);

  function submitSearch(event: Event) {
    event.preventDefault();
    const text = search.text.value.trim();
    // Routing runs the search above; the same URL twice would not, so search directly then.
    if (text === q && text) void search.search(sandbox, text);
    else route(text ? paths.profileSearch(text) : paths.profiles);
  }

  async function submitLookup() {
    const found = await lookup.lookup(sandbox);
    if (found) route(paths.profile(found.ns, found.value));
  }

  const results = search.results.value;
  const searched = search.searched.value;
  return (
    <section>
      <h1>Profiles</h1>
      <div class="finders">
        <form class="card finder" onSubmit={submitSearch} noValidate role="search" aria-labelledby="search-heading" data-testid="profile-search-form">
          <h2 id="search-heading">Search</h2>
          <div class="search-row">
            <TextField
              id="profile-search"
              label="Search profiles"
              type="search"
              value={search.text.value}
              hint="The start of an email, phone number or other identity, any text in the attributes, or the start of a profile id."
              onInput={(v) => (search.text.value = v)}
            />
            <button type="submit" class="button primary" data-testid="profile-search-submit" disabled={search.loading.value}>
              Search
            </button>
          </div>
        </form>
        <LookupForm model={lookup} sandbox={sandbox} onSubmit={() => void submitLookup()} />
      </div>

      {search.error.value && <Notice kind="error">Search failed: {search.error.value}</Notice>}
      {search.loading.value && <p class="muted">Searching…</p>}
      {searched !== null && !search.loading.value && (
        <>
          <h2 class="results-heading">
            Results for “{searched}”
          </h2>
          {results.length === 0 ? (
            <p data-testid="profile-search-empty">
              No profile in sandbox <strong>{sandbox}</strong> matches. Activity from the last second or so may not be searchable yet.
            </p>
          ) : (
            <>
              <p class="hint" data-testid="profile-search-count">
                {results.length === SEARCH_LIMIT ? `The ${SEARCH_LIMIT} most recently seen matches: narrow the search to see others.` : `${results.length} ${results.length === 1 ? "profile" : "profiles"}, most recently seen first.`}
              </p>
              <ResultsTable profiles={results} onOpen={(ns, value) => route(paths.profile(ns, value))} />
            </>
          )}
        </>
      )}
    </section>
  );
}
