// The frame around every page, and the sign-in gate: without a token (none stored, or dropped
// after a 401) any page but sign-in redirects there, remembering where the user was going.
import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { useLocation } from "preact-iso";
import { paths } from "../lib/paths";
import { session } from "../lib/session";
import { Header } from "./Header";

export function Shell({ children }: { children: ComponentChildren }) {
  const { path, url, route } = useLocation();
  const onSignIn = path === paths.signIn;
  const signedIn = session.signedIn.value;

  useEffect(() => {
    if (!signedIn && !onSignIn) route(`${paths.signIn}?next=${encodeURIComponent(url)}`, true);
  }, [signedIn, onSignIn, url]);

  useEffect(() => {
    // After a reload the token is in sessionStorage but the sandbox list is not.
    if (signedIn && session.sandboxes.peek().length === 0) session.refresh().catch(() => {});
  }, [signedIn]);

  if (onSignIn) return <main class="page page-narrow">{children}</main>;
  if (!signedIn) return null;
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <main id="main" class="page" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
