/**
 * Click notifications: a click on a link or button inside rendered offer content (or on the
 * placement itself, when an offer set its attribute) reports that offer's token once.
 * Listening in the capture phase keeps working when the content stops propagation.
 */
import type { Owners } from "./render";

export function trackClicks(el: Element, owners: Owners, report: (token: string) => void): void {
  el.addEventListener(
    "click",
    (event) => {
      try {
        const target = event.target as Element | null;
        const hit = target && target.closest ? target.closest("a,button") : null;
        if (!hit || !el.contains(hit)) return;
        for (let n: Node | null = hit; n; n = n === el ? null : n.parentNode) {
          const token = owners.get(n);
          if (token) return report(token);
        }
      } catch {
        /* a host page quirk must never surface as our exception */
      }
    },
    true,
  );
}
