/**
 * The demo sandbox, seeded through the admin API so the seed exercises the same validation as
 * a person would. Used by `npm start` on an empty database and by the tests.
 */
export const DEMO_SANDBOX = "prod";
export const DEMO_DATASTREAM = "demo";

export const demoConfig = {
  sandbox: { id: DEMO_SANDBOX, name: "Production (demo)", timeZone: "UTC" },
  datastreams: [{ id: DEMO_DATASTREAM, name: "Demo storefront", allowedOrigins: [] as string[] }],
  placements: [{ id: "hero", name: "Home page hero", channel: "web", format: "html", selector: "[data-parcours-placement=hero]" }],
  offers: [
    {
      id: "spring-sale",
      name: "Spring sale",
      status: "approved",
      priority: 20,
      tags: ["seasonal"],
      representations: [
        { placement: "hero", format: "html", content: "<h2>Spring sale: 20% off garden tools</h2><p>This week only, on everything green.</p>", link: "/demo#garden" },
      ],
    },
    {
      id: "free-shipping",
      name: "Free shipping",
      status: "approved",
      priority: 10,
      tags: ["shipping"],
      representations: [{ placement: "hero", format: "html", content: "<h2>Free shipping over €50</h2><p>Delivered in two days.</p>" }],
    },
    {
      id: "welcome",
      name: "Welcome (fallback)",
      status: "approved",
      priority: 0,
      fallback: true,
      representations: [{ placement: "hero", format: "html", content: "<h2>Welcome to the Parcours demo store</h2>" }],
    },
  ],
};

export type AdminCall = (method: string, path: string, body?: unknown) => Promise<Response>;

/** Makes an AdminCall over plain fetch, for a running Worker. */
export function adminClient(baseUrl: string, token: string, fetcher: typeof fetch = fetch): AdminCall {
  return (method, path, body) =>
    fetcher(`${baseUrl}/admin/api${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

async function expectOk(res: Response, what: string) {
  if (!res.ok) throw new Error(`${what} failed: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

/** True when the demo sandbox exists already. */
export async function isSeeded(call: AdminCall): Promise<boolean> {
  const body = (await expectOk(await call("GET", "/sandboxes"), "Listing sandboxes")) as { items: { id: string }[] };
  return body.items.some((s) => s.id === DEMO_SANDBOX);
}

/**
 * Creates the demo sandbox, its datastream, placement and offers, then publishes. Tests pass
 * other ids to get a fresh sandbox of the same shape.
 */
export async function seedDemo(
  call: AdminCall,
  ids: { sandbox?: string; datastream?: string } = {},
): Promise<{ sandbox: string; datastream: string; version: number }> {
  const sb = ids.sandbox ?? demoConfig.sandbox.id;
  const datastream = ids.datastream ?? DEMO_DATASTREAM;
  await expectOk(await call("POST", "/sandboxes", { ...demoConfig.sandbox, id: sb }), "Creating the sandbox");
  for (const d of demoConfig.datastreams) {
    await expectOk(await call("POST", `/sandboxes/${sb}/datastreams`, { ...d, id: datastream }), `Creating datastream ${datastream}`);
  }
  for (const p of demoConfig.placements) await expectOk(await call("POST", `/sandboxes/${sb}/placements`, p), `Creating placement ${p.id}`);
  for (const o of demoConfig.offers) await expectOk(await call("POST", `/sandboxes/${sb}/offers`, o), `Creating offer ${o.id}`);
  const { publication } = (await expectOk(await call("POST", `/sandboxes/${sb}/publish`), "Publishing")) as { publication: { version: number } };
  return { sandbox: sb, datastream, version: publication.version };
}
