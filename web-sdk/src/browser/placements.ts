/**
 * Placements are elements marked `data-parcours-placement="name"`; the same name may appear twice.
 * The anti-flicker curtain: the snippet adds HIDING_CLASS to <html> and a style hiding placements
 * without READY_ATTR. Only placements are ever hidden, so a page without any hides nothing.
 */

export const PLACEMENT_ATTR = "data-parcours-placement";
export const READY_ATTR = "data-parcours-ready";
export const HIDING_CLASS = "parcours-hiding";

export function findPlacements(doc: Document): Map<string, Element[]> {
  const map = new Map<string, Element[]>();
  doc.querySelectorAll("[" + PLACEMENT_ATTR + "]").forEach((el) => {
    const name = el.getAttribute(PLACEMENT_ATTR);
    if (name) map.set(name, (map.get(name) || []).concat(el));
  });
  return map;
}

export function reveal(el: Element): void {
  el.setAttribute(READY_ATTR, "");
}

/** Shows every placement, rendered or not: their default content is better than a hole. */
export function lift(doc: Document): void {
  doc.documentElement.classList.remove(HIDING_CLASS);
}
