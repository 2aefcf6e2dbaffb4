/**
 * In-app messages shown as a banner or a modal dialog. Everything the edge sends is set as text
 * (textContent), never parsed as markup, and the call-to-action must be an http(s) or relative URL.
 * The modal is a labelled dialog that keeps focus inside, closes on Escape (or a click beside
 * it), and gives focus back to where it was; one modal shows at a time, the next waits.
 */
import type { Message } from "../core/types";

export type TrackMessage = (type: "message.display" | "message.click" | "message.dismiss", token: string) => void;

const CSS =
  ".pcm{position:fixed;z-index:2147483647;left:16px;right:16px;bottom:16px;margin:auto;max-width:480px;box-sizing:border-box;padding:16px 20px;" +
  "background:#fff;color:#222;border-radius:12px;box-shadow:0 6px 28px rgba(0,0,0,.3);font:16px/1.45 system-ui,sans-serif}" +
  ".pcm-bg{position:fixed;z-index:2147483646;inset:0;background:rgba(0,0,0,.45)}.pcm-bg .pcm{top:50%;bottom:auto;transform:translateY(-50%)}" +
  ".pcm h2{margin:0 0 6px;font-size:18px}.pcm p{margin:0}.pcm-x{float:right;margin:-8px -12px 0 8px;padding:4px 8px;border:0;background:none;color:inherit;font-size:24px;line-height:1;cursor:pointer}" +
  ".pcm-cta{display:inline-block;margin-top:12px;font-weight:600;color:inherit}";

/** http(s) or relative: never javascript:, data: or any other scheme. */
export function isHttpUrl(url: unknown, base: string): boolean {
  try {
    return typeof url == "string" && /^https?:$/.test(new URL(url, base).protocol);
  } catch {
    return false;
  }
}

export function createMessenger(doc: Document, track: TrackMessage): (message: Message) => void {
  const waiting: Message[] = [];
  let styled = false;
  let modalOpen = false;
  let ids = 0;

  function add<K extends keyof HTMLElementTagNameMap>(tag: K, parent: Node, className?: string, text?: string): HTMLElementTagNameMap[K] {
    const el = doc.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    parent.appendChild(el);
    return el;
  }

  function show(m: Message): void {
    const modal = m.kind === "modal";
    if (modal && modalOpen) return void waiting.push(m);
    if (!styled) styled = !!(add("style", doc.head).textContent = CSS);
    const root = modal ? add("div", doc.body, "pcm-bg") : doc.body;
    const box = add("div", root, "pcm");
    const id = "pcm-" + ++ids;
    const close = add("button", box, "pcm-x", "\u00d7");
    close.type = "button";
    close.setAttribute("aria-label", "Close");
    if (m.title) add("h2", box, "", m.title).id = id;
    const body = add("p", box, "", m.body);
    if (!m.title) body.id = id;
    const cta = m.cta;
    if (cta && isHttpUrl(cta.url, doc.baseURI)) {
      const link = add("a", box, "pcm-cta", String(cta.label || cta.url));
      link.href = cta.url;
      link.addEventListener("click", () => end("message.click"));
    }
    box.setAttribute("role", modal ? "dialog" : "region");
    box.setAttribute("aria-labelledby", id);
    close.addEventListener("click", () => end("message.dismiss"));
    const before = doc.activeElement as HTMLElement | null;

    const keys = (e: KeyboardEvent) => {
      if (e.key === "Escape") return end("message.dismiss");
      if (e.key !== "Tab") return;
      const stops = box.querySelectorAll<HTMLElement>("a[href],button");
      const at = doc.activeElement;
      const inside = at !== box && box.contains(at);
      if (e.shiftKey ? at === stops[0] || !inside : at === stops[stops.length - 1] || !inside) {
        e.preventDefault();
        stops[e.shiftKey ? stops.length - 1 : 0].focus();
      }
    };

    function end(type: "message.click" | "message.dismiss") {
      (modal ? root : box).remove();
      track(type, m.trackingToken);
      if (!modal) return;
      modalOpen = false;
      doc.removeEventListener("keydown", keys, true);
      if (before && before.focus) before.focus();
      const next = waiting.shift();
      if (next) show(next);
    }

    if (modal) {
      modalOpen = true;
      box.setAttribute("aria-modal", "true");
      box.tabIndex = -1;
      doc.addEventListener("keydown", keys, true);
      root.addEventListener("click", (e) => void (e.target === root && end("message.dismiss")));
      close.focus();
    }
    track("message.display", m.trackingToken);
  }

  return (m) => {
    try {
      show(m);
    } catch {
      /* a message that cannot be shown must not break the page */
    }
  };
}
