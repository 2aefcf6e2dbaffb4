/**
 * The import CLI's HTTP: one request with Node's own client, the failure of an answer in one
 * line, and the one answer of `wrangler dev` that is safe to send again.
 */
import http from "node:http";
import https from "node:https";

type Envelope = { error?: { code?: string; message?: string; details?: { path: string; message: string }[] }; requestId?: string };

export type Answer = { status: number; text: string };

export const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/**
 * One HTTP request with Node's own client rather than fetch: an import request can take minutes
 * on a small machine, longer than fetch's five-minute wait for response headers allows, and a
 * fresh connection per request avoids racing a server that closes idle keep-alive connections.
 */
export function request(url: string, init: { method: string; headers: Record<string, string>; body?: string; timeoutMs?: number }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === "https:" ? https : http;
    const timeout = init.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const req = client.request(target, { method: init.method, headers: init.headers, agent: false, timeout }, (res) => {
      res.setEncoding("utf8");
      let text = "";
      res.on("data", (d: string) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      res.on("error", reject);
    });
    // A server stuck on one request must not hang the import for ever.
    req.on("timeout", () => req.destroy(Object.assign(new Error(`no answer within ${timeout / 1000} s`), { code: "ETIMEDOUT" })));
    req.on("error", reject);
    req.end(init.body);
  });
}

/**
 * `wrangler dev` answers this when its proxy loses a race with the Worker over an idle pooled
 * connection (both close idle connections after 5 s: cloudflare/workers-sdk#14641). The request
 * never reached the Worker, so sending it again is safe.
 */
export const isDevProxyDrop = (a: Answer) => a.status === 503 && a.text.startsWith("Your worker restarted mid-request");

/** A failed answer in one line: the envelope's code, message, details and request id. */
export const describe = (res: Answer) => {
  const text = res.text;
  try {
    const body = JSON.parse(text) as Envelope;
    if (body.error?.message) {
      const details = body.error.details?.map((d) => `${d.path}: ${d.message}`).join("; ");
      return `${res.status} ${body.error.code ?? ""}: ${body.error.message}${details ? ` (${details})` : ""}${body.requestId ? ` [request ${body.requestId}]` : ""}`;
    }
  } catch {
    // not our envelope
  }
  return `${res.status} ${text.slice(0, 200)}`;
};
