import { ConfigError, loadHealthConfig, processEnv } from "./config.ts";
import { checkDependencies } from "./startup-checks.ts";

/**
 * `npm run health` — exits 0 when Postgres answers and is migrated and Redis answers, else prints
 * one line saying what is wrong and exits 1. The worker serves no HTTP, so its container health
 * check runs this (the web's checks GET /readyz, which asks the same questions).
 */
try {
  await checkDependencies(loadHealthConfig(processEnv()));
  process.exit(0);
} catch (error) {
  process.stderr.write(
    `relance: ${error instanceof ConfigError ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
