/**
 * DOM-free entry of the Parcours SDK core (`parcours/core`): usable from browsers, React Native and Node.
 */
export { createClient, createEvent, PCID_KEY } from "./client";
export type { Client, ClientOptions, IdentityFields, InteractFields } from "./client";
export { createEmitter } from "./emitter";
export type { Emitter } from "./emitter";
export { uuid, now } from "./ids";
export { createOutbox, MAX_QUEUED, QUEUE_KEY } from "./outbox";
export type { Outbox, OutboxOptions } from "./outbox";
export { memoryStorage, safeStorage } from "./storage";
export { ParcoursError, retryable } from "./transport";
export type * from "./types";
