// The signed-in top bar: navigation, sandbox, Publish and sign out, visible on every page.
import { useLocation } from "preact-iso";
import { paths } from "../lib/paths";
import { session } from "../lib/session";
import { PublishButton } from "./PublishButton";
import { SandboxSelect } from "./SandboxSelect";

const NAV = [
  { href: paths.home, label: "Offers", active: (p: string) => p === paths.base || p.startsWith(`${paths.base}/offers`) },
  { href: paths.collections, label: "Collections", active: (p: string) => p.startsWith(paths.collections) },
  { href: paths.decisions, label: "Decisions", active: (p: string) => p.startsWith(paths.decisions) },
  { href: paths.audiences, label: "Audiences", active: (p: string) => p.startsWith(paths.audiences) },
  { href: paths.journeys, label: "Journeys", active: (p: string) => p.startsWith(paths.journeys) },
  { href: paths.placements, label: "Placements", active: (p: string) => p === paths.placements },
  { href: paths.publications, label: "Publications", active: (p: string) => p === paths.publications },
  { href: paths.profiles, label: "Profiles", active: (p: string) => p === paths.profiles },
  { href: paths.schemas, label: "Schemas", active: (p: string) => p === paths.schemas },
  { href: paths.settings, label: "Settings", active: (p: string) => p === paths.settings },
];

export function Header() {
  const { path } = useLocation();
  return (
    <header class="topbar">
      <a class="brand" href={paths.home}>
        Parcours
      </a>
      <nav aria-label="Main">
        <ul>
          {NAV.map((item) => (
            <li key={item.href}>
              <a href={item.href} aria-current={item.active(path) ? "page" : undefined}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="toolbar">
        <SandboxSelect />
        <PublishButton />
        <button type="button" class="button" data-testid="sign-out-button" onClick={() => session.signOut()}>
          Sign out
        </button>
      </div>
    </header>
  );
}
