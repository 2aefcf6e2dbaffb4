/** The part of OpenAPI 3.1 the document uses, typed loosely enough for JSON Schema's variety. */

/** A JSON Schema 2020-12 object (OpenAPI 3.1 schemas are plain JSON Schema). */
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  description?: string;
  title?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  [keyword: string]: unknown;
};

export type Ref = { $ref: string };

export type Example = { summary?: string; description?: string; value: unknown };

export type Parameter = {
  name: string;
  in: "query" | "header" | "cookie" | "path";
  description?: string;
  required?: boolean;
  schema: JsonSchema;
  example?: unknown;
  style?: string;
  explode?: boolean;
};

export type Header = { description?: string; schema: JsonSchema; example?: unknown };

export type MediaType = { schema: JsonSchema; example?: unknown; examples?: Record<string, Example> };

export type Response = {
  description: string;
  headers?: Record<string, Header | Ref>;
  content?: Record<string, MediaType>;
};

export type RequestBody = { description?: string; required?: boolean; content: Record<string, MediaType> };

export type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  tags?: string[];
  parameters?: (Parameter | Ref)[];
  requestBody?: RequestBody;
  responses: Record<string, Response | Ref>;
  security?: Record<string, string[]>[];
};

export const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
export type Method = (typeof METHODS)[number];

export type PathItem = Partial<Record<Method, Operation>> & { summary?: string; description?: string };

export type SecurityScheme = { type: "http"; scheme: string; bearerFormat?: string; description?: string };

export type OpenApiDocument = {
  openapi: string;
  jsonSchemaDialect?: string;
  info: { title: string; version: string; summary?: string; description?: string };
  servers?: { url: string; description?: string }[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, PathItem>;
  components: {
    schemas: Record<string, JsonSchema>;
    parameters?: Record<string, Parameter>;
    responses?: Record<string, Response>;
    headers?: Record<string, Header>;
    securitySchemes?: Record<string, SecurityScheme>;
  };
};

export const isRef = (v: unknown): v is Ref => typeof v === "object" && v !== null && typeof (v as Ref).$ref === "string";
