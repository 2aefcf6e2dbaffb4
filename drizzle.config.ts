import { defineConfig } from "drizzle-kit";

// Generates SQL migrations for D1 into the flat folder that wrangler and the tests both read.
export default defineConfig({
  dialect: "sqlite",
  schema: "./db/schema.ts",
  out: "./db/migrations",
  migrations: { prefix: "index" },
});
