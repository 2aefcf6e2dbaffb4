/** Helpers for Worker integration tests: requests through the real Worker entry in workerd. */
import { exports } from "cloudflare:workers";
import { adminClient, seedDemo } from "../../db/seed";

export const ORIGIN = "https://parcours.test";
export const TOKEN = "test-admin-token";

export const call = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`${ORIGIN}${path}`, init));

export const admin = adminClient(ORIGIN, TOKEN, ((input: RequestInfo | URL, init?: RequestInit) =>
  exports.default.fetch(new Request(input, init))) as typeof fetch);

let counter = 0;
/** A fresh demo-shaped sandbox with its own datastream, so tests never share state. */
export function seed() {
  const n = `${Date.now().toString(36)}-${counter++}`;
  return seedDemo(admin, { sandbox: `sb-${n}`, datastream: `ds-${n}` });
}

export function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
  return call(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export function cookieOf(res: Response, name: string): string | undefined {
  const header = res.headers.get("set-cookie") ?? "";
  return new RegExp(`(?:^|[;,]\\s*)${name}=([^;]+)`).exec(header)?.[1];
}

/** Polls until `check` returns a value, for effects that go through a queue. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
