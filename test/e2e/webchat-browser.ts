/**
 * Opt-in, NOT part of `npm test`: drives the web chat in a real headless Chromium, the way a
 * debtor would, and saves screenshots. Needs `chromium` on PATH (Debian: `apt-get install -y
 * chromium`), Postgres and Redis as for the tests.
 *
 *   npx tsx test/e2e/webchat-browser.ts [outDir]      (default /tmp/relance-webchat)
 *
 * It proves what the HTTP tests cannot: the inline script and style run under the page's CSP, a
 * click and an Enter post what the routes expect, replies appear, a reload shows one welcome.
 * Chromium is driven over the DevTools protocol on a pipe (--remote-debugging-pipe), so no
 * WebSocket client or browser-automation package is needed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import type { Readable, Writable } from "node:stream";
import { dropDatabase, migrate } from "../../db/migrate.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { startService } from "../../src/main.ts";
import { givenBusiness } from "../support/fixtures.ts";
import { deleteRedisKeys, withDatabaseName } from "../support/services.ts";

interface CdpReply {
  readonly id?: number;
  readonly result?: Record<string, unknown>;
  readonly error?: unknown;
}

class Chromium {
  readonly #proc: ChildProcess;
  #nextId = 0;
  #buffer = "";
  readonly #waiting = new Map<number, (reply: CdpReply) => void>();

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.#proc = spawn(
      "chromium",
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--remote-debugging-pipe",
        `--window-size=${width},${height}`,
        "about:blank",
      ],
      { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] },
    );
    (this.#proc.stdio[4] as Readable).on("data", (chunk: Buffer) => {
      this.#buffer += chunk.toString("utf8");
      for (let end = this.#buffer.indexOf("\0"); end >= 0; end = this.#buffer.indexOf("\0")) {
        const reply = JSON.parse(this.#buffer.slice(0, end)) as CdpReply;
        this.#buffer = this.#buffer.slice(end + 1);
        if (reply.id !== undefined) this.#waiting.get(reply.id)?.(reply);
      }
    });
  }

  send(method: string, params: object = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = ++this.#nextId;
    const message = { id, method, params, ...(sessionId ? { sessionId } : {}) };
    (this.#proc.stdio[3] as Writable).write(`${JSON.stringify(message)}\0`);
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, (reply) => {
        this.#waiting.delete(id);
        if (reply.error) reject(new Error(`${method}: ${JSON.stringify(reply.error)}`));
        else resolve(reply.result ?? {});
      });
    });
  }

  async open(url: string) {
    const { targetId } = await this.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await this.send("Target.attachToTarget", { targetId, flatten: true });
    const call = (method: string, params: object = {}) =>
      this.send(method, params, sessionId as string);
    await call("Emulation.setDeviceMetricsOverride", {
      width: this.width,
      height: this.height,
      deviceScaleFactor: 1,
      mobile: this.width < 600,
    });
    await call("Page.navigate", { url });
    const js = async <T>(expression: string): Promise<T> => {
      const { result } = await call("Runtime.evaluate", {
        expression,
        returnByValue: true,
        awaitPromise: true,
      });
      return (result as { value: T }).value;
    };
    const until = async (expression: string, what: string) => {
      const deadline = Date.now() + 10_000;
      while (!(await js<boolean>(expression))) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const screenshot = async (file: string) => {
      const { data } = await call("Page.captureScreenshot", { format: "png" });
      writeFileSync(file, Buffer.from(data as string, "base64"));
    };
    return { call, js, until, screenshot };
  }

  close(): void {
    this.#proc.kill();
  }
}

const buttons = `[...document.querySelectorAll("#actions button")]`;

async function main(outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const suffix = `${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const base = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/relance";
  const databaseUrl = withDatabaseName(base, `relance_test_${suffix}`);
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const prefix = `rtwc${suffix.replace("_", "")}`;
  await migrate(databaseUrl);
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    BULLMQ_PREFIX: prefix,
    API_TOKEN: randomBytes(24).toString("hex"),
    PUBLIC_URL: "http://relance.test",
    LOG_LEVEL: "warn",
  });
  const svc = await startService(config, {
    mode: "all",
    logger: createLogger({ level: "warn" }),
    worker: { reconcileEveryMs: null },
  });
  const phone = new Chromium(390, 844);
  const desktop = new Chromium(1280, 900);
  try {
    const business = await givenBusiness(svc.db.db, { name: "Atelier Dupont" });
    // Five days late, on the real clock: the reminder asking why is due at once.
    const dueDate = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
    const res = await fetch(`${svc.url}/api/invoices`, {
      method: "POST",
      headers: { authorization: `Bearer ${config.API_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        businessId: business.id,
        number: "F-2026-118",
        amount: 45_000,
        currency: "EUR",
        issuedAt: "2026-10-19",
        dueDate,
        debtor: {
          externalRef: "C-1",
          name: "Camille Martin",
          locale: "fr",
          timezone: "Europe/Paris",
        },
      }),
    });
    const { links } = (await res.json()) as { links: { webchat: string } };
    const url = `${svc.url}${new URL(links.webchat).pathname}`;

    const t0 = performance.now();
    const page = await phone.open(url);
    await page.until(`document.querySelectorAll("#log li.bot").length > 0`, "the welcome");
    console.log(`welcome on screen: ${Math.round(performance.now() - t0)} ms after navigation`);
    await page.until(`${buttons}.some((b) => /trésorerie/i.test(b.textContent))`, "the reasons");
    await page.screenshot(`${outDir}/1-reasons.png`);

    const t1 = performance.now();
    await page.js(`${buttons}.find((b) => /trésorerie/i.test(b.textContent)).click()`);
    await page.until(`${buttons}.some((b) => /3 fois/i.test(b.textContent))`, "the offers");
    console.log(`click → offers on screen: ${Math.round(performance.now() - t1)} ms`);

    const t2 = performance.now();
    await page.js(`(() => {
      const box = document.getElementById("message");
      box.focus();
      box.value = "je peux payer 150 € par mois";
      box.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    })()`);
    await page.until(`${buttons}.some((b) => /confirme/i.test(b.textContent))`, "the summary");
    console.log(`Enter → summary on screen: ${Math.round(performance.now() - t2)} ms`);
    if (!(await page.js<boolean>(`document.getElementById("message").value === ""`))) {
      throw new Error("the text box was not cleared after sending");
    }
    await page.screenshot(`${outDir}/2-summary.png`);

    await page.call("Page.reload");
    await page.until(`${buttons}.length > 0`, "the conversation after a reload");
    const welcomes = await page.js<number>(
      `[...document.querySelectorAll("#log li.bot p")].filter((p) => /assistant/.test(p.textContent)).length`,
    );
    if (welcomes !== 1) throw new Error(`expected one welcome after a reload, saw ${welcomes}`);

    const wide = await desktop.open(url);
    await wide.until(`${buttons}.some((b) => /confirme/i.test(b.textContent))`, "desktop page");
    await wide.screenshot(`${outDir}/3-desktop.png`);
    const missing = await phone.open(`${svc.url}/chat/AAAAAAAAAAAAAAAAAAAAAAAA`);
    await missing.until(`document.readyState === "complete"`, "the 404 page");
    await missing.screenshot(`${outDir}/4-unknown-link.png`);
    console.log(`screenshots in ${outDir}`);
  } finally {
    phone.close();
    desktop.close();
    await svc.stop();
    await dropDatabase(databaseUrl);
    await deleteRedisKeys(redisUrl, prefix);
  }
}

await main(process.argv[2] ?? "/tmp/relance-webchat");
