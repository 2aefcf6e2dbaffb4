/**
 * Presents propositions in the page: renders them into every matching placement, reveals those
 * placements, and reports each tracking token's display once (when rendered, or once half the
 * placement is on screen with `displayOn: "visible"`) and its first click. Rendering the same
 * propositions again (applyPropositions) reports nothing new.
 */
import type { Action, Proposition } from "../core/types";
import { trackClicks } from "./clicks";
import { placementElements, reveal } from "./placements";
import { renderInto, type Owners } from "./render";

export type Notify = (type: "proposition.display" | "proposition.click", tokens: string[]) => void;

export interface PlacementConfig {
  /** CSS selector of the elements to render into, besides those marked data-parcours-placement. */
  selector?: string;
  action?: Action;
  /** Attribute the `attribute` action sets. */
  attribute?: string;
}

export interface PresentConfig {
  placements?: Record<string, PlacementConfig>;
  /** Placements whose html offers may run scripts. */
  allowScripts?: string[];
  displayOn?: "render" | "visible";
  /** Share of the placement that must be on screen to count as displayed (visible mode). */
  threshold?: number;
}

export function createPresenter(win: Window, config: () => PresentConfig, notify: Notify): (propositions: Proposition[]) => void {
  const doc = win.document;
  const owners: Owners = new WeakMap();
  const wired = new WeakSet<Element>();
  const reported = new Set<string>();
  const clicked = new Set<string>();
  const waiting = new Map<Element, string[]>();
  let observer: IntersectionObserver | undefined;

  const fresh = (tokens: string[]) => tokens.filter((t) => !reported.has(t) && !!reported.add(t));
  const display = (tokens: string[]) => void (tokens.length && notify("proposition.display", tokens));

  // The edge counts a click once per token anyway; this just saves the requests.
  const onClick = (token: string) => {
    if (clicked.has(token)) return;
    clicked.add(token);
    notify("proposition.click", [token]);
  };

  /** Reports the element's tokens once enough of it is on screen; false without IntersectionObserver. */
  function watch(el: Element, tokens: string[], threshold: number): boolean {
    const IO = (win as Window & { IntersectionObserver?: typeof IntersectionObserver }).IntersectionObserver;
    if (!IO) return false;
    observer =
      observer ||
      new IO(
        (entries) => {
          for (const entry of entries) {
            if (!entry.isIntersecting || entry.intersectionRatio < threshold) continue;
            observer!.unobserve(entry.target);
            display(fresh(waiting.get(entry.target) || []));
            waiting.delete(entry.target);
          }
        },
        { threshold },
      );
    waiting.set(el, (waiting.get(el) || []).concat(tokens));
    observer.observe(el);
    return true;
  }

  return (propositions) => {
    const c = config();
    const now: string[] = [];
    for (const p of propositions) {
      const local = (c.placements || {})[p.placement] || {};
      const options = {
        action: local.action || p.action,
        attribute: local.attribute,
        scripts: (c.allowScripts || []).indexOf(p.placement) >= 0,
      };
      for (const el of placementElements(doc, p.placement, local.selector || p.selector)) {
        try {
          const tokens = renderInto(el, p.items, owners, options);
          if (tokens.length && !wired.has(el)) {
            wired.add(el);
            trackClicks(el, owners, onClick);
          }
          const unseen = tokens.filter((t) => !reported.has(t));
          if (!(c.displayOn === "visible" && unseen.length && watch(el, unseen, c.threshold || 0.5))) now.push(...fresh(unseen));
        } catch {
          /* one odd placement or offer must not stop the others */
        }
        reveal(el);
      }
    }
    display(now);
  };
}
