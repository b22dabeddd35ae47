import { type ChildProcess, spawn } from "node:child_process";
import { openSync, readFileSync } from "node:fs";
import path from "node:path";
import { wallNow } from "./wall-clock.ts";

/**
 * The service's processes, as an orchestrator would run them: `node --import tsx src/main.ts web`
 * and `… worker`, each restarted when it dies. The chaos run kills them with SIGKILL and restarts
 * them after a pause; a process that exits on its own (a start-up check refusing a dependency
 * that is down, a crash) is restarted too, and counted.
 */

export type Role = "web" | "worker";

export interface ProcessEvent {
  readonly role: Role;
  readonly kind: "started" | "ready" | "killed" | "exited";
  readonly at: number;
  readonly pid: number;
  readonly detail?: string;
}

export interface SupervisorOptions {
  readonly repoRoot: string;
  readonly logDir: string;
  readonly env: Record<string, string>;
  /** The web process's URL (health probe). */
  readonly webUrl: string;
  /** Pause before restarting a process that exited on its own. */
  readonly restartDelayMs: number;
}

class Supervised {
  child: ChildProcess | null = null;
  generation = 0;
  restartTimer: NodeJS.Timeout | null = null;
  logFile = "";
  /** The pid of the process last seen up. */
  readyPid: number | null = null;

  constructor(readonly role: Role) {}
}

export class ServiceProcesses {
  readonly events: ProcessEvent[] = [];
  readonly #procs: Record<Role, Supervised> = {
    web: new Supervised("web"),
    worker: new Supervised("worker"),
  };
  #stopping = false;
  readonly #killedByUs = new WeakSet<ChildProcess>();

  constructor(private readonly options: SupervisorOptions) {}

  /** Starts both and waits until each says it is up. */
  async start(): Promise<void> {
    this.#spawn("web");
    this.#spawn("worker");
    const up = await Promise.all([this.waitReady("web"), this.waitReady("worker")]);
    if (!up.every(Boolean)) throw new Error("the service did not start");
  }

  pid(role: Role): number | null {
    return this.#procs[role].child?.pid ?? null;
  }

  /** How long the role's current process has been up (ms), or null if it is not. */
  upFor(role: Role): number | null {
    const pid = this.pid(role);
    const ready = this.events.findLast((e) => e.role === role && e.kind === "ready");
    return pid !== null && ready?.pid === pid ? wallNow() - ready.at : null;
  }

  /** SIGKILL now, and a restart after `downMs`. */
  kill(role: Role, downMs: number): boolean {
    const p = this.#procs[role];
    const child = p.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return false;
    this.#killedByUs.add(child);
    this.events.push({ role, kind: "killed", at: wallNow(), pid: child.pid ?? 0 });
    child.kill("SIGKILL");
    // Gone from now on, though its exit may be noticed later: nobody waits on it any more.
    p.child = null;
    p.readyPid = null;
    this.#scheduleRestart(p, downMs);
    return true;
  }

  /**
   * Resolves true when the role's current process is up — the web has answered /healthz, the
   * worker has logged "worker ready" — or false after `timeoutMs`. A process seen up once counts
   * as up while it lives (a web busy with the load may answer /healthz slowly). A process that
   * dies meanwhile is waited for in its next life.
   */
  async waitReady(role: Role, timeoutMs = 300_000): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    const p = this.#procs[role];
    for (;;) {
      const child = p.child;
      if (child && child.exitCode === null && child.signalCode === null) {
        if (p.readyPid === child.pid) return true;
        if (await this.#isReady(p)) {
          p.readyPid = child.pid ?? null;
          this.events.push({ role, kind: "ready", at: wallNow(), pid: child.pid ?? 0 });
          return true;
        }
      }
      if (performance.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async #isReady(p: Supervised): Promise<boolean> {
    if (p.role === "web") {
      try {
        const res = await fetch(`${this.options.webUrl}/healthz`, {
          signal: AbortSignal.timeout(10_000),
        });
        return res.status === 200;
      } catch {
        return false;
      }
    }
    try {
      return readFileSync(p.logFile, "utf8").includes('"msg":"worker ready"');
    } catch {
      return false;
    }
  }

  #spawn(role: Role): void {
    const p = this.#procs[role];
    p.generation += 1;
    p.logFile = path.join(this.options.logDir, `${role}-${p.generation}.log`);
    const log = openSync(p.logFile, "a");
    // node itself (not the tsx CLI, which would run the service as a grandchild): SIGKILL must
    // reach the process that holds the connections.
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", role], {
      cwd: this.options.repoRoot,
      env: { ...this.options.env, PATH: process.env.PATH ?? "" },
      stdio: ["ignore", log, log],
    });
    p.child = child;
    this.events.push({ role, kind: "started", at: wallNow(), pid: child.pid ?? 0 });
    child.once("exit", (code, signal) => {
      // The exit of a process we killed may be noticed after its successor started: only the
      // current process, dying on its own, is reported and replaced.
      if (p.child !== child) return;
      p.child = null;
      if (this.#killedByUs.has(child) || this.#stopping) return;
      // Not ours: a crash, or a start-up check refusing a dependency that is down.
      this.events.push({
        role,
        kind: "exited",
        at: wallNow(),
        pid: child.pid ?? 0,
        detail: `${signal ?? `code ${code}`}: ${lastLine(p.logFile)}`,
      });
      this.#scheduleRestart(p, this.options.restartDelayMs);
    });
  }

  #scheduleRestart(p: Supervised, delayMs: number): void {
    if (p.restartTimer) clearTimeout(p.restartTimer);
    p.restartTimer = setTimeout(() => {
      p.restartTimer = null;
      if (!this.#stopping) this.#spawn(p.role);
    }, delayMs);
  }

  /** Every log file written so far, by role. */
  logFiles(): { role: Role; file: string }[] {
    const out: { role: Role; file: string }[] = [];
    for (const role of ["web", "worker"] as const) {
      for (let g = 1; g <= this.#procs[role].generation; g++) {
        out.push({ role, file: path.join(this.options.logDir, `${role}-${g}.log`) });
      }
    }
    return out;
  }

  /** SIGTERM (a clean drain), then SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    this.#stopping = true;
    await Promise.all(
      (["web", "worker"] as const).map(async (role) => {
        const p = this.#procs[role];
        if (p.restartTimer) clearTimeout(p.restartTimer);
        const child = p.child;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
        await gone;
        clearTimeout(timer);
      }),
    );
  }

  /** For an exit handler: nothing may outlive the run. */
  killNow(): void {
    this.#stopping = true;
    for (const role of ["web", "worker"] as const) {
      const p = this.#procs[role];
      if (p.restartTimer) clearTimeout(p.restartTimer);
      p.child?.kill("SIGKILL");
    }
  }
}

function lastLine(file: string): string {
  try {
    const lines = readFileSync(file, "utf8").trim().split("\n");
    return (lines.at(-1) ?? "").slice(0, 300);
  } catch {
    return "";
  }
}
