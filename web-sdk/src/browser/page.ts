/**
 * What a page view says about the page: nothing beyond what any server log sees (URL, referrer,
 * title) plus the campaign utm_* parameters, hoisted for audience rules. Single-page apps change
 * the URL through the History API; each new URL (ignoring the #fragment) is a page view too.
 */

export function pageData(win: Window, referrer?: string): Record<string, unknown> {
  const { location, document } = win;
  const data: Record<string, unknown> = { url: location.href, referrer: referrer === undefined ? document.referrer : referrer, title: document.title };
  new URLSearchParams(location.search).forEach((value, key) => {
    if (key.startsWith("utm_")) data[key] = value;
  });
  return data;
}

/** The page's URL without its fragment: in-page anchors are not new pages. */
export const pageUrl = (win: Window) => win.location.href.split("#")[0];

/** Calls `fn` after each History API navigation: pushState, replaceState, back and forward. */
export function watchHistory(win: Window, fn: () => void): void {
  const history = win.history as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ["pushState", "replaceState"]) {
    const original = history[name];
    if (typeof original != "function") continue;
    try {
      history[name] = function (this: unknown, ...args: unknown[]) {
        const result = original.apply(this, args);
        fn();
        return result;
      };
    } catch {
      /* a frozen history: back and forward still count */
    }
  }
  win.addEventListener("popstate", fn);
}

/**
 * Runs `fn` once the DOM is parsed: synchronously when it already is, so the page view goes out
 * before any event replayed right after it; callbacks keep their order either way.
 */
export function whenReady(doc: Document, fn: () => void): void {
  if (doc.readyState !== "loading") fn();
  else doc.addEventListener("DOMContentLoaded", () => fn(), { once: true });
}
