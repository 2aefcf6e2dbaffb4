/**
 * Test helper: a fresh host page per test, the SDK's <script> tag, and the SDK installed against
 * a fake edge. Also runs inline scripts for real (happy-dom keeps JS evaluation off by default).
 */
import { fakeEdge } from "./fake-edge";
import { install } from "../browser/install";
import { HIDING_CLASS } from "../browser/placements";
import { memoryStorage, safeStorage } from "../core/storage";
import type { KeyValueStorage } from "../core/types";

type Host = Window & { parcours?: any; pwned?: unknown };
export const host = window as unknown as Host;

let generation = 0;

/**
 * localStorage for one test's SDK: once the page is reset for the next test, it is cut off, so an
 * instance left over from an earlier test (its outbox timer still armed) cannot take the next
 * test's queued events. A new instance in the same test shares it, as a reload would.
 */
export function pageStorage(): KeyValueStorage {
  const mine = generation;
  const dead = memoryStorage();
  return safeStorage(() => (mine === generation ? localStorage : dead));
}

export function resetPage(body = "", { hiding = true } = {}): void {
  generation++;
  document.documentElement.className = hiding ? HIDING_CLASS : "";
  document.head.innerHTML = "";
  document.body.innerHTML = body;
  document.title = "Test page";
  delete host.parcours;
  delete host.pwned;
  try {
    localStorage.clear();
  } catch {
    /* a test replaced localStorage with a throwing one */
  }
}

export function sdkScript(dataset: Record<string, string> = { datastream: "demo" }): HTMLScriptElement {
  const script = document.createElement("script");
  script.src = "https://edge.example/sdk.js";
  Object.assign(script.dataset, dataset);
  return script;
}

export function load(edge = fakeEdge(), dataset?: Record<string, string>) {
  const parcours = install(host, sdkScript(dataset), { fetch: edge.fetch, storage: pageStorage() });
  return { edge, parcours: parcours! };
}

/** Lets happy-dom execute scripts, as a browser would, until the returned function is called. */
export function enableJavaScript(): () => void {
  const settings = (host as any).happyDOM.settings;
  settings.enableJavaScriptEvaluation = true;
  settings.suppressInsecureJavaScriptEnvironmentWarning = true;
  return () => void (settings.enableJavaScriptEvaluation = false);
}

/** Appends an inline script and runs it. */
export function runInline(code: string): void {
  const restore = enableJavaScript();
  try {
    const script = document.createElement("script");
    script.textContent = code;
    document.head.appendChild(script);
  } finally {
    restore();
  }
}

export const isHiding = () => document.documentElement.classList.contains(HIDING_CLASS);
