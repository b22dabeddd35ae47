import { loadMigrateConfig, processEnv } from "../src/config.ts";
import { migrate } from "./migrate.ts";

/** `npm run db:migrate`: migrates DATABASE_URL (or the local default; see src/config.ts). */
try {
  await migrate(loadMigrateConfig(processEnv()).DATABASE_URL);
  console.log(JSON.stringify({ level: "info", msg: "migrations applied" }));
} catch (error) {
  console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
