import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, openSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { Redis } from "ioredis";
import postgres from "postgres";

/**
 * The chaos run's own Postgres and Redis: a fresh cluster (initdb) and a fresh redis-server on
 * ports of their own, so that restarting them never disturbs the shared 5432/6379 the test suite
 * and other work use. Both live under the run's temporary directory and are removed with it.
 *
 * Every stop here is synchronous-safe: `killNow()` can run from an `exit` handler, so a run that
 * is interrupted (Ctrl-C, an exception) leaves no server behind.
 */

const PG_BIN = process.env.CHAOS_PG_BIN ?? "/usr/local/bin";

/** A TCP port nobody listens on: `preferred` when free, else one the kernel picks. */
export async function freePort(preferred: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | null>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(null));
      server.listen(port, "127.0.0.1", () => {
        const address = server.address();
        const got = typeof address === "object" && address !== null ? address.port : null;
        server.close(() => resolve(got));
      });
    });
  return (await tryListen(preferred)) ?? (await tryListen(0)) ?? preferred;
}

function postgresUser(): { uid: number; gid: number } {
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  return { uid, gid };
}

/** Runs a Postgres binary as the `postgres` OS user (initdb refuses root). */
function asPostgres(args: readonly string[], options: { check?: boolean } = {}): string {
  const asRoot = process.getuid?.() === 0;
  const [cmd, ...rest] = asRoot ? ["runuser", "-u", "postgres", "--", ...args] : args;
  const result = spawnSync(cmd ?? "", rest, { encoding: "utf8" });
  if ((options.check ?? true) && result.status !== 0) {
    throw new Error(`${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  }
  return `${result.stdout}${result.stderr}`;
}

function asPostgresAsync(args: readonly string[]): Promise<void> {
  const asRoot = process.getuid?.() === 0;
  const [cmd, ...rest] = asRoot ? ["runuser", "-u", "postgres", "--", ...args] : args;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd ?? "", rest, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(" ")} failed (${code}): ${stderr}`)),
    );
  });
}

export class PrivatePostgres {
  readonly dataDir: string;
  readonly socketDir: string;
  readonly logFile: string;
  #running = false;

  constructor(
    readonly root: string,
    readonly port: number,
  ) {
    this.dataDir = path.join(root, "pg-data");
    this.socketDir = path.join(root, "pg-socket");
    this.logFile = path.join(root, "logs", "postgres.log");
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/relance_chaos`;
  }

  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async init(): Promise<void> {
    const { uid, gid } = postgresUser();
    // mkdtemp makes the run's directory private to root: the postgres user must pass through it.
    chmodSync(this.root, 0o711);
    for (const dir of [this.dataDir, this.socketDir]) {
      mkdirSync(dir, { recursive: true });
      chownSync(dir, uid, gid);
    }
    chownSync(path.dirname(this.logFile), uid, gid);
    asPostgres([
      `${PG_BIN}/initdb`,
      "-D",
      this.dataDir,
      "-A",
      "trust",
      "-U",
      "postgres",
      "-E",
      "UTF8",
      "--locale=C",
      "--no-sync",
    ]);
    this.start();
  }

  /** Starts the server and waits until it accepts connections (`pg_ctl -w`). */
  start(): void {
    asPostgres([
      `${PG_BIN}/pg_ctl`,
      "-D",
      this.dataDir,
      "-l",
      this.logFile,
      "-w",
      "-t",
      "60",
      "-o",
      // fsync off: nothing here survives the run, and a fast shutdown writes everything anyway.
      // Commit timestamps: when each outbox row was marked sent (the checks measure the window
      // between the platform taking a message and that mark).
      `-p ${this.port} -k ${this.socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 -c track_commit_timestamp=on`,
      "start",
    ]);
    this.#running = true;
  }

  /** `pg_ctl restart -m fast`: every session is cut, the server is back when this resolves.
   *  Asynchronous: the run's fake Telegram and debtors keep going meanwhile. */
  async restart(): Promise<void> {
    await asPostgresAsync([
      `${PG_BIN}/pg_ctl`,
      "-D",
      this.dataDir,
      "-l",
      this.logFile,
      "-w",
      "-t",
      "60",
      "-m",
      "fast",
      "restart",
    ]);
  }

  /** Waits until a query answers (after a restart the server may still be starting). */
  async ready(timeoutMs = 30_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const sql = postgres(this.adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 2 });
      try {
        await sql`select 1`;
        return;
      } catch (error) {
        if (performance.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 200));
      } finally {
        await sql.end({ timeout: 1 });
      }
    }
  }

  /** Immediate stop; safe to call twice, and from an exit handler. */
  killNow(): void {
    if (!this.#running) return;
    this.#running = false;
    asPostgres([`${PG_BIN}/pg_ctl`, "-D", this.dataDir, "-m", "immediate", "-w", "stop"], {
      check: false,
    });
  }
}

/**
 * A redis-server child process. It keeps no data on disk of its own accord (`--save ""`,
 * `--appendonly no`); a restart "with its data" asks it to save on shutdown (`SHUTDOWN SAVE`) and
 * starts the next server on the same directory, which loads that dump; a restart "empty" kills it
 * and removes the dump first.
 */
export class PrivateRedis {
  readonly dir: string;
  readonly logFile: string;
  #child: ChildProcess | null = null;
  #generation = 0;

  constructor(
    readonly root: string,
    readonly port: number,
  ) {
    this.dir = path.join(root, "redis");
    this.logFile = path.join(root, "logs", "redis.log");
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get dumpFile(): string {
    return path.join(this.dir, "dump.rdb");
  }

  async start(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    this.#generation += 1;
    const log = openSync(this.logFile, "a");
    const child = spawn(
      "redis-server",
      [
        "--port",
        String(this.port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        this.dir,
        "--dbfilename",
        "dump.rdb",
        "--maxmemory-policy",
        "noeviction",
        "--daemonize",
        "no",
      ],
      { stdio: ["ignore", log, log] },
    );
    this.#child = child;
    await this.ready();
  }

  async ready(timeoutMs = 20_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const redis = new Redis(this.url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        retryStrategy: () => null,
      });
      redis.on("error", () => undefined);
      try {
        await redis.connect();
        // A server still loading its dump answers LOADING: not ready yet.
        if ((await redis.ping()) === "PONG") return;
      } catch (error) {
        if (performance.now() > deadline) throw error;
      } finally {
        redis.disconnect();
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Kills the server (SIGKILL) and waits for it to be gone. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGKILL");
    await gone;
    this.#child = null;
  }

  /** Asks the server to save its data and stop (`SHUTDOWN SAVE`), and waits until it has. */
  async shutdownSaving(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const redis = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    redis.on("error", () => undefined);
    await redis.connect();
    await redis.call("SHUTDOWN", "SAVE").catch(() => undefined); // the connection closes
    redis.disconnect();
    await gone;
    this.#child = null;
  }

  removeDump(): void {
    if (existsSync(this.dumpFile)) rmSync(this.dumpFile);
  }

  killNow(): void {
    this.#child?.kill("SIGKILL");
    this.#child = null;
  }
}
