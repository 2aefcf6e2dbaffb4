/**
 * Presents propositions in the page: renders them into every matching placement, reveals those
 * placements, reports one display per answer and the first click per offer.
 */
import type { Proposition } from "../core/types";
import { trackClicks } from "./clicks";
import { findPlacements, reveal } from "./placements";
import { renderInto, type Owners } from "./render";

export type Notify = (type: "proposition.display" | "proposition.click", tokens: string[]) => void;

export function createPresenter(doc: Document, notify: Notify): (propositions: Proposition[]) => void {
  const owners: Owners = new WeakMap();
  const wired = new WeakSet<Element>();
  const clicked = new Set<string>();

  // The edge counts a click once per token anyway; this just saves the requests.
  const onClick = (token: string) => {
    if (clicked.has(token)) return;
    clicked.add(token);
    notify("proposition.click", [token]);
  };

  return (propositions) => {
    const shown = new Set<string>();
    const placements = findPlacements(doc);
    for (const p of propositions) {
      for (const el of placements.get(p.placement) || []) {
        const tokens = renderInto(el, p.items, owners);
        tokens.forEach((t) => shown.add(t));
        if (tokens.length && !wired.has(el)) {
          wired.add(el);
          trackClicks(el, owners, onClick);
        }
        reveal(el);
      }
    }
    if (shown.size) notify("proposition.display", Array.from(shown));
  };
}
