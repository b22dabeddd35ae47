import { defineConfig } from "drizzle-kit";

// Used only by `npm run db:generate` (drizzle-kit); the app migrates with db/migrate.ts.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});
