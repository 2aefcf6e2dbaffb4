// Who is signed in and which sandbox the console works on: one model for the whole app.
import { action, computed, createModel, signal } from "@preact/signals";
import { getSession, listSandboxes, setUnauthorizedHandler } from "./api";
import { storeToken, token } from "./token";
import type { Sandbox } from "./types";

const DEFAULT_SANDBOX = "prod";

/** Accepts `{ sandboxes: [{ id, name }] }` or `{ sandboxes: ["prod"] }`: the contract only says "lists sandboxes". */
export function readSandboxes(answer: unknown): Sandbox[] {
  const list = (answer as { sandboxes?: unknown } | null)?.sandboxes;
  if (!Array.isArray(list)) return [];
  return list.flatMap((s): Sandbox[] => {
    if (typeof s === "string") return [{ id: s, name: s }];
    if (s && typeof s === "object" && typeof (s as Sandbox).id === "string") {
      const { id, name } = s as Sandbox;
      return [{ id, name: typeof name === "string" && name ? name : id }];
    }
    return [];
  });
}

const SessionModel = createModel(() => {
  const sandboxes = signal<Sandbox[]>([]);
  const sandbox = signal(DEFAULT_SANDBOX);
  const signedIn = computed(() => token.value !== null);

  const applySandboxes = action((list: Sandbox[]) => {
    sandboxes.value = list;
    const ids = list.map((s) => s.id);
    if (ids.length && !ids.includes(sandbox.value)) sandbox.value = ids.includes(DEFAULT_SANDBOX) ? DEFAULT_SANDBOX : ids[0];
  });

  /**
   * The sandboxes from the session answer (docs/api.md) or, when it has none (the edge answers
   * `{ ok: true }` today), from GET /admin/api/sandboxes. Needs the token stored already.
   */
  async function loadSandboxes(answer: unknown): Promise<void> {
    const listed = readSandboxes(answer);
    applySandboxes(listed.length ? listed : await listSandboxes());
  }

  /** Checks the token with the server first, so a typo never gets stored. */
  async function signIn(candidate: string): Promise<void> {
    const answer = await getSession(candidate);
    storeToken(candidate);
    // The token is good; a failure listing sandboxes only leaves the default one selected.
    await loadSandboxes(answer).catch(() => {});
  }

  /** Reloads the sandbox list after a page reload; a 401 here signs out through the API hook. */
  async function refresh(): Promise<void> {
    await loadSandboxes(await getSession());
  }

  const signOut = action(() => {
    storeToken(null);
    sandboxes.value = [];
  });

  const selectSandbox = action((id: string) => {
    sandbox.value = id;
  });

  return { token, sandboxes, sandbox, signedIn, signIn, refresh, signOut, selectSandbox };
});

export const session = new SessionModel();

// A 401 on any call means the token was rotated or is wrong: drop it, and the shell sends the
// user back to the sign-in page.
setUnauthorizedHandler(() => session.signOut());
