/**
 * Test fixtures shared by the page-level SDK tests: a page with four placements, one proposition
 * per format, and a stand-in for the snippet's stub (the real snippet is run in snippet.test.ts).
 */
import type { Proposition } from "../core/types";
import { host } from "./page";

export const PLACEMENTS = `
  <div data-parcours-placement="hero"><p>Default hero</p></div>
  <aside data-parcours-placement="banner">Default banner</aside>
  <div data-parcours-placement="promo">Default promo</div>
  <div data-parcours-placement="config">Default config</div>
  <p id="outside">Not personalized</p>`;

export const prop = (placement: string, item: Record<string, unknown>): Proposition =>
  ({ id: "p-" + placement, placement, fallback: false, items: [{ offerId: "o-" + placement, trackingToken: "t-" + placement, ...item }] }) as Proposition;

export const ALL_FORMATS = [
  prop("hero", { format: "html", content: '<h2>Spring sale</h2><a id="cta" href="/sale">Shop <b>now</b></a>' }),
  prop("banner", { format: "text", content: "<i>Free</i> shipping" }),
  prop("promo", { format: "image", content: "https://cdn.example/p.jpg", alt: "Red shoes", link: "/shoes" }),
  prop("config", { format: "json", content: '{"discount":20}' }),
];

export function stub(): void {
  host.parcours = function (...args: unknown[]) {
    return new Promise((resolve, reject) => (host.parcours.q = host.parcours.q || []).push([args, resolve, reject]));
  };
}
