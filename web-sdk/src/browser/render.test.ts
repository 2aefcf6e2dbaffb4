import { describe, expect, it } from "vitest";
import type { Item } from "../core/types";
import { enableJavaScript, host } from "../test/page";
import { renderInto, renderItem } from "./render";

const item = (over: Partial<Item>): Item => ({ offerId: "o", format: "html", content: "", trackingToken: "t", ...over });

describe("rendering", () => {
  it("renders html as markup", () => {
    const el = document.createElement("div");
    renderInto(el, [item({ content: "<h2>Spring sale</h2><p>-20%</p>" })], new WeakMap());
    expect(el.innerHTML).toBe("<h2>Spring sale</h2><p>-20%</p>");
  });

  it("renders text as text, never as markup", () => {
    const el = document.createElement("div");
    renderInto(el, [item({ format: "text", content: "<b>Free</b> shipping" })], new WeakMap());
    expect(el.textContent).toBe("<b>Free</b> shipping");
    expect(el.querySelector("b")).toBeNull();
  });

  it("renders image as an <img> with its alt text", () => {
    const img = renderItem(item({ format: "image", content: "https://cdn.example/hero.jpg", alt: "Red shoes" }), document) as HTMLImageElement;
    expect(img.tagName).toBe("IMG");
    expect(img.getAttribute("src")).toBe("https://cdn.example/hero.jpg");
    expect(img.alt).toBe("Red shoes");
  });

  it("renders nothing for json and keeps the default content", () => {
    const el = document.createElement("div");
    el.innerHTML = "<p>Default</p>";
    const tokens = renderInto(el, [item({ format: "json", content: '{"discount":20}' })], new WeakMap());
    expect(tokens).toEqual([]);
    expect(el.innerHTML).toBe("<p>Default</p>");
  });

  it("wraps the item in a link when it has one", () => {
    const a = renderItem(item({ format: "text", content: "Shop now", link: "/sale" }), document) as HTMLAnchorElement;
    expect(a.tagName).toBe("A");
    expect(a.getAttribute("href")).toBe("/sale");
    expect(a.textContent).toBe("Shop now");
  });

  it("does not wrap in a javascript: link", () => {
    const node = renderItem(item({ format: "text", content: "x", link: "javascript:alert(1)" }), document)!;
    expect(node.nodeType).toBe(Node.TEXT_NODE);
  });

  it("remembers which token owns each inserted top-level node", () => {
    const el = document.createElement("div");
    const owners = new WeakMap<Node, string>();
    const tokens = renderInto(
      el,
      [item({ content: "<h2>A</h2><a href='/a'>go</a>", trackingToken: "tA" }), item({ format: "text", content: "B", link: "/b", trackingToken: "tB" })],
      owners,
    );
    expect(tokens).toEqual(["tA", "tB"]);
    expect(owners.get(el.querySelector("h2")!)).toBe("tA");
    expect(owners.get(el.querySelector("a[href='/b']")!)).toBe("tB");
  });

  it("sets an attribute named by the placement, and leaves the content alone", () => {
    const img = document.createElement("img");
    img.src = "/default.png";
    const owners = new WeakMap<Node, string>();
    const tokens = renderInto(img, [item({ format: "image", content: "https://cdn.example/offer.png" })], owners, { action: "attribute", attribute: "src" });
    expect(img.getAttribute("src")).toBe("https://cdn.example/offer.png");
    expect(tokens).toEqual(["t"]);
    expect(owners.get(img)).toBe("t");
  });

  it("lets the item or the element's data-parcours-attribute name the attribute", () => {
    const a = document.createElement("a");
    a.setAttribute("data-parcours-attribute", "href");
    renderInto(a, [item({ content: "/sale" })], new WeakMap(), { action: "attribute" });
    expect(a.getAttribute("href")).toBe("/sale");
    renderInto(a, [item({ content: "Spring sale", attribute: "title" })], new WeakMap(), { action: "attribute" });
    expect(a.getAttribute("title")).toBe("Spring sale");
  });

  it("never sets handlers, srcdoc or script URLs as attributes", () => {
    const el = document.createElement("a");
    const set = (attribute: string, content: string) => renderInto(el, [item({ content })], new WeakMap(), { action: "attribute", attribute });
    expect(set("onclick", "alert(1)")).toEqual([]);
    expect(set("href", "javascript:alert(1)")).toEqual([]);
    expect(set("srcdoc", "<script>1</script>")).toEqual([]);
    expect(set("", "x")).toEqual([]);
    expect(el.attributes).toHaveLength(0);
  });

  it("follows the placement's action over the item's format", () => {
    const el = document.createElement("div");
    renderInto(el, [item({ content: "<b>bold</b>" })], new WeakMap(), { action: "text" });
    expect(el.textContent).toBe("<b>bold</b>");
    renderInto(el, [item({ content: "<b>bold</b>" })], new WeakMap(), { action: "json" });
    expect(el.textContent).toBe("<b>bold</b>"); // json renders nothing
  });

  it("runs scripts only in placements allowed to", () => {
    const restore = enableJavaScript();
    try {
      const el = document.body.appendChild(document.createElement("div"));
      renderInto(el, [item({ content: '<p>x</p><script>window.pwned = "allowed"</script>' })], new WeakMap());
      expect(host.pwned).toBeUndefined();
      expect(el.querySelector("script")).toBeNull();
      renderInto(el, [item({ content: '<p>x</p><script>window.pwned = "allowed"</script>' })], new WeakMap(), { scripts: true });
      expect(host.pwned).toBe("allowed");
    } finally {
      restore();
      delete host.pwned;
    }
  });

  it("shows items without a tracking token (dry runs) but reports nothing for them", () => {
    const el = document.createElement("div");
    const tokens = renderInto(el, [item({ format: "text", content: "Preview", trackingToken: undefined })], new WeakMap());
    expect(el.textContent).toBe("Preview");
    expect(tokens).toEqual([]);
  });

  it("skips items of the wrong shape", () => {
    const el = document.createElement("div");
    el.textContent = "Default";
    expect(renderInto(el, [null, 3, "x"] as never, new WeakMap())).toEqual([]);
    expect(renderInto(el, "nope" as never, new WeakMap())).toEqual([]);
    expect(el.textContent).toBe("Default");
  });
});
