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
  placements: `${base}/placements`,
  publications: `${base}/publications`,
  profiles: `${base}/profiles`,
  schemas: `${base}/schemas`,
  settings: `${base}/settings`,
};
