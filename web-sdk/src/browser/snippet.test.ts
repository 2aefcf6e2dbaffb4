/**
 * Runs the real inline snippet (web-sdk/snippet.html) in the page, then the SDK, as a browser would.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import demo from "../../demo/index.html?raw";
import snippet from "../../snippet.html?raw";
import { delivered, fakeEdge } from "../test/fake-edge";
import { host, isHiding, load, resetPage, runInline } from "../test/page";
import { HIDING_CLASS, PLACEMENT_ATTR, READY_ATTR } from "./placements";

function runSnippet(): void {
  const tpl = document.createElement("template");
  tpl.innerHTML = snippet;
  for (const style of Array.from(tpl.content.querySelectorAll("style"))) document.head.appendChild(style);
  for (const script of Array.from(tpl.content.querySelectorAll("script:not([src])"))) runInline(script.textContent || "");
}

beforeEach(() => resetPage('<div data-parcours-placement="hero">Default</div><p id="other">Other</p>', { hiding: false }));
afterEach(() => vi.useRealTimers());

describe("inline snippet", () => {
  it("loads the SDK asynchronously with the demo datastream", () => {
    const tpl = document.createElement("template");
    tpl.innerHTML = snippet;
    const sdk = tpl.content.querySelector<HTMLScriptElement>("script[src]")!;
    expect(sdk.hasAttribute("async")).toBe(true);
    expect(sdk.getAttribute("src")).toBe("/sdk.js");
    expect(sdk.dataset.datastream).toBe("demo");
  });

  it("hides only placements, and only until they are ready or the curtain lifts", () => {
    runSnippet();
    expect(isHiding()).toBe(true);
    const hero = document.querySelector<HTMLElement>(`[${PLACEMENT_ATTR}]`)!;
    const other = document.getElementById("other")!;
    expect(getComputedStyle(hero).visibility).toBe("hidden");
    expect(getComputedStyle(other).visibility).not.toBe("hidden");
    hero.setAttribute(READY_ATTR, "");
    expect(getComputedStyle(hero).visibility).not.toBe("hidden");
    hero.removeAttribute(READY_ATTR);
    document.documentElement.classList.remove(HIDING_CLASS);
    expect(getComputedStyle(hero).visibility).not.toBe("hidden");
  });

  it("queues calls made before the SDK loads and gives each a promise the SDK settles", async () => {
    runSnippet();
    const seen: unknown[] = [];
    const sent = host.parcours("sendEvent", "cart.add", { data: { sku: "A1" } });
    const bad = host.parcours("nope");
    host.parcours("on", "propositions", (e: unknown) => seen.push(e));
    expect(sent).toBeInstanceOf(Promise);
    expect(host.parcours.q).toHaveLength(3);

    const { edge } = load(fakeEdge({ pcid: "pc-1", propositions: [] }));
    await expect(sent).resolves.toEqual({ propositions: [] });
    await expect(bad).rejects.toMatchObject({ code: "unknown_command" });
    await delivered();
    expect(edge.sent.map((s) => s.body.events[0].type)).toEqual(["page.view", "cart.add"]);
    expect(seen).toHaveLength(1);
    expect(isHiding()).toBe(false);
  });

  it("shows placements after 3 s even if the SDK never loads", async () => {
    vi.useFakeTimers();
    runSnippet();
    await vi.advanceTimersByTimeAsync(2999);
    expect(isHiding()).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(isHiding()).toBe(false);
  });
});

describe("demo page", () => {
  it("embeds only the snippet (inlined at build time), the store's own inline script, and no external resource", () => {
    expect(demo).toMatch(/<!--\s*parcours:snippet/);
    const scripts = demo.match(/<script[^>]*>/gi) ?? [];
    expect(scripts).toEqual(["<script>"]); // the sign-in form's code: no src, so nothing but the snippet loads the SDK
    expect(demo).not.toMatch(/<link|@import|url\(|https?:\/\//i);
  });

  it("has a labelled sign-in form with the test ids the browser tests use", () => {
    const tpl = document.createElement("template");
    tpl.innerHTML = demo;
    const email = tpl.content.querySelector<HTMLInputElement>('[data-testid="demo-login-email"]')!;
    expect(email.type).toBe("email");
    expect(tpl.content.querySelector(`label[for="${email.id}"]`)?.textContent).toBe("Email address");
    expect(tpl.content.querySelector('[data-testid="demo-login-submit"]')?.textContent).toBe("Sign in");
    expect(tpl.content.querySelector('[data-testid="demo-login-status"]')?.getAttribute("role")).toBe("status");
  });

  it("reserves the hero placement's space so personalization causes no layout shift", () => {
    const tpl = document.createElement("template");
    tpl.innerHTML = demo;
    const hero = tpl.content.querySelector(`div[${PLACEMENT_ATTR}="hero"]`);
    expect(hero).not.toBeNull();
    expect(demo).toMatch(/\.hero\s*\{[^}]*min-height:\s*\d+px/);
  });
});
