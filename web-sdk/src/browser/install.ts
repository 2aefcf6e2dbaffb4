/**
 * Puts the real `parcours` function in place of the snippet's stub: configures from the script tag,
 * replays the pre-load queue, then arms the page view. Loading the SDK twice keeps the first copy.
 */
import { createParcours, type Env, type Parcours } from "./parcours";
import { readScriptConfig } from "./config";
import { whenReady } from "./page";
import { readQueue, replay } from "./queue";

type Host = Window & { parcours?: { q?: unknown; loaded?: boolean } };

export function install(win: Host, script?: HTMLScriptElement | null, env: Env = {}): Parcours | undefined {
  try {
    const stub = win.parcours;
    if (stub && stub.loaded) return stub as unknown as Parcours;
    const parcours = createParcours({ window: win, ...env });
    const { setup, rest } = readQueue(stub && stub.q);
    win.parcours = Object.assign(parcours, { loaded: true });
    parcours("configure", readScriptConfig(script)).catch(() => undefined);
    replay(setup, parcours);
    parcours.start();
    // After the page view, which waits for the DOM, so queued events follow it on the wire.
    whenReady(win.document, () => replay(rest, parcours));
    return parcours;
  } catch {
    // A hostile or frozen global must not break the host page.
    return undefined;
  }
}
