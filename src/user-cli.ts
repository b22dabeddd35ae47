import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { connectDb, createAdminStore, createDeskUserStore } from "../db/index.ts";
import { ConfigError, loadImportConfig, processEnv } from "./config.ts";
import { hashPassword } from "./http/index.ts";
import { deskUserInputSchema, fieldErrors } from "./intake/index.ts";

/**
 * `npm run user:create -- --email claire@atelier-lune.fr --role owner --business <id> [--locale fr]`
 * Creates a desk login. The password is read from stdin (typed at a prompt, not echoed, or piped:
 * `printf '%s\n' "$PASSWORD" | npm run user:create -- …`), never from the command line, where
 * it would stay in the shell's history and the process list.
 */
const USAGE =
  "usage: npm run user:create -- --email <e-mail> --role admin|owner [--business <id>]… [--locale fr|en]";

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function readArgs() {
  try {
    const { values, positionals } = parseArgs({
      options: {
        email: { type: "string" },
        role: { type: "string" },
        business: { type: "string", multiple: true },
        locale: { type: "string" },
      },
      allowPositionals: false,
    });
    if (positionals.length > 0) fail(USAGE);
    return values;
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

/** One line from stdin; at a terminal, a prompt whose typing is not echoed. */
function readPassword(): Promise<string> {
  return new Promise((resolve) => {
    const tty = process.stdin.isTTY === true;
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: tty });
    if (tty) {
      process.stderr.write("Password: ");
      // Replace what readline would echo with nothing.
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
    }
    let answered = false;
    rl.once("line", (line) => {
      answered = true;
      if (tty) process.stderr.write("\n");
      rl.close();
      resolve(line);
    });
    rl.once("close", () => {
      if (!answered) resolve("");
    });
  });
}

const args = readArgs();
let config: ReturnType<typeof loadImportConfig>;
try {
  config = loadImportConfig(processEnv());
} catch (error) {
  if (error instanceof ConfigError) fail(`relance: ${error.message}`);
  throw error;
}
const parsed = deskUserInputSchema.safeParse({
  email: args.email ?? "",
  role: args.role ?? "",
  ...(args.locale ? { locale: args.locale } : {}),
  businessIds: args.business ?? [],
  password: await readPassword(),
});
if (!parsed.success) {
  const lines = Object.entries(fieldErrors(parsed.error)).map(([f, m]) => `  ${f}: ${m}`);
  fail(`user not created:\n${lines.join("\n")}\n${USAGE}`);
}
const input = parsed.data;
const connection = connectDb(config.DATABASE_URL, { maxConnections: 2 });
try {
  const known = new Set((await createAdminStore(connection.db).listBusinesses()).map((b) => b.id));
  const unknown = input.businessIds.filter((id) => !known.has(id));
  if (unknown.length > 0) fail(`user not created: no business ${unknown.join(", ")}`);
  const users = createDeskUserStore(connection.db);
  if (await users.findUserByEmail(input.email)) fail(`user not created: ${input.email} exists`);
  const user = await users.createUser({
    email: input.email,
    passwordHash: await hashPassword(input.password),
    role: input.role,
    locale: input.locale,
    businessIds: input.businessIds,
  });
  process.stdout.write(`created ${user.role} ${user.email}\n`);
} finally {
  await connection.close();
}
