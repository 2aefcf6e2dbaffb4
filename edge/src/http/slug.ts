/** Ids of configuration objects: lower-case letters, digits, - and _ (no runtime imports, so pure modules can use it). */
import { z } from "zod";

export const slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "Use lower-case letters, digits, - and _; start with a letter or digit");
