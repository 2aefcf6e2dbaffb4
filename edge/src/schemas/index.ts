/**
 * Schemas of profile attributes and event payloads: the supported JSON Schema subset, its check,
 * and validation against a published snapshot's schemas. Plain TypeScript: runs in Node too.
 */
export { checkSchemaDocument, MAX_SCHEMA_BYTES, MAX_SCHEMA_DEPTH, SCHEMA_FORMATS, SCHEMA_TYPES, SUPPORTED_KEYWORDS, type SchemaType } from "./subset";
export { checkPattern, MAX_PATTERN_LENGTH } from "./regex-guard";
export {
  BUILT_IN_EVENT_TYPES,
  CompiledSchemas,
  compileSchemas,
  validateAttributes,
  validateEventData,
  type SchemaCheck,
  type SchemaMode,
} from "./validate";
