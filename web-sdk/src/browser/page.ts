/**
 * What the automatic page view says about the page: nothing beyond what any server log sees
 * (URL, referrer, title) plus the campaign utm_* parameters, hoisted for audience rules.
 */

export function pageData(win: Window): Record<string, unknown> {
  const { location, document } = win;
  const data: Record<string, unknown> = { url: location.href, referrer: document.referrer, title: document.title };
  new URLSearchParams(location.search).forEach((value, key) => {
    if (key.startsWith("utm_")) data[key] = value;
  });
  return data;
}

/**
 * Runs `fn` once the DOM is parsed: synchronously when it already is, so the page view goes out
 * before any event replayed right after it; callbacks keep their order either way.
 */
export function whenReady(doc: Document, fn: () => void): void {
  if (doc.readyState !== "loading") fn();
  else doc.addEventListener("DOMContentLoaded", () => fn(), { once: true });
}
