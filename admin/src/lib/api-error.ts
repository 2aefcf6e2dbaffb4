// The console's view of the API's error envelope (docs/api.md): one Error type that keeps the
// code and the per-field `details`, so forms can put each message beside its field.

export type FieldIssue = { path: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldIssue[] = [],
    readonly requestId?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** First message per field path, e.g. `{ "representations.0.content": "Required" }`. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) out[d.path] ??= d.message;
    return out;
  }
}

type Envelope = { error?: { code?: unknown; message?: unknown; details?: unknown }; requestId?: unknown };

/** Builds an ApiError from a non-2xx answer; tolerates bodies that are not the envelope (proxies, HTML). */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let body: Envelope = {};
  try {
    body = (await res.json()) as Envelope;
  } catch {
    // Not JSON: fall back to the status line below.
  }
  const e = body.error ?? {};
  const details = Array.isArray(e.details)
    ? e.details
        .filter((d): d is { path: unknown; message: unknown } => typeof d === "object" && d !== null)
        .map((d) => ({ path: String(d.path ?? ""), message: String(d.message ?? "Invalid") }))
    : [];
  return new ApiError(
    res.status,
    typeof e.code === "string" ? e.code : `http_${res.status}`,
    typeof e.message === "string" ? e.message : `${res.status} ${res.statusText}`.trim(),
    details,
    typeof body.requestId === "string" ? body.requestId : undefined,
  );
}

/** Anything thrown (network failure, bug) as a message a person can read. */
export function messageOf(err: unknown): string {
  // The request id only helps with server faults, where it finds the log line.
  if (err instanceof ApiError) return err.status >= 500 && err.requestId ? `${err.message} (request ${err.requestId})` : err.message;
  if (err instanceof TypeError) return "Could not reach the server. Is `npm start` running?";
  return err instanceof Error ? err.message : String(err);
}
