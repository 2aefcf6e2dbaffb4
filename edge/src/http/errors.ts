/**
 * The one error type of the API and the one JSON envelope every failure is answered with.
 * Routes throw `ApiError`; `app.onError` renders it. Anything else is a bug: it is logged with
 * the request id and answered as a bare 500 that reveals nothing.
 */
import type { ContentfulStatusCode } from "hono/utils/http-status";

export type ErrorDetail = { path: string; message: string };

export type ErrorEnvelope = {
  error: { code: string; message: string; details?: ErrorDetail[] };
  requestId?: string;
};

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const notFound = (what: string) => new ApiError(404, "not_found", `${what} was not found`);

export const validationFailed = (details: ErrorDetail[], message = "The request is invalid") =>
  new ApiError(400, "validation_failed", message, details);

export function envelope(err: ApiError, requestId?: string): ErrorEnvelope {
  const error: ErrorEnvelope["error"] = { code: err.code, message: err.message };
  if (err.details?.length) error.details = err.details;
  return { error, requestId };
}
