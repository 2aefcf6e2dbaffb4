import { describe, expect, it } from "vitest";
import type { Item } from "../core/types";
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
});
