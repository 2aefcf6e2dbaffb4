/**
 * Single-page apps: each History API navigation to a new URL is a page view, with the previous URL
 * as referrer and the new view's placements; the same URL, or a new #fragment, is not.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { delivered, fakeEdge } from "../test/fake-edge";
import { prop } from "../test/fixtures";
import { load, resetPage } from "../test/page";

const route = () => new Promise((r) => setTimeout(r, 150)); // the SDK waits 100 ms for the view to settle
const pageViews = (edge: ReturnType<typeof fakeEdge>) => edge.to("/v1/interact").filter((s) => s.body.events[0].type === "page.view");

beforeEach(() => {
  history.replaceState(null, "", "/home"); // before the SDK loads, so not a route change
  resetPage('<main><div data-parcours-placement="hero">Default</div></main>');
});
afterEach(() => history.replaceState(null, "", "/"));

describe("single-page-app page views", () => {
  it("sends a page view for each pushState to a new URL, with the previous URL as referrer and the new placements", async () => {
    const edge = fakeEdge({ propositions: [prop("cart-upsell", { format: "text", content: "Add socks?" })] });
    load(edge);
    await delivered();
    document.querySelector("main")!.innerHTML = '<div data-parcours-placement="cart-upsell">Default</div>';
    document.title = "Cart";
    history.pushState({}, "", "/cart?utm_source=mail");
    await route();

    const [first, second] = pageViews(edge);
    expect(first.body.events[0].data.url).toBe(location.origin + "/home");
    expect(second.body.events[0].data).toMatchObject({ url: location.origin + "/cart?utm_source=mail", referrer: location.origin + "/home", title: "Cart", utm_source: "mail" });
    expect(second.body.placements).toEqual(["cart-upsell"]);
    expect(document.querySelector('[data-parcours-placement="cart-upsell"]')!.textContent).toBe("Add socks?");
  });

  it("ignores replaceState to the same URL and fragment-only changes", async () => {
    const { edge } = load();
    await delivered();
    history.replaceState({ scroll: 10 }, "", "/home");
    history.pushState(null, "", "/home#reviews");
    await route();
    expect(pageViews(edge)).toHaveLength(1);
  });

  it("counts a burst of navigations once, for where it ends", async () => {
    const { edge } = load();
    await delivered();
    history.pushState(null, "", "/a");
    history.replaceState(null, "", "/b");
    await route();
    expect(pageViews(edge).map((s) => s.body.events[0].data.url)).toEqual([location.origin + "/home", location.origin + "/b"]);
  });

  it("sends a page view on back and forward (popstate)", async () => {
    const { edge } = load();
    await delivered();
    History.prototype.replaceState.call(history, null, "", "/previous"); // the browser moved, not the app
    window.dispatchEvent(new PopStateEvent("popstate"));
    await route();
    expect(pageViews(edge).pop()!.body.events[0].data.url).toBe(location.origin + "/previous");
  });

  it('sends only the first page view with pageView: "load"', async () => {
    const { edge } = load(fakeEdge(), { datastream: "demo", pageView: "load" });
    await delivered();
    history.pushState(null, "", "/elsewhere");
    await route();
    expect(pageViews(edge)).toHaveLength(1);
  });

  it("sends none with pageView: false", async () => {
    const { edge } = load(fakeEdge(), { datastream: "demo", pageView: "false" });
    history.pushState(null, "", "/elsewhere");
    await route();
    expect(edge.sent).toEqual([]);
  });

  it("runs the configured decisions with every page view", async () => {
    const { edge, parcours } = load(fakeEdge(), {});
    await parcours("configure", { datastream: "demo", decisions: ["home"] });
    await delivered();
    expect(pageViews(edge)[0].body).toMatchObject({ placements: ["hero"], decisions: ["home"] });
  });
});
