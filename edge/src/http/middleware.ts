/**
 * Cross-cutting middleware: request ids, the admin bearer token, the body size limit.
 */
import { createMiddleware } from "hono/factory";
import { bodyLimit } from "hono/body-limit";
import { ApiError } from "./errors";

export type AppEnv = { Bindings: Env; Variables: { requestId: string } };

export const MAX_BODY_BYTES = 64 * 1024;

export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const id = c.req.header("cf-ray") ?? crypto.randomUUID();
  c.set("requestId", id);
  await next();
});

export const limitBody = (maxSize = MAX_BODY_BYTES) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(413, "payload_too_large", `The request body is larger than ${maxSize} bytes`);
    },
  });

const encoder = new TextEncoder();

/** Compares two secrets in time independent of where they first differ. */
async function sameSecret(a: string, b: string): Promise<boolean> {
  const [da, db] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(a)),
    crypto.subtle.digest("SHA-256", encoder.encode(b)),
  ]);
  return crypto.subtle.timingSafeEqual(da, db);
}

/** Every admin route needs `Authorization: Bearer <ADMIN_TOKEN>`. */
export const adminAuth = createMiddleware<AppEnv>(async (c, next) => {
  const expected = c.env.ADMIN_TOKEN;
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!expected) throw new ApiError(401, "unauthorized", "The admin API is disabled: ADMIN_TOKEN is not configured");
  if (!match || !(await sameSecret(match[1], expected))) {
    throw new ApiError(401, "unauthorized", "A valid admin token is required (Authorization: Bearer <token>)");
  }
  await next();
});
