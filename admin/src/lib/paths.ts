// Console URLs in one place. The app lives under Vite's base (/admin/) and preact-iso matches
// full paths, so every route and link is built from the same prefix.
const base = import.meta.env.BASE_URL.replace(/\/+$/, "");

export const paths = {
  base,
  home: `${base}/`,
  signIn: `${base}/sign-in`,
  newOffer: `${base}/offers/new`,
  offerRoute: `${base}/offers/:id`,
  offer: (id: string) => `${base}/offers/${encodeURIComponent(id)}`,
  audiences: `${base}/audiences`,
  newAudience: `${base}/audiences/new`,
  audienceRoute: `${base}/audiences/:id`,
  audience: (id: string) => `${base}/audiences/${encodeURIComponent(id)}`,
  collections: `${base}/collections`,
  newCollection: `${base}/collections/new`,
  collectionRoute: `${base}/collections/:id`,
  collection: (id: string) => `${base}/collections/${encodeURIComponent(id)}`,
  decisions: `${base}/decisions`,
  newDecision: `${base}/decisions/new`,
  decisionRoute: `${base}/decisions/:id`,
  decision: (id: string) => `${base}/decisions/${encodeURIComponent(id)}`,
  journeys: `${base}/journeys`,
  journeyRoute: `${base}/journeys/:id`,
  journey: (id: string) => `${base}/journeys/${encodeURIComponent(id)}`,
  placements: `${base}/placements`,
  publications: `${base}/publications`,
  profiles: `${base}/profiles`,
  // In the query, not the path: the Worker serves a path ending like a file name (an email's
  // ".com") as a static file, so /profiles/email/ada@example.com could not be reloaded.
  profile: (ns: string, value: string) => `${base}/profiles?${new URLSearchParams({ ns, value })}`,
  profileSearch: (q: string) => `${base}/profiles?${new URLSearchParams({ q })}`,
  schemas: `${base}/schemas`,
  settings: `${base}/settings`,
};
