import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_DATASTREAM, DEMO_SANDBOX, isSeeded, seedDemo } from "../../db/seed";
import { app } from "../src/http/app";
import { verifyIdentity } from "../src/identity/signature";
import { admin, call, cookieOf, postJson } from "./helpers";

type Claim = { namespace: string; value: string; expires: number; signature: string };
type Failure = { error: { code: string; details?: { path: string; message: string }[] } };

beforeAll(async () => {
  if (!(await isSeeded(admin))) await seedDemo(admin);
});

const demoSecret = async () =>
  (await env.DB.prepare("SELECT secret FROM datastreams WHERE id = ?").bind(DEMO_DATASTREAM).first<{ secret: string }>())!.secret;

describe("POST /demo/login", () => {
  it("signs the normalised email for the demo datastream for ten minutes, and the edge accepts it", async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await postJson("/demo/login", { email: "  Ada.Login@Example.COM " });
    expect(res.status).toBe(200);
    const claim = (await res.json()) as Claim;
    expect(claim).toMatchObject({ namespace: "email", value: "ada.login@example.com" });
    expect(claim.expires - before).toBeGreaterThanOrEqual(600);
    expect(claim.expires - before).toBeLessThanOrEqual(601);
    expect(await verifyIdentity(await demoSecret(), claim, before)).toBe("valid");

    const first = await postJson(`/v1/interact?datastream=${DEMO_DATASTREAM}`, { events: [{ type: "page.view" }] });
    const pcid = cookieOf(first, "pcid")!;
    const login = await postJson(`/v1/interact?datastream=${DEMO_DATASTREAM}`, { identify: [claim], events: [{ type: "identity.login" }] }, { cookie: `pcid=${pcid}` });
    expect(login.status).toBe(200);
    const found = await admin("GET", `/sandboxes/${DEMO_SANDBOX}/profiles/lookup?ns=email&value=${encodeURIComponent(claim.value)}`);
    const { profile } = (await found.json()) as { profile: { identities: { namespace: string; value: string }[] } };
    expect(profile.identities.map((i) => `${i.namespace}:${i.value}`).sort()).toEqual([`email:${claim.value}`, `pcid:${pcid}`].sort());
  });

  it("accepts a plain HTML form post", async () => {
    const res = await call("/demo/login", { method: "POST", body: new URLSearchParams({ email: "grace@example.com" }) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Claim).value).toBe("grace@example.com");
  });

  it.each([
    ["a malformed address", { email: "not-an-email" }, "Not a valid email address"],
    ["a missing email", {}, "Give an email address"],
    ["an email that is not a string", { email: ["ada@example.com"] }, "Give an email address"],
  ])("answers 400 with the field path for %s", async (_, body, message) => {
    const res = await postJson("/demo/login", body);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as Failure;
    expect(error.code).toBe("validation_failed");
    expect(error.details).toEqual([{ path: "email", message }]);
  });

  it("answers 400 malformed_json for a body that is not JSON", async () => {
    const res = await postJson("/demo/login", "{email:");
    expect(res.status).toBe(400);
    expect(((await res.json()) as Failure).error.code).toBe("malformed_json");
  });

  it('is not there unless DEMO_LOGIN is "on", signing nothing', async () => {
    const res = await app.request(
      "https://parcours.test/demo/login",
      { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "ada@example.com" }) },
      { ...env, DEMO_LOGIN: "off" },
      createExecutionContext(),
    );
    expect(res.status).toBe(404);
    const body = (await res.json()) as Failure & { signature?: string };
    expect(body.error.code).toBe("not_found");
    expect(body.signature).toBeUndefined();
  });
});
