// Profiles: /admin/profiles searches (?q=) and looks up; /admin/profiles?ns=<namespace>&value=<value>
// is one profile's page, so it can be linked to and survives a reload.
import { useLocation } from "preact-iso";
import { DetailPage } from "./DetailPage";
import { SearchPage } from "./SearchPage";

export default function Profiles() {
  const { query } = useLocation();
  const { ns, value } = query;
  // Keyed so opening another profile starts from an empty model, never showing the last one.
  return ns && value ? <DetailPage key={`${ns}\n${value}`} ns={ns} value={value} /> : <SearchPage />;
}
