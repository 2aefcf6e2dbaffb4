/**
 * Validation middleware: zod schemas for bodies, queries and params, failures turned into a
 * `validation_failed` ApiError listing every field path. Built on Hono's `validator` so the
 * validated types flow into `AppType` and the console's typed client.
 */
import { validator } from "hono/validator";
import type { ZodType, z } from "zod";
import { validationFailed, type ErrorDetail } from "./errors";

export function issuesToDetails(issues: z.core.$ZodIssue[], prefix = ""): ErrorDetail[] {
  return issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
    return { path: path || "(root)", message: issue.message };
  });
}

export function parseWith<T extends ZodType>(schema: T, value: unknown, prefix = ""): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailed(issuesToDetails(result.error.issues, prefix));
  return result.data;
}

export const json = <T extends ZodType>(schema: T) =>
  validator("json", (value): z.output<T> => parseWith(schema, value));

export const query = <T extends ZodType>(schema: T) =>
  validator("query", (value): z.output<T> => parseWith(schema, value));

export const param = <T extends ZodType>(schema: T) =>
  validator("param", (value): z.output<T> => parseWith(schema, value));
