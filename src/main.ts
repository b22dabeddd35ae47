import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import type { Redis } from "ioredis";
import { createEmailChannel } from "../bot/email/index.ts";
import { createSlackChannel, slackText } from "../bot/slack/index.ts";
import { createTelegramChannel } from "../bot/telegram/index.ts";
import { createWebchatChannel } from "../bot/webchat/index.ts";
import { createWhatsAppChannel } from "../bot/whatsapp/index.ts";
import {
  connectDb,
  createAdminStore,
  createAdminViewsStore,
  createDeskInbox,
  createDeskUserStore,
  createExperimentStore,
  createIntakeStore,
  createOwnerDirectory,
  createOwnerReports,
  createWebchatStore,
  type DbConnection,
  databaseMetrics,
  databaseMigrated,
  migrate,
  PgCaseStore,
  PgDirectoryStore,
  PgMessageStatusStore,
  PgOutboxStore,
  PgTimerStore,
  pingDatabase,
} from "../db/index.ts";
import {
  DispatchNow,
  openRedisConnections,
  PRODUCER_COMMAND_TIMEOUT_MS,
  type RedisConnections,
  RelanceQueues,
  type RunningWorkers,
  ratesFromConfig,
  sendPace,
  startWorkers,
  type WorkerDeps,
} from "../jobs/index.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { createApp, Telemetry } from "./http/index.ts";
import { reissueCaseLinks } from "./intake/index.ts";
import { createLogger, type Logger } from "./logger.ts";
import { OutageTracker, reportIfUnavailable } from "./outage-tracker.ts";
import {
  type Clock,
  DeliveryRouter,
  handleDebtorInbound,
  handleDeliveryStatus,
  handleDeskDecision,
  handleEvent,
  type RuntimeDeps,
  startCase,
  systemClock,
} from "./runtime/index.ts";
import { checkDependencies } from "./startup-checks.ts";

/**
 * The composition root: the only place that wires db/, jobs/, bot/ and src/ together.
 * `tsx src/main.ts all|web|worker|demo` — `all` runs the web server and the worker in one process.
 */

const MODES = ["all", "web", "worker", "demo"] as const;
type Mode = (typeof MODES)[number];
type ServiceMode = Exclude<Mode, "demo">;

/** Grace period for in-flight requests and jobs after SIGTERM before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

/** Options the tests and the demo set; production uses the defaults. */
export interface ServiceOptions {
  readonly mode: ServiceMode;
  readonly logger?: Logger;
  /** The clock of the runtime, the send-time guards and the job delays (tests move it by hand). */
  readonly clock?: Clock;
  /** Worker tuning: reconciler period, per-platform rates. */
  readonly worker?: Pick<
    WorkerDeps,
    "reconcileEveryMs" | "rates" | "concurrency" | "schedulerCheckEveryMs"
  >;
  /** false: every delivery goes through a queued job (to test what the queue alone does). */
  readonly deliverAfterCommit?: boolean;
  /** Waits between attempts at an owner's Slack click after a passing failure. */
  readonly slackClickRetryDelaysMs?: readonly number[];
}

/** A running service; `stop` drains it (web first, then the worker) and closes connections. */
export interface RunningService {
  readonly app: Hono;
  /** http://127.0.0.1:<port> when the web part runs. */
  readonly url: string | null;
  readonly db: DbConnection;
  readonly runtime: RuntimeDeps;
  readonly queues: RelanceQueues;
  readonly workers: RunningWorkers | null;
  stop(): Promise<void>;
}

/**
 * Wires every part: Postgres stores, the BullMQ queues, the runtime, the channels (each optional:
 * no credentials, no channel), the HTTP app, and — in worker mode — the outbox relay, timers and
 * reconciler.
 */
export async function startService(
  config: Config,
  options: ServiceOptions,
): Promise<RunningService> {
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL });
  const clock = options.clock ?? systemClock;
  if (config.MIGRATE_ON_START) {
    await migrate(config.DATABASE_URL);
    logger.info("migrations applied");
  }
  await checkDependencies(config);
  const db = connectDb(config.DATABASE_URL);
  // One log line when Postgres or Redis goes, one when it is back; requests that need Postgres
  // answer 503 at once while it is down (src/outage-tracker.ts).
  let redis: RedisConnections;
  const outages = new OutageTracker({
    log: logger,
    probes: {
      postgres: () => pingDatabase(db.db),
      redis: () => pingRedis(redis.probe),
    },
  });
  // A connection per way of waiting: probes and the producer fail fast, the workers wait.
  redis = openRedisConnections(config.REDIS_URL, { log: logger, health: outages });
  await redis.ready().catch(async (err: unknown) => {
    outages.stop();
    await redis.close();
    await db.close();
    throw err;
  });

  // prom-client metrics of this process: GET /metrics shows them; the runtime's MetricsPort.
  const telemetry = new Telemetry();
  const queues = new RelanceQueues(redis.producer, config.BULLMQ_PREFIX, clock, {
    health: outages,
    log: logger,
  });
  // The environment's send rates; a caller's own (tests, benches) take precedence.
  const rates = { ...ratesFromConfig(config), ...options.worker?.rates };
  const outbox = new PgOutboxStore(db.db);
  // What a commit wrote is delivered by the process that committed it (jobs/dispatch-now.ts); the
  // channels' clients are made below, with the runtime they feed: `delivery` is bound late.
  const dispatch = new DispatchNow(
    queues,
    {
      outbox,
      clock,
      log: logger,
      pace: sendPace(redis.producer, config.BULLMQ_PREFIX, rates, outages),
      delivery: { deliver: (op) => delivery.deliver(op) },
      metrics: telemetry,
    },
    outages,
  );
  const directory = new PgDirectoryStore(db.db);
  const email = createEmailChannel(config, {
    findLink: (token) => directory.webchatLinkCase(token),
    // An unsubscribe link opts out like STOP in a chat: an event through the commit path.
    optOut: (caseId, key) =>
      handleEvent(runtime, {
        caseId,
        event: { type: "opt_out", channel: "api" },
        source: { channel: "email", externalId: key },
        actor: "debtor:email",
      }),
    log: logger,
  });
  const runtime: RuntimeDeps = {
    store: new PgCaseStore(db.db),
    clock,
    jobs: options.deliverAfterCommit === false ? queues : dispatch,
    log: logger,
    metrics: telemetry,
    notices: { email: email !== null },
    health: outages,
  };
  const debtorInbound = { ...runtime, directory };
  const telegram = createTelegramChannel(config, {
    onInbound: (env) => handleDebtorInbound(debtorInbound, env),
    log: logger,
  });
  const statusDeps = { ...runtime, statuses: new PgMessageStatusStore(db.db) };
  const whatsapp = createWhatsAppChannel(config, {
    onInbound: (env) => handleDebtorInbound(debtorInbound, env),
    onStatus: (status) => handleDeliveryStatus(statusDeps, status),
    log: logger,
  });
  // Always on: the web chat needs no platform credentials.
  const webchat = createWebchatChannel({
    store: createWebchatStore(db.db),
    onInbound: (env) => handleDebtorInbound(debtorInbound, env),
    log: logger,
    now: () => clock.now(),
  });
  const slack = createSlackChannel(config, {
    runtime,
    directory: createOwnerDirectory(db.db),
    reports: createOwnerReports(db.db),
    ...(options.slackClickRetryDelaysMs
      ? { clickRetryDelaysMs: options.slackClickRetryDelaysMs }
      : {}),
  });
  if (!slack)
    logger.info(
      { channel: "slack" },
      "slack channel off: SLACK_SIGNING_SECRET or SLACK_BOT_TOKEN is not set",
    );

  const delivery = new DeliveryRouter({
    ...(telegram ? { telegram: telegram.delivery } : {}),
    ...(whatsapp ? { whatsapp: whatsapp.delivery } : {}),
    ...(email ? { email: email.delivery } : {}),
    webchat: webchat.delivery,
    ...(slack ? { slack: slack.delivery } : {}),
  });

  const links = {
    publicUrl: config.PUBLIC_URL,
    telegramBotUsername: config.TELEGRAM_BOT_USERNAME,
    whatsappNumber: config.WHATSAPP_PHONE_NUMBER,
    ttlDays: config.LINK_TTL_DAYS,
  };
  const intake = createIntakeStore(db.db);
  /** Asks the debtor's agreed case whether to add an invoice (at `offer.amountMinor`); a refusal
   *  or a failure leaves the invoice on its own case. */
  const offerAddition = (
    agreedCaseId: string,
    invoiceCaseId: string,
    offer: { invoiceId: string; number: string; amountMinor: number; dueDate: string },
    externalId: string,
  ) =>
    handleEvent(runtime, {
      caseId: agreedCaseId,
      event: {
        type: "invoice_arrived",
        invoiceId: offer.invoiceId,
        caseId: invoiceCaseId,
        number: offer.number,
        amountMinor: offer.amountMinor,
        dueDate: offer.dueDate,
      },
      source: { channel: "api", externalId },
      actor: "api",
    }).then(
      () => undefined,
      (err: unknown) =>
        logger.warn({ err, caseId: agreedCaseId }, "could not offer the invoice as an addition"),
    );
  let workers: RunningWorkers | null = null;
  const app = createApp({
    telemetry,
    intake,
    health: {
      postgres: () => pingDatabase(db.db),
      migrations: () => databaseMigrated(db.db),
      redis: () => pingRedis(redis.probe),
      // Only where workers run (they keep the schedulers); bound below, once they have started.
      schedulers: () =>
        workers?.schedulers ? workers.schedulers.present() : Promise.resolve(null),
    },
    outages,
    links,
    apiToken: config.API_TOKEN,
    logger,
    now: () => clock.now(),
    onPaymentRecorded: async (payment) => {
      await handleEvent(runtime, {
        caseId: payment.caseId,
        event: {
          type: "payment_received",
          amountMinor: payment.amountMinor,
          reference: payment.reference,
          receivedAt: payment.receivedAt.toISOString(),
          ...(payment.rebalance === true ? { rebalance: true } : {}),
          ...(payment.settles && payment.settles.length > 0 ? { settles: payment.settles } : {}),
        },
        source: { channel: "payment", externalId: payment.paymentId },
        actor: "api",
      });
      // An invoice offered as an addition to the debtor's running agreement was paid (in part):
      // the offer is made again on what is left, or withdrawn, so a yes never adds what was paid.
      for (const addition of payment.additions ?? []) {
        await offerAddition(
          addition.caseId,
          payment.caseId,
          { ...addition, amountMinor: addition.openMinor },
          `addition_${addition.invoiceId}_${payment.paymentId}`,
        );
      }
    },
    onInvoiceCreated: async (caseId, offer) => {
      // Offered as an addition to the debtor's running agreement, never merged silently; a
      // refusal (the agreement ended meanwhile) leaves the invoice on its own case.
      if (offer) await offerAddition(offer.caseId, caseId, offer, `addition_${offer.invoiceId}`);
      try {
        await startCase(runtime, caseId);
      } catch (err) {
        // Identical posts at once race to start the case (a unique timer key or the case version
        // refuses the loser): an expected outcome when a second look finds the case started.
        const again = await startCase(runtime, caseId).catch(() => null);
        if (again === "already" || again === "started") {
          logger.debug({ caseId }, "case started by a concurrent request");
          return;
        }
        // The invoice is stored; the reconciler starts the case later.
        logger.warn({ err, caseId }, "could not start the case yet");
      }
    },
    metrics: async () => [
      ...(["postgres", "redis"] as const).map((dependency) => ({
        name: "relance_dependency_up",
        help: "1 while the dependency answers, 0 from a confirmed failure until it answers again.",
        labels: { dependency },
        value: outages.isDown(dependency) ? 0 : 1,
      })),
      // Postgres down: the scrape still answers, with what this process knows on its own.
      ...(outages.isDown("postgres")
        ? []
        : await databaseMetrics(db.db, clock.now()).catch((err: unknown) => {
            reportIfUnavailable(outages, err);
            return [];
          })),
      ...(await queues.jobCounts().catch(() => [])).map((c) => ({
        name: "relance_queue_jobs",
        help: "BullMQ jobs by queue and state.",
        labels: { queue: c.queue, state: c.state },
        value: c.count,
      })),
    ],
    mount: (root) => {
      telegram?.mountWebhook(root);
      whatsapp?.mountWebhook(root);
      email?.mount(root);
      webchat.mount(root);
      if (slack) root.route("/", slack.app);
    },
    admin: {
      store: createAdminStore(db.db),
      views: createAdminViewsStore(db.db),
      experiments: createExperimentStore(db.db),
      users: createDeskUserStore(db.db),
      ...(config.ADMIN_PASSWORD ? { bootstrapPassword: config.ADMIN_PASSWORD } : {}),
      secureCookies: config.PUBLIC_URL.startsWith("https:"),
      inbox: createDeskInbox(db.db),
      links,
      // The same reissue as POST /api/cases/:id/links/reissue, scoped to the owner's businesses.
      reissueLinks: (request) =>
        reissueCaseLinks({ store: intake, links, now: () => clock.now() }, request),
      // The same owner command as a Slack click (src/runtime/owner-inbound.ts).
      decide: (input) =>
        handleDeskDecision(
          {
            ...runtime,
            directory: createOwnerDirectory(db.db),
            words: (locale, id, args) => slackText(locale, id, args),
          },
          input,
        ),
    },
  });

  const stops: (() => Promise<void>)[] = [];
  const workerStops: (() => Promise<void>)[] = [];
  let url: string | null = null;
  if (options.mode === "all" || options.mode === "web") {
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.PORT }, () => resolve(s));
      // A port already in use is a configuration problem: one clear error, not a crash.
      s.once("error", (err) =>
        reject(new ConfigError(`cannot listen on PORT ${config.PORT}: ${err.message}`, ["PORT"])),
      );
    }).catch(async (err: unknown) => {
      outages.stop();
      await redis.close();
      await db.close();
      throw err;
    });
    const { port } = server.address() as AddressInfo;
    url = `http://127.0.0.1:${port}`;
    logger.info({ port }, "web listening");
    stops.push(
      () =>
        new Promise<void>((resolve, reject) => {
          // Stops accepting connections; resolves once in-flight requests have finished.
          server.close((error) => (error ? reject(error) : resolve()));
          if ("closeIdleConnections" in server) server.closeIdleConnections();
        }),
    );
    if (telegram?.mode === "polling") {
      telegram.startPolling();
      stops.push(() => telegram.stop());
    }
  }

  if (options.mode === "all" || options.mode === "worker") {
    workers = await startWorkers({
      ...runtime,
      ...options.worker,
      rates,
      outbox,
      timers: new PgTimerStore(db.db),
      queues,
      connection: redis.workers,
      delivery,
    });
    logger.info({ prefix: config.BULLMQ_PREFIX }, "worker ready");
    const running = workers;
    workerStops.push(() => running.close());
  }
  if (slack) workerStops.push(() => slack.idle());
  if (email) workerStops.push(async () => email.close());

  return {
    app,
    url,
    db,
    runtime,
    queues,
    workers,
    async stop() {
      // Web first (no new input), then what this process was delivering, then the worker
      // finishes what it holds.
      for (const stop of stops) await stop();
      await dispatch.idle();
      for (const stop of workerStops) await stop();
      await dispatch.idle(); // what the worker's last jobs committed
      // What fails from here on is the shutdown's doing, not an outage.
      outages.stop();
      await queues.close();
      await redis.close();
      await db.close();
    },
  };
}

async function pingRedis(redis: Redis, timeoutMs = PRODUCER_COMMAND_TIMEOUT_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      redis.ping().then((answer) => answer === "PONG"),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function parseMode(arg: string | undefined): Mode {
  const mode = arg ?? "all";
  if ((MODES as readonly string[]).includes(mode)) return mode as Mode;
  throw new ConfigError(`unknown mode "${mode}": expected one of ${MODES.join(", ")}`, []);
}

async function main(): Promise<void> {
  let mode: Mode;
  let config: Config;
  try {
    mode = parseMode(process.argv[2]);
    if (mode === "demo") {
      // The demo configures itself (fake platforms, a demo database); only overrides are read.
      const { runDemo } = await import("./demo.ts");
      await runDemo(
        process.env,
        startService,
        createLogger({ level: "warn" }),
        process.argv.includes("--keep"),
      );
      process.exit(0);
    }
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`relance: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  process.on("unhandledRejection", (reason) => {
    logger.fatal({ err: reason }, "unhandled rejection");
    process.exit(1);
  });

  let service: RunningService;
  try {
    service = await startService(config, { mode, logger });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`relance: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "draining");
    const force = setTimeout(() => {
      logger.error("drain timed out; exiting");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    try {
      await service.stop();
      logger.info("stopped");
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "error while draining");
      process.exit(1);
    }
  };
  process.on("SIGTERM", (signal) => void shutdown(signal));
  process.on("SIGINT", (signal) => void shutdown(signal));
}

// Run only when executed (`tsx src/main.ts …`), not when a test imports `startService`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
