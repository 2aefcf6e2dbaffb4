import { describe, expect, it } from "vitest";
import { isSafeUrl, sanitizeHtml } from "./sanitize";

function clean(html: string): HTMLElement {
  const box = document.createElement("div");
  box.appendChild(sanitizeHtml(html, document));
  return box;
}

describe("sanitizeHtml", () => {
  it("removes <script> elements, including nested and SVG ones", () => {
    const box = clean('<h2>Sale</h2><script>window.pwned=1</script><div><svg><script>1</script></svg></div>');
    expect(box.querySelectorAll("script")).toHaveLength(0);
    expect(box.querySelector("h2")!.textContent).toBe("Sale");
  });

  it("removes on* handler attributes and keeps the others", () => {
    const box = clean('<img src="/a.png" alt="A" onerror="window.pwned=1" ONLOAD="x()"><p class="x" onclick="y()">t</p>');
    const img = box.querySelector("img")!;
    expect(img.getAttribute("onerror")).toBeNull();
    expect(img.getAttribute("onload")).toBeNull();
    expect(img.getAttribute("alt")).toBe("A");
    expect(box.querySelector("p")!.getAttribute("onclick")).toBeNull();
    expect(box.querySelector("p")!.className).toBe("x");
  });

  it("drops javascript: URLs, even obfuscated with whitespace", () => {
    const box = clean('<a href="java\tscript:alert(1)">x</a><a href="/sale">y</a>');
    const [bad, good] = Array.from(box.querySelectorAll("a"));
    expect(bad.hasAttribute("href")).toBe(false);
    expect(good.getAttribute("href")).toBe("/sale");
  });

  it("never runs scripts from offer content", () => {
    const w = window as unknown as { pwned?: number };
    delete w.pwned;
    document.body.appendChild(clean('<script>window.pwned=1</script><img src="x:" onerror="window.pwned=2">'));
    expect(w.pwned).toBeUndefined();
  });

  it("accepts ordinary URLs", () => {
    expect(isSafeUrl("https://shop.example/sale")).toBe(true);
    expect(isSafeUrl("/sale?x=1")).toBe(true);
    expect(isSafeUrl(" JavaScript:alert(1)")).toBe(false);
  });
});
