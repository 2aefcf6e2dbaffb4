/**
 * Turns proposition items into DOM. The action is the placement's (configured in the console or
 * the page), else the item's format. json items are data for the host's own code (delivered through
 * the `propositions` event), so they render nothing; `attribute` sets one attribute of the placement
 * element itself. Each top-level node we insert is remembered with its tracking token, which lets
 * click tracking map a click back to the offer without wrapper elements.
 */
import type { Action, Item } from "../core/types";
import { activateScripts, isSafeAttribute, isSafeUrl, sanitizeHtml } from "./sanitize";

export type Owners = WeakMap<Node, string>;

export interface RenderOptions {
  action?: Action;
  /** Attribute the `attribute` action sets, unless the item names one. */
  attribute?: string;
  /** Run scripts in html content (the placement is listed in allowScripts). */
  scripts?: boolean;
}

export function renderItem(item: Item, doc: Document, options: RenderOptions = {}): Node | null {
  const action = options.action || item.format;
  const content = item.content;
  if (typeof content != "string") return null;
  let node: Node;
  if (action === "html") node = sanitizeHtml(content, doc, options.scripts);
  else if (action === "text") node = doc.createTextNode(content);
  else if (action === "image") {
    const img = doc.createElement("img");
    img.src = content;
    img.alt = item.alt || "";
    node = img;
  } else return null;
  if (item.link && isSafeUrl(item.link)) {
    const a = doc.createElement("a");
    a.href = item.link;
    a.appendChild(node);
    node = a;
  }
  return node;
}

/** Sets the element's attribute to the content; false when there is none to set or it could run code. */
function setAttribute(el: Element, item: Item, options: RenderOptions): boolean {
  const name = item.attribute || options.attribute || el.getAttribute("data-parcours-attribute");
  const value = item.content;
  if (!name || typeof value != "string" || !isSafeAttribute(name, value)) return false;
  el.setAttribute(name, value);
  return true;
}

/**
 * Replaces the element's content with the renderable items (or sets its attribute); returns the
 * tracking tokens of what was shown. Items without a token (dry runs) are shown but not reported.
 */
export function renderInto(el: Element, items: Item[], owners: Owners, options: RenderOptions = {}): string[] {
  const doc = el.ownerDocument;
  const tokens: string[] = [];
  const nodes: Node[] = [];
  const shown = (item: Item, owned: Node[]) => {
    const token = item.trackingToken;
    if (typeof token != "string") return;
    for (const n of owned) owners.set(n, token);
    tokens.push(token);
  };
  for (const item of Array.isArray(items) ? items : []) {
    if (!item || typeof item != "object") continue;
    if (options.action === "attribute") {
      if (setAttribute(el, item, options)) shown(item, [el]);
      continue;
    }
    const node = renderItem(item, doc, options);
    if (!node) continue;
    // A fragment empties itself on insertion, so remember its children, not the fragment.
    shown(item, node.nodeType === 11 ? Array.from(node.childNodes) : [node]);
    nodes.push(node);
  }
  // Nothing renderable (e.g. only json): keep the page's default content.
  if (nodes.length) {
    reserve(el);
    el.textContent = "";
    for (const n of nodes) el.appendChild(n);
    if (options.scripts) activateScripts(el);
  }
  return tokens;
}

/**
 * Keeps the height the default content took as the element's min-height, so a shorter offer
 * cannot pull the rest of the page up (a layout shift). Leaves alone elements that set their own.
 */
function reserve(el: Element): void {
  const style = (el as HTMLElement).style;
  const win = el.ownerDocument.defaultView;
  const height = win ? win.getComputedStyle(el).height : "";
  if (style && !style.minHeight && /^[1-9][\d.]*px$/.test(height)) style.minHeight = height;
}
