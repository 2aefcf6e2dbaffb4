/**
 * Where and how propositions render: selectors (the page's or the edge's), render actions, scripts
 * only where allowed, space kept for the default content, displays reported once, and on visibility.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Proposition } from "../core/types";
import { delivered, fakeEdge, settle } from "../test/fake-edge";
import { prop } from "../test/fixtures";
import { enableJavaScript, host, load, resetPage } from "../test/page";

const displays = (edge: ReturnType<typeof fakeEdge>) =>
  edge
    .to("/v1/collect")
    .flatMap((s) => s.body.events)
    .filter((e: { type: string }) => e.type === "proposition.display")
    .map((e: { data: { tokens: string[] } }) => e.data.tokens);

beforeEach(() => resetPage('<div data-parcours-placement="hero" style="height:120px">Default hero</div><img id="logo" src="/logo.png"><p class="promo">Default promo</p>'));
afterEach(() => {
  vi.unstubAllGlobals();
  delete host.pwned;
});

describe("placements", () => {
  it("asks for configured placements whose selector matches, and renders into the matched elements", async () => {
    const edge = fakeEdge({ propositions: [prop("promo", { format: "text", content: "Two for one" })] });
    const { parcours } = load(edge, {});
    await parcours("configure", { datastream: "demo", placements: { promo: { selector: ".promo" }, absent: { selector: "#nowhere" } } });
    await delivered();
    expect(edge.sent[0].body.placements).toEqual(["hero", "promo"]);
    expect(document.querySelector(".promo")!.textContent).toBe("Two for one");
    expect(document.querySelector(".promo")!.hasAttribute("data-parcours-ready")).toBe(true);
  });

  it("uses the selector and action the edge sends with the proposition", async () => {
    const logo = { ...prop("logo", { format: "image", content: "https://cdn.example/winter.png" }), selector: "#logo", action: "attribute" } as Proposition;
    const edge = fakeEdge({ propositions: [logo] });
    const { parcours } = load(edge, {});
    // Named without a selector: the page leaves finding it to the edge's.
    await parcours("configure", { datastream: "demo", placements: { logo: { attribute: "src" } } });
    await delivered();
    expect(edge.sent[0].body.placements).toEqual(["hero", "logo"]);
    expect(document.getElementById("logo")!.getAttribute("src")).toBe("https://cdn.example/winter.png");
    expect(displays(edge)).toEqual([["t-logo"]]);
  });

  it("lets the page's placement configuration override the edge's action", async () => {
    const edge = fakeEdge({ propositions: [{ ...prop("hero", { format: "html", content: "<b>Hi</b>" }), action: "html" } as Proposition] });
    const { parcours } = load(edge, {});
    await parcours("configure", { datastream: "demo", placements: { hero: { action: "text" } } });
    await settle();
    expect(document.querySelector('[data-parcours-placement="hero"]')!.textContent).toBe("<b>Hi</b>");
  });

  it("runs scripts in html offers only for placements in allowScripts", async () => {
    const restore = enableJavaScript();
    try {
      const script = '<p>Quiz</p><script>window.pwned = (window.pwned || 0) + 1</script>';
      const edge = fakeEdge({ propositions: [prop("hero", { format: "html", content: script }), prop("promo", { format: "html", content: script })] });
      const { parcours } = load(edge, {});
      await parcours("configure", { datastream: "demo", placements: { promo: { selector: ".promo" } }, allowScripts: ["hero"] });
      await settle();
    } finally {
      restore();
    }
    expect(host.pwned).toBe(1);
    expect(document.querySelector(".promo script")).toBeNull();
  });

  it("keeps the default content's height as min-height, so a shorter offer shifts nothing", async () => {
    load(fakeEdge({ propositions: [prop("hero", { format: "text", content: "Short" })] }));
    await settle();
    const hero = document.querySelector<HTMLElement>('[data-parcours-placement="hero"]')!;
    expect(hero.textContent).toBe("Short");
    expect(hero.style.minHeight).toBe("120px");
  });

  it("applyPropositions renders without reporting tokens already reported", async () => {
    const hero = prop("hero", { format: "text", content: "Spring sale" });
    const edge = fakeEdge({ propositions: [hero] });
    const { parcours } = load(edge);
    await delivered();
    const el = document.querySelector('[data-parcours-placement="hero"]')!;
    el.textContent = "The app redrew this";
    await expect(parcours("applyPropositions", [hero, null, "junk"])).resolves.toEqual({ propositions: [hero] });
    expect(el.textContent).toBe("Spring sale");
    await delivered();
    expect(displays(edge)).toEqual([["t-hero"]]);
  });

  it("applyPropositions reports propositions fetched without rendering, once", async () => {
    const edge = fakeEdge({ propositions: [prop("hero", { format: "text", content: "Later" })] });
    const { parcours } = load(edge, { datastream: "demo", pageView: "false" });
    const { propositions } = await parcours("sendEvent", "search", { placements: ["hero"], renderDecisions: false });
    expect(document.querySelector('[data-parcours-placement="hero"]')!.textContent).toBe("Default hero");
    await parcours("applyPropositions", propositions);
    await parcours("applyPropositions", propositions);
    await delivered();
    expect(document.querySelector('[data-parcours-placement="hero"]')!.textContent).toBe("Later");
    expect(displays(edge)).toEqual([["t-hero"]]);
  });

  it('with displayOn: "visible", reports a display only once the placement is on screen past the threshold', async () => {
    const observers: FakeObserver[] = [];
    class FakeObserver {
      targets: Element[] = [];
      constructor(
        readonly callback: IntersectionObserverCallback,
        readonly options: IntersectionObserverInit,
      ) {
        observers.push(this);
      }
      observe(el: Element) {
        this.targets.push(el);
      }
      unobserve(el: Element) {
        this.targets = this.targets.filter((t) => t !== el);
      }
      show(ratio: number) {
        const entries = this.targets.map((target) => ({ target, isIntersecting: ratio > 0, intersectionRatio: ratio }));
        this.callback(entries as unknown as IntersectionObserverEntry[], this as unknown as IntersectionObserver);
      }
    }
    vi.stubGlobal("IntersectionObserver", FakeObserver);
    const edge = fakeEdge({ propositions: [prop("hero", { format: "text", content: "Below the fold" })] });
    const { parcours } = load(edge, {});
    await parcours("configure", { datastream: "demo", displayOn: "visible", threshold: 0.5 });
    await delivered();
    expect(document.querySelector('[data-parcours-placement="hero"]')!.textContent).toBe("Below the fold");
    expect(displays(edge)).toEqual([]);
    expect(observers[0].options.threshold).toBe(0.5);

    observers[0].show(0.2);
    await delivered();
    expect(displays(edge)).toEqual([]);
    observers[0].show(0.6);
    observers[0].show(1);
    await delivered();
    expect(displays(edge)).toEqual([["t-hero"]]);
    expect(observers[0].targets).toEqual([]);
  });

  it('falls back to reporting on render when the browser has no IntersectionObserver', async () => {
    vi.stubGlobal("IntersectionObserver", undefined);
    const edge = fakeEdge({ propositions: [prop("hero", { format: "text", content: "x" })] });
    const { parcours } = load(edge, {});
    await parcours("configure", { datastream: "demo", displayOn: "visible" });
    await delivered();
    expect(displays(edge)).toEqual([["t-hero"]]);
  });
});
