/**
 * DOM-free entry of the Parcours SDK core: usable from browsers, React Native and Node.
 */
export { createClient, createEvent, PCID_KEY } from "./client";
export type { Client, ClientOptions, IdentityFields } from "./client";
export { createEmitter } from "./emitter";
export type { Emitter } from "./emitter";
export { uuid, now } from "./ids";
export { memoryStorage, safeStorage } from "./storage";
export { ParcoursError } from "./transport";
export type * from "./types";
