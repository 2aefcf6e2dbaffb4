/**
 * Turns proposition items into DOM. json items are data for the host's own code (delivered through
 * the `propositions` event), so they render nothing. Each top-level node we insert is remembered with
 * its tracking token, which lets click tracking map a click back to the offer without wrapper elements.
 */
import type { Item } from "../core/types";
import { isSafeUrl, sanitizeHtml } from "./sanitize";

export type Owners = WeakMap<Node, string>;

export function renderItem(item: Item, doc: Document): Node | null {
  let node: Node;
  const content = String(item.content == null ? "" : item.content);
  if (item.format === "html") node = sanitizeHtml(content, doc);
  else if (item.format === "text") node = doc.createTextNode(content);
  else if (item.format === "image") {
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

/** Replaces the element's content with the renderable items; returns the tokens of what was shown. */
export function renderInto(el: Element, items: Item[], owners: Owners): string[] {
  const doc = el.ownerDocument;
  const tokens: string[] = [];
  const nodes: Node[] = [];
  for (const item of items || []) {
    const node = renderItem(item, doc);
    if (!node) continue;
    // A fragment empties itself on insertion, so remember its children, not the fragment.
    const top = node.nodeType === 11 ? Array.from(node.childNodes) : [node];
    for (const n of top) owners.set(n, item.trackingToken);
    nodes.push(node);
    tokens.push(item.trackingToken);
  }
  // Nothing renderable (e.g. only json): keep the page's default content.
  if (nodes.length) {
    el.textContent = "";
    for (const n of nodes) el.appendChild(n);
  }
  return tokens;
}
