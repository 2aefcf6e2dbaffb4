/** Admin routes to look a profile up. */
import { z } from "zod";
import { notFound } from "../http/errors";
import { factory, requireSandbox, sandboxParam } from "../http/factory";
import { param, query } from "../http/validate";
import { isPcid } from "../identity/pcid";
import { profileStub } from "./stub";

const lookupQuery = z
  .object({ ns: z.enum(["pcid"]), value: z.string().min(1).max(200) })
  .refine((q) => isPcid(q.value), { path: ["value"], message: "Not a valid device id" });

export const profileRoutes = factory.createApp().get("/lookup", param(sandboxParam), query(lookupQuery), async (c) => {
  const { sb } = c.req.valid("param");
  const { value } = c.req.valid("query");
  await requireSandbox(c.env, sb);
  const profile = await profileStub(c.env, sb, value).describe();
  if (!profile) throw notFound("Profile");
  return c.json({ profile: { ...profile, identities: [{ namespace: "pcid", value }] } });
});
