/**
 * Placements are elements marked `data-parcours-placement="name"`, or matched by the placement's
 * CSS selector (set in the console, or in `configure({ placements })`); a name may match several.
 * The anti-flicker curtain: the snippet adds HIDING_CLASS to <html> and a style hiding marked
 * placements without READY_ATTR. Only placements are ever hidden, so a page without any hides nothing.
 */

export const PLACEMENT_ATTR = "data-parcours-placement";
export const READY_ATTR = "data-parcours-ready";
export const HIDING_CLASS = "parcours-hiding";

/** The elements of one placement: marked ones first, then those its selector matches. */
export function placementElements(doc: Document, name: string, selector?: string | null): Element[] {
  const found = Array.from(doc.querySelectorAll("[" + PLACEMENT_ATTR + "]")).filter((el) => el.getAttribute(PLACEMENT_ATTR) === name);
  try {
    if (selector) doc.querySelectorAll(selector).forEach((el) => void (found.indexOf(el) < 0 && found.push(el)));
  } catch {
    /* an invalid selector matches nothing */
  }
  return found;
}

/**
 * The placement names to ask the edge for: every marked one, and every configured one whose
 * selector matches here (or that has none locally, leaving the edge's selector to find it).
 */
export function placementNames(doc: Document, configured: Record<string, { selector?: string } | undefined> = {}): string[] {
  const names: string[] = [];
  doc.querySelectorAll("[" + PLACEMENT_ATTR + "]").forEach((el) => {
    const name = el.getAttribute(PLACEMENT_ATTR);
    if (name && names.indexOf(name) < 0) names.push(name);
  });
  for (const name of Object.keys(configured)) {
    const selector = (configured[name] || {}).selector;
    if (names.indexOf(name) < 0 && (!selector || placementElements(doc, name, selector).length)) names.push(name);
  }
  return names;
}

export function reveal(el: Element): void {
  el.setAttribute(READY_ATTR, "");
}

/** Shows every placement, rendered or not: their default content is better than a hole. */
export function lift(doc: Document): void {
  doc.documentElement.classList.remove(HIDING_CLASS);
}
