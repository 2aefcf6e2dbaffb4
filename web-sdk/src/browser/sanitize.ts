/**
 * Defuses offer HTML before it enters the page. Offers are admin-authored, so this is a seatbelt,
 * not a sanitizer for hostile input: no <script>, no on* handlers, no javascript: URLs.
 * Parsing happens in an inert <template>, so nothing loads or runs before we have cleaned it.
 */

const URL_ATTRS = ["href", "src", "action", "formaction", "xlink:href"];

export function isSafeUrl(value: string): boolean {
  // Browsers ignore whitespace and control characters inside a scheme ("java\nscript:").
  return !/^(javascript:|vbscript:|data:text\/html)/i.test(value.replace(/[\s\0-\x1f]/g, ""));
}

export function sanitizeHtml(html: string, doc: Document): DocumentFragment {
  const template = doc.createElement("template");
  template.innerHTML = html;
  const fragment = template.content;
  fragment.querySelectorAll("*").forEach((el) => {
    if (el.localName === "script") return el.remove();
    for (const { name, value } of Array.from(el.attributes)) {
      const lower = name.toLowerCase();
      if (lower.startsWith("on") || lower === "srcdoc" || (URL_ATTRS.includes(lower) && !isSafeUrl(value))) {
        el.removeAttribute(name);
      }
    }
  });
  return fragment;
}
