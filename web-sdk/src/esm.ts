/**
 * ESM entry for bundlers (`parcours`): the DOM-free core plus the browser command API without the global.
 *   const parcours = createParcours(); parcours("configure", { datastream, edgeUrl }); parcours.start();
 * React Native and Node import `parcours/core` instead (core/index.ts), which never touches the DOM.
 */
export * from "./core/index";
export { createParcours, CONSENT_KEY } from "./browser/parcours";
export type { Config, Env, Parcours, PlacementConfig, SendEventOptions } from "./browser/parcours";
export { install } from "./browser/install";
export { sanitizeHtml } from "./browser/sanitize";
