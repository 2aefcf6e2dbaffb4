// Badges of the Profiles page. The word is always there, so colour is never the only cue, and the
// title says what the word means.

export function KnownBadge({ known }: { known: boolean }) {
  return known ? (
    <span class="badge badge-known" title="Has at least one authenticated identity">
      Known
    </span>
  ) : (
    <span class="badge badge-anonymous" title="No authenticated identity yet">
      Anonymous
    </span>
  );
}

export function IdentityBadge({ namespace, authenticated }: { namespace: string; authenticated: boolean }) {
  if (authenticated) {
    return (
      <span class="badge badge-authenticated" title="Signed by the site's backend or given by a server with an API key">
        authenticated
      </span>
    );
  }
  // A browser cannot claim a device id: the edge minted it, so "ambiguous" would mislead.
  if (namespace === "pcid") {
    return (
      <span class="badge" title="The device id the edge gave this browser, in its pcid cookie">
        device
      </span>
    );
  }
  return (
    <span class="badge badge-ambiguous" title="Sent unsigned: shown here, but never used to merge profiles">
      ambiguous
    </span>
  );
}
