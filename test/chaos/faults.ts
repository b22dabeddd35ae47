import type { Redis } from "ioredis";
import type { ServiceProcesses } from "./processes.ts";
import type { Rng } from "./rng.ts";
import type { PrivatePostgres, PrivateRedis } from "./services.ts";
import { wallNow } from "./wall-clock.ts";

/**
 * The faults of a chaos run, drawn from the seed: SIGKILLs of the web and worker processes (each
 * restarted after a short random pause), Redis restarted once empty and once with its data, and
 * Postgres restarted once — each at a random moment of the fault window, in a random order
 * (except that Redis keeps its data before it loses it).
 */

export type FaultKind = "kill-web" | "kill-worker" | "redis-empty" | "redis-data" | "pg-restart";

export interface PlannedFault {
  readonly kind: FaultKind;
  /** ms after the load started. */
  readonly atMs: number;
  /** How long the process or server stays down before it is started again. */
  readonly downMs: number;
  /** A process is killed again only after serving this long since it came back up. */
  readonly minUpMs: number;
}

export interface FaultRecord extends PlannedFault {
  /** Wall-clock ms when the fault hit and when the thing was back. */
  startedAt: number;
  endedAt: number;
  detail: string;
}

export function planFaults(
  rng: Rng,
  options: { kills: number; windowMs: number; minGapMs: number },
): PlannedFault[] {
  const kinds: FaultKind[] = [
    ...Array.from({ length: options.kills }, () => "kill-web" as const),
    ...Array.from({ length: options.kills }, () => "kill-worker" as const),
    "redis-empty",
    "redis-data",
    "pg-restart",
  ];
  // Random moments at least minGapMs apart: a fault that lands on the previous one's recovery is
  // realistic, but one masking the other would say less.
  const times: number[] = [];
  const start = 5_000;
  for (let tries = 0; times.length < kinds.length; tries++) {
    const t = rng.between(start, options.windowMs);
    if (tries > 10_000 || times.every((other) => Math.abs(other - t) >= options.minGapMs)) {
      times.push(t);
    }
  }
  times.sort((a, b) => a - b);
  const order = [...kinds];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j] as FaultKind, order[i] as FaultKind];
  }
  // Redis keeps its data first, while it holds the run's state; emptied later, when the service
  // has rebuilt some (a restart with nothing to keep would prove nothing).
  const withData = order.indexOf("redis-data");
  const empty = order.indexOf("redis-empty");
  if (empty < withData) [order[empty], order[withData]] = ["redis-data", "redis-empty"];
  return order.map((kind, i) => ({
    kind,
    atMs: Math.round(times[i] ?? 0),
    downMs: Math.round(kind === "pg-restart" ? 0 : rng.between(500, 3_000)),
    minUpMs: Math.round(rng.between(10_000, 30_000)),
  }));
}

export interface FaultTargets {
  readonly processes: ServiceProcesses;
  readonly postgres: PrivatePostgres;
  readonly redis: PrivateRedis;
  /** A connection to the private Redis for DBSIZE (reconnects by itself). */
  readonly probe: Redis;
  readonly log: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function dbsize(probe: Redis): Promise<number | null> {
  try {
    return await probe.dbsize();
  } catch {
    return null;
  }
}

/**
 * Runs the plan against the targets; resolves when the last fault has recovered. Three timelines
 * run side by side — the web's kills, the worker's kills, and the data stores' restarts — each in
 * its planned order. A process is killed only once it is up again (killing one still starting
 * would test little), and Redis and Postgres go down only while both processes run (what they
 * hold then is what the fault tests); a process killed meanwhile meets its start-up checks.
 */
export async function runFaults(
  plan: readonly PlannedFault[],
  targets: FaultTargets,
  loadStartedAt: number,
): Promise<FaultRecord[]> {
  const done: FaultRecord[] = [];
  const timeline = async (kinds: readonly FaultKind[]) => {
    for (const fault of plan.filter((f) => kinds.includes(f.kind))) {
      const wait = loadStartedAt + fault.atMs - performance.now();
      if (wait > 0) await sleep(wait);
      done.push(await runFault(fault, targets, loadStartedAt));
    }
  };
  await Promise.all([
    timeline(["kill-web"]),
    timeline(["kill-worker"]),
    timeline(["redis-empty", "redis-data", "pg-restart"]),
  ]);
  await bothUp(targets);
  return done.sort((a, b) => a.startedAt - b.startedAt);
}

/** The stores go down under a running service: what it holds then is what the fault tests. */
async function bothUp(targets: FaultTargets): Promise<void> {
  for (const role of ["web", "worker"] as const) {
    if (!(await targets.processes.waitReady(role))) targets.log(`${role} still not up: going on`);
  }
}

async function runFault(
  fault: PlannedFault,
  targets: FaultTargets,
  loadStartedAt: number,
): Promise<FaultRecord> {
  const record: FaultRecord = { ...fault, startedAt: 0, endedAt: 0, detail: "" };
  switch (fault.kind) {
    case "kill-web":
    case "kill-worker": {
      const role = fault.kind === "kill-web" ? "web" : "worker";
      if (!(await targets.processes.waitReady(role)))
        targets.log(`${role} still not up: killed anyway`);
      // Not the moment it comes back: it serves the load a while first.
      const up = targets.processes.upFor(role);
      if (up !== null && up < fault.minUpMs) await sleep(fault.minUpMs - up);
      record.startedAt = wallNow();
      const pid = targets.processes.pid(role);
      const killed = targets.processes.kill(role, fault.downMs);
      record.detail = killed
        ? `SIGKILL pid ${pid}, restarted ${fault.downMs} ms later`
        : "was already down";
      break;
    }
    case "redis-empty": {
      await bothUp(targets);
      record.startedAt = wallNow();
      const before = await dbsize(targets.probe);
      await targets.redis.kill();
      targets.redis.removeDump();
      await sleep(fault.downMs);
      await targets.redis.start();
      record.detail = `SIGKILL with ${before} keys, down ${fault.downMs} ms, started again with no data`;
      break;
    }
    case "redis-data": {
      await bothUp(targets);
      record.startedAt = wallNow();
      const before = await dbsize(targets.probe);
      await targets.redis.shutdownSaving();
      await sleep(fault.downMs);
      await targets.redis.start();
      record.detail = `SHUTDOWN SAVE with ${before} keys, down ${fault.downMs} ms, restarted from its dump with ${await dbsize(targets.probe)} keys`;
      break;
    }
    case "pg-restart": {
      await bothUp(targets);
      record.startedAt = wallNow();
      const t0 = performance.now();
      await targets.postgres.restart();
      await targets.postgres.ready();
      record.detail = `pg_ctl restart -m fast, back after ${Math.round(performance.now() - t0)} ms`;
      break;
    }
  }
  record.endedAt = wallNow();
  targets.log(
    `fault ${fault.kind} at +${Math.round((record.startedAt - loadStartedAtWall(loadStartedAt)) / 1000)} s (planned +${Math.round(fault.atMs / 1000)} s): ${record.detail}`,
  );
  return record;
}

/** The wall-clock ms of a performance.now() instant. */
function loadStartedAtWall(performanceMs: number): number {
  return wallNow() - (performance.now() - performanceMs);
}
