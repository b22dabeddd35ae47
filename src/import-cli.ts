import { createReadStream } from "node:fs";
import { parseArgs } from "node:util";
import { connectDb, createIntakeStore } from "../db/index.ts";
import { ConfigError, type ImportConfig, loadImportConfig, processEnv } from "./config.ts";
import { runInvoiceImport } from "./intake/index.ts";

/**
 * `npm run import -- --business <id> [--skip-invalid] invoices.csv`
 * Exit code 0 when every row was imported or already present (or skipped with --skip-invalid).
 */
const USAGE = "usage: npm run import -- --business <id> [--skip-invalid] <invoices.csv>";

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function readArgs() {
  try {
    const { values, positionals } = parseArgs({
      options: { business: { type: "string" }, "skip-invalid": { type: "boolean" } },
      allowPositionals: true,
    });
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0 || values.business === undefined) fail(USAGE);
    return { file, businessId: values.business, skipInvalid: values["skip-invalid"] === true };
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

function readConfig(): ImportConfig {
  try {
    return loadImportConfig(processEnv());
  } catch (error) {
    if (error instanceof ConfigError) fail(`relance: ${error.message}`);
    throw error;
  }
}

const args = readArgs();
const config = readConfig();
const connection = connectDb(config.DATABASE_URL, { maxConnections: 4 });
try {
  const ok = await runInvoiceImport({
    store: createIntakeStore(connection.db),
    links: {
      publicUrl: config.PUBLIC_URL,
      telegramBotUsername: config.TELEGRAM_BOT_USERNAME,
      whatsappNumber: config.WHATSAPP_PHONE_NUMBER,
      ttlDays: config.LINK_TTL_DAYS,
    },
    now: () => new Date(),
    businessId: args.businessId,
    source: createReadStream(args.file),
    skipInvalid: args.skipInvalid,
    out: (line) => process.stdout.write(`${line}\n`),
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  process.exitCode = ok ? 0 : 1;
} catch (error) {
  process.stderr.write(
    `import failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
} finally {
  await connection.close();
}
