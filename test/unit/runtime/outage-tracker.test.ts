import { describe, expect, it } from "vitest";
import {
  DependencyUnavailableError,
  OutageTracker,
  unavailableDependency,
} from "../../../src/outage-tracker.ts";
import type { Dependency } from "../../../src/runtime/ports.ts";
import { describeError } from "../../../src/safe-error.ts";

/**
 * The outage tracker on its own: probes answered by hand, its timer run by hand, its elapsed time
 * moved by hand. Nothing here waits on a real clock.
 */

class Line {
  constructor(
    readonly level: string,
    readonly obj: Record<string, unknown>,
    readonly msg: string | undefined,
  ) {}
}

function world() {
  const lines: Line[] = [];
  const log = {
    info: (obj: object, msg?: string) => lines.push(new Line("info", obj as never, msg)),
    warn: (obj: object, msg?: string) => lines.push(new Line("warn", obj as never, msg)),
    error: (obj: object, msg?: string) => lines.push(new Line("error", obj as never, msg)),
  };
  const answers: Record<Dependency, boolean> = { postgres: true, redis: true };
  let probes = 0;
  let elapsed = 0;
  const pending: (() => void)[] = [];
  const tracker = new OutageTracker({
    log,
    probes: {
      postgres: async () => {
        probes += 1;
        return answers.postgres;
      },
      redis: async () => {
        probes += 1;
        return answers.redis;
      },
    },
    elapsedMs: () => elapsed,
    schedule: (run) => {
      pending.push(run);
      return () => pending.splice(pending.indexOf(run), 1);
    },
  });
  return {
    tracker,
    lines,
    answers,
    probes: () => probes,
    advance: (ms: number) => {
      elapsed += ms;
    },
    /** Runs the probe the tracker scheduled, and lets it settle. */
    async tick() {
      const run = pending.shift();
      run?.();
      await settle();
      return run !== undefined;
    },
    pendingTicks: () => pending.length,
  };
}

/** Lets the probes' promises settle (they resolve at once). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6379"), {
  code: "ECONNREFUSED",
  syscall: "connect",
});

describe("the outage tracker", () => {
  it("logs one line when a dependency goes, however many failures, and one when it is back", async () => {
    const w = world();
    w.answers.redis = false;
    for (let i = 0; i < 250; i++) w.tracker.failed("redis", refused);
    await settle();
    expect(w.tracker.isDown("redis")).toBe(true);
    expect(w.tracker.isDown("postgres")).toBe(false);
    // One probe confirmed it; the 249 other failures were counted, not probed.
    expect(w.probes()).toBe(1);
    for (let i = 0; i < 100; i++) w.tracker.failed("redis", refused);
    w.advance(2_000);
    expect(await w.tick()).toBe(true); // still down: probes again later
    w.advance(1_500);
    w.answers.redis = true;
    expect(await w.tick()).toBe(true);
    expect(w.tracker.isDown("redis")).toBe(false);
    expect(w.pendingTicks()).toBe(0);
    expect(w.lines).toEqual([
      new Line(
        "warn",
        { dependency: "redis", code: "relance_redis_unavailable", cause: "ECONNREFUSED" },
        "dependency unavailable",
      ),
      new Line(
        "info",
        { dependency: "redis", downMs: 3_500, failures: 350 },
        "dependency available again",
      ),
    ]);
    expect(w.tracker.outages("redis")).toBe(1);
  });

  it("a failure the probe does not confirm is no outage, and logs nothing", async () => {
    const w = world();
    w.tracker.failed("postgres", refused);
    await settle();
    expect(w.tracker.isDown("postgres")).toBe(false);
    expect(w.lines).toEqual([]);
    expect(w.tracker.outages("postgres")).toBe(0);
  });

  it("two outages are two pairs of lines; each dependency has its own", async () => {
    const w = world();
    w.answers.postgres = false;
    w.answers.redis = false;
    w.tracker.failed("postgres", refused);
    w.tracker.failed("redis", refused);
    await settle();
    w.answers.postgres = true;
    w.answers.redis = true;
    await w.tick();
    await w.tick();
    w.answers.redis = false;
    w.tracker.failed("redis", refused);
    await settle();
    expect(w.lines.map((l) => `${l.level} ${l.obj.dependency} ${l.msg}`)).toEqual([
      "warn postgres dependency unavailable",
      "warn redis dependency unavailable",
      "info postgres dependency available again",
      "info redis dependency available again",
      "warn redis dependency unavailable",
    ]);
    expect(w.tracker.outages("redis")).toBe(2);
  });

  it("a connection that is ready again is probed at once, not at the next tick", async () => {
    const w = world();
    w.answers.redis = false;
    w.tracker.failed("redis", refused);
    await settle();
    w.answers.redis = true;
    w.tracker.answered("redis");
    await settle();
    expect(w.tracker.isDown("redis")).toBe(false);
    expect(w.pendingTicks()).toBe(0);
  });

  it("says nothing once stopped", async () => {
    const w = world();
    w.answers.redis = false;
    w.tracker.stop();
    w.tracker.failed("redis", refused);
    await settle();
    expect(w.lines).toEqual([]);
  });
});

describe("what an error says about the dependencies", () => {
  it("Redis's refusals have their own code, not the database's", () => {
    for (const error of [
      new Error("Connection is closed."),
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
      new Error("Command timed out"),
      Object.assign(new Error("Reached the max retries per request limit (which is 0)."), {
        name: "MaxRetriesPerRequestError",
      }),
      new DependencyUnavailableError("redis", refused),
    ]) {
      expect(describeError(error).code).toBe("relance_redis_unavailable");
      expect(unavailableDependency(error)).toBe("redis");
    }
  });

  it("a socket error outside a query is no database error", () => {
    expect(describeError(refused).code).toBe("relance_network_unreachable");
    expect(unavailableDependency(refused)).toBeNull();
  });

  it("a query that could not reach Postgres is the database's", () => {
    const queryError = Object.assign(new Error("Failed query: select 1"), {
      query: "select 1",
      params: [],
      cause: refused,
    });
    expect(describeError(queryError).code).toBe("relance_db_unavailable");
    expect(unavailableDependency(queryError)).toBe("postgres");
    expect(unavailableDependency(new DependencyUnavailableError("postgres"))).toBe("postgres");
  });
});
