// Sign-in: the admin token is checked against GET /admin/api/session before it is kept.
import { useSignal } from "@preact/signals";
import { useLocation } from "preact-iso";
import { Notice } from "../../components/Notice";
import { TextField } from "../../components/fields";
import { ApiError, messageOf } from "../../lib/api-error";
import { paths } from "../../lib/paths";
import { session } from "../../lib/session";

/** Only follow `next` inside the console, so the sign-in link cannot be used to bounce elsewhere. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith(`${paths.base}/`) && !next.startsWith("//") && !next.startsWith(paths.signIn)
    ? next
    : paths.home;
}

export default function SignIn() {
  const { query, route } = useLocation();
  const value = useSignal("");
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);

  async function submit(event: Event) {
    event.preventDefault();
    const candidate = value.value.trim();
    if (!candidate) {
      error.value = "Paste the admin token first.";
      return;
    }
    busy.value = true;
    error.value = null;
    try {
      await session.signIn(candidate);
      route(safeNext(query.next), true);
    } catch (err) {
      error.value =
        err instanceof ApiError && err.status === 401
          ? "That token was not accepted. Copy it again from what npm start printed (or ADMIN_TOKEN in .dev.vars)."
          : messageOf(err);
    } finally {
      busy.value = false;
    }
  }

  if (session.signedIn.value) {
    return (
      <section class="card">
        <h1>Parcours console</h1>
        <p>You are signed in.</p>
        <p class="actions">
          <a class="button primary" href={paths.home}>
            Go to offers
          </a>
          <button type="button" class="button" data-testid="sign-out-button" onClick={() => session.signOut()}>
            Sign out
          </button>
        </p>
      </section>
    );
  }

  return (
    <section class="card">
      <h1>Sign in to Parcours</h1>
      <p>
        Paste the admin token that <code>npm start</code> prints. It is kept in this browser tab only.
      </p>
      <form onSubmit={submit} noValidate>
        <TextField
          id="token"
          testId="token-input"
          label="Admin token"
          type="password"
          autoComplete="off"
          value={value.value}
          onInput={(v) => (value.value = v)}
        />
        {error.value && (
          <Notice kind="error" testId="sign-in-error">
            {error.value}
          </Notice>
        )}
        <p class="actions">
          <button type="submit" class="button primary" data-testid="sign-in-button" disabled={busy.value}>
            Sign in
          </button>
        </p>
      </form>
    </section>
  );
}
