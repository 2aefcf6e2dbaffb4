/**
 * Seeding shared by the end-to-end tests: checks on admin API answers, visitors made through the
 * data plane as a browser would, and the wait until the D1 profile index (which the events queue
 * fills, and campaign runs read) holds them.
 */
import { expect } from "vitest";
import type { AdminCall } from "../db/seed";

export async function created(res: Response) {
  expect(res.status, await res.clone().text()).toBe(201);
}

/** A new visitor whose attributes are set by a `profile.update` through the data plane; answers its device id. */
export async function visitor(baseUrl: string, datastream: string, set: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${baseUrl}/v1/collect?datastream=${encodeURIComponent(datastream)}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ events: [{ type: "profile.update", data: { set } }] }),
  });
  expect(res.status).toBe(204);
  return res.headers.getSetCookie().find((c) => c.startsWith("pcid="))!.slice("pcid=".length).split(";")[0];
}

/** Waits until a profile search for `q` finds `n` profiles: the D1 index follows the events queue. */
export async function untilIndexed(admin: AdminCall, sandbox: string, q: string, n: number) {
  await expect
    .poll(async () => {
      const { items } = (await (await admin("GET", `/sandboxes/${sandbox}/profiles?q=${encodeURIComponent(q)}`)).json()) as { items: { id: string }[] };
      return items.length;
    }, { timeout: 20_000 })
    .toBe(n);
}
