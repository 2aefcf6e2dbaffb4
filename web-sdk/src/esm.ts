/**
 * ESM entry for bundlers: the DOM-free core plus the browser command API without the global.
 *   const parcours = createParcours(); parcours("configure", { datastream, edgeUrl }); parcours.start();
 */
export * from "./core/index";
export { createParcours } from "./browser/parcours";
export type { Config, Env, Parcours, SendEventOptions } from "./browser/parcours";
export { install } from "./browser/install";
export { sanitizeHtml } from "./browser/sanitize";
