/** Input schemas of the offer library: placements, offers, collections and decisions. */
import { z } from "zod";
import { slug } from "../http/slug";
import { FormulaError, parseFormula } from "./formula";
import { validTimeZone } from "./capping";
import { checkTemplate } from "./template";

export const formats = ["html", "text", "image", "json"] as const;

export const renderActions = ["html", "text", "image", "attribute", "json"] as const;

export const placementFields = z.object({
  name: z.string().min(1).max(120),
  channel: z.enum(["web", "app", "email", "code"]).default("web"),
  format: z.enum(formats).default("html"),
  /** Where the web SDK renders it without being told (a CSS selector), and how. */
  selector: z.string().min(1).max(200).nullish(),
  action: z.enum(renderActions).nullish(),
});
export const placementInput = placementFields.extend({ id: slug });

const representation = z.object({
  placement: slug,
  format: z.enum(formats),
  content: z.string().min(1, "Content is required").max(16_000),
  link: z.string().max(2000).refine((v) => /^(https?:\/\/|\/)/.test(v), "Use an absolute http(s) URL or a path starting with /").nullish(),
  alt: z.string().max(300).nullish(),
});

const epochMs = z.number().int().nonnegative();

const capPeriod = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("calendar"), unit: z.enum(["day", "week", "month"]), timeZone: z.string().min(1).max(64).optional() }).strict(),
  z.object({ kind: z.literal("rolling"), hours: z.number().int().min(1).max(24 * 400) }).strict(),
  z.object({ kind: z.literal("lifetime") }).strict(),
]);

const capRule = z
  .object({
    counts: z.string().min(1).max(64).regex(/^[A-Za-z][\w.:-]*$/, "decision, display, click, or an event type"),
    scope: z.enum(["profile", "global"]).default("profile"),
    period: capPeriod,
    limit: z.number().int().min(1).max(1_000_000_000),
    perPlacement: z.boolean().default(false),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.period.kind === "calendar" && r.period.timeZone && !validTimeZone(r.period.timeZone)) ctx.addIssue({ code: "custom", path: ["period", "timeZone"], message: "Not a time zone, such as Europe/Paris" });
  });


const eligibility = z.union([z.object({ audience: slug }).strict(), z.object({ rule: z.record(z.string(), z.unknown()) }).strict()]);

export const offerFields = z
  .object({
    name: z.string().min(1, "Name is required").max(120),
    status: z.enum(["draft", "approved", "archived"]).default("draft"),
    priority: z.number().int().min(-1_000_000).max(1_000_000).default(0),
    fallback: z.boolean().default(false),
    startAt: epochMs.nullish(),
    endAt: epochMs.nullish(),
    tags: z.array(z.string().min(1).max(64)).max(50).default([]),
    representations: z.array(representation).min(1, "Give at least one representation").max(30),
    /** Who may see the offer: an audience's members, or people matching an inline rule. */
    eligibility: eligibility.nullish(),
    /** How often the offer may be decided, shown or clicked (at most 10 rules). */
    caps: z.array(capRule).max(10, "At most 10 capping rules").default([]),
    /** What ranking formulas read as `offer.<name>`. */
    attributes: z
      .record(z.string().regex(/^[A-Za-z_]\w{0,63}$/, "Name attributes with letters, digits and _"), z.union([z.string().max(500), z.number(), z.boolean()]))
      .refine((a) => Object.keys(a).length <= 50, "At most 50 attributes")
      .default({}),
  })
  .superRefine((o, ctx) => {
    if (o.fallback && o.caps.length) ctx.addIssue({ code: "custom", path: ["caps"], message: "A fallback offer is always there to show: it has no caps" });
    if (o.fallback && o.eligibility) ctx.addIssue({ code: "custom", path: ["eligibility"], message: "A fallback offer is for everyone: it has no eligibility" });
    if (o.startAt != null && o.endAt != null && o.endAt <= o.startAt) {
      ctx.addIssue({ code: "custom", path: ["endAt"], message: "End must be after start" });
    }
    const seen = new Set<string>();
    o.representations.forEach((r, i) => {
      const problem = checkTemplate(r.content);
      if (problem) ctx.addIssue({ code: "custom", path: ["representations", i, "content"], message: problem });
      if (seen.has(r.placement)) ctx.addIssue({ code: "custom", path: ["representations", i, "placement"], message: "One representation per placement" });
      seen.add(r.placement);
    });
  });

export const offerCreate = z.intersection(z.object({ id: slug.optional() }), offerFields);

export const collectionFields = z.object({
  name: z.string().min(1, "Name is required").max(120),
  /** Offers with any of the tags, or with all of them. */
  match: z.enum(["any", "all"]).default("any"),
  tags: z.array(z.string().min(1).max(64)).min(1, "Give at least one tag").max(50),
});
export const collectionCreate = collectionFields.extend({ id: slug.optional() });

export const MAX_DECISION_ITEMS = 30;

const formula = z
  .string()
  .min(1, "Write a formula")
  .superRefine((src, ctx) => {
    try {
      parseFormula(src);
    } catch (err) {
      if (err instanceof FormulaError) ctx.addIssue({ code: "custom", message: err.message });
      else throw err;
    }
  });

export const ranking = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("priority") }).strict(),
  z.object({ kind: z.literal("formula"), formula }).strict(),
  /** Thompson sampling on displays and clicks; `exploration` of traffic is spread evenly. */
  z.object({ kind: z.literal("auto"), exploration: z.number().min(0).max(1).default(0.1) }).strict(),
]);

const criterion = z
  .object({
    collection: slug,
    /** Who this criterion is for; everyone when absent. */
    eligibility: eligibility.nullish(),
    ranking: ranking.default({ kind: "priority" }),
  })
  .strict();

const decisionPlacement = z
  .object({
    placement: slug,
    criteria: z.array(criterion).min(1, "Give at least one criterion").max(10, "At most 10 criteria"),
    items: z.number().int().min(1).max(MAX_DECISION_ITEMS, `At most ${MAX_DECISION_ITEMS} items`).default(1),
    /** A fallback offer with a representation in this placement. */
    fallback: slug.nullish(),
  })
  .strict();

export const decisionFields = z
  .object({
    name: z.string().min(1, "Name is required").max(120),
    allowDuplicates: z.boolean().default(false),
    placements: z.array(decisionPlacement).min(1, "Give at least one placement").max(30),
  })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.placements.forEach((p, i) => {
      if (seen.has(p.placement)) ctx.addIssue({ code: "custom", path: ["placements", i, "placement"], message: "Each placement once per decision" });
      seen.add(p.placement);
    });
  });
export const decisionCreate = z.intersection(z.object({ id: slug.optional() }), decisionFields);
