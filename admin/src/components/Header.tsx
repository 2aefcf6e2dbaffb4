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

/** Messages: the campaigns that send them, the log, what they say and how they leave, under one entry so the bar stays short. */
const CHANNELS = [
  { href: paths.campaigns, label: "Campaigns", active: (p: string) => p.startsWith(paths.campaigns) },
  { href: paths.outbox, label: "Outbox", active: (p: string) => p === paths.outbox },
  { href: paths.templates, label: "Templates & fragments", active: (p: string) => p.startsWith(paths.templates) || p.startsWith(`${paths.base}/fragments`) },
  { href: paths.providers, label: "Providers", active: (p: string) => p === paths.providers },
  { href: paths.customActions, label: "Custom actions", active: (p: string) => p === paths.customActions },
];

function ChannelsMenu({ path }: { path: string }) {
  const current = CHANNELS.some((c) => c.active(path));
  return (
    // Keyed by the path by the caller, so following a link closes it.
    <details class="nav-group" data-testid="nav-channels">
      <summary class={current ? "current" : undefined}>Channels</summary>
      <ul>
        {CHANNELS.map((item) => (
          <li key={item.href}>
            <a href={item.href} aria-current={item.active(path) ? "page" : undefined}>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}

export function Header() {
  const { path } = useLocation();
  return (
    <header class="topbar">
      <a class="brand" href={paths.home}>
        Parcours
      </a>
      <nav aria-label="Main">
        <ul>
          {NAV.map((item) => [
            <li key={item.href}>
              <a href={item.href} aria-current={item.active(path) ? "page" : undefined}>
                {item.label}
              </a>
            </li>,
            // Channels sit beside journeys, which send the messages.
            item.href === paths.journeys && (
              <li key="channels">
                <ChannelsMenu key={path} path={path} />
              </li>
            ),
          ])}
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
