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

/** False for attributes that run code: handlers, srcdoc, and script URLs. */
export function isSafeAttribute(name: string, value: string): boolean {
  const lower = name.toLowerCase();
  return !(lower.startsWith("on") || lower === "srcdoc" || (URL_ATTRS.includes(lower) && !isSafeUrl(value)));
}

/** `trusted` (a placement listed in allowScripts) skips the cleanup; scripts still need activateScripts. */
export function sanitizeHtml(html: string, doc: Document, trusted?: boolean): DocumentFragment {
  const template = doc.createElement("template");
  template.innerHTML = html;
  const fragment = template.content;
  if (!trusted) {
    fragment.querySelectorAll("*").forEach((el) => {
      if (el.localName === "script") return el.remove();
      for (const { name, value } of Array.from(el.attributes)) if (!isSafeAttribute(name, value)) el.removeAttribute(name);
    });
  }
  return fragment;
}

/** Scripts parsed through innerHTML never run; a fresh copy of each does once it is in the page. */
export function activateScripts(el: Element): void {
  el.querySelectorAll("script").forEach((old) => {
    const script = el.ownerDocument.createElement("script");
    for (const { name, value } of Array.from(old.attributes)) script.setAttribute(name, value);
    script.text = old.text;
    old.replaceWith(script);
  });
}
