import { once } from "node:events";
import net from "node:net";

/**
 * A TCP proxy in front of the shared Postgres or Redis, so a test can take a dependency away from
 * one service — and only that service — and give it back, without touching the real server that
 * every other test file uses.
 *
 * - `cut()`: every open connection is reset and every new one is accepted and reset at once, as a
 *   server that crashes on each attempt; `refused` counts those attempts, so a test waits for the
 *   service to have tried (and failed) N times instead of sleeping for a while.
 * - `restore()`: new connections reach the server again (the reset ones stay gone: clients
 *   reconnect on their own, which is what is under test).
 *
 * The listener stays open throughout (a closed port could be taken by another process meanwhile).
 */
export class TcpProxy {
  readonly #target: { host: string; port: number };
  readonly #sockets = new Set<net.Socket>();
  readonly #clients = new Set<net.Socket>();
  #server: net.Server | null = null;
  #cut = false;
  #refused = 0;
  #resetOn: { needle: Buffer; left: number } | null = null;
  #resetOnText = 0;

  constructor(targetUrl: string) {
    const url = new URL(targetUrl);
    const fallback = url.protocol.startsWith("redis") ? 6379 : 5432;
    this.#target = { host: url.hostname, port: Number(url.port || fallback) };
  }

  async start(): Promise<void> {
    const server = net.createServer((client) => this.#accept(client));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    this.#server = server;
  }

  get port(): number {
    const address = this.#server?.address();
    if (address === null || address === undefined || typeof address === "string") {
      throw new Error("the proxy is not listening");
    }
    return address.port;
  }

  /** `url` with its host and port replaced by the proxy's (database name, user… kept). */
  url(url: string): string {
    const u = new URL(url);
    u.hostname = "127.0.0.1";
    u.port = String(this.port);
    return u.toString();
  }

  /** Connection attempts reset since the last `cut`. */
  get refused(): number {
    return this.#refused;
  }

  /** Client connections open through the proxy now. */
  get open(): number {
    return this.#clients.size;
  }

  get isCut(): boolean {
    return this.#cut;
  }

  cut(): void {
    this.#cut = true;
    this.#refused = 0;
    for (const socket of this.#sockets) socket.resetAndDestroy();
    this.#sockets.clear();
  }

  restore(): void {
    this.#cut = false;
  }

  /**
   * The next `times` connections whose client sends `text` (in one chunk) are reset right then,
   * before the server sees it: a connection lost at a chosen point of the client's protocol.
   */
  resetWhenClientSends(text: string, times = 1): void {
    this.#resetOn = { needle: Buffer.from(text), left: times };
  }

  /** Connections reset by `resetWhenClientSends`. */
  get resetOnText(): number {
    return this.#resetOnText;
  }

  async stop(): Promise<void> {
    this.cut();
    const server = this.#server;
    this.#server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #accept(client: net.Socket): void {
    client.on("error", () => client.destroy());
    if (this.#cut) {
      this.#refused += 1;
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(this.#target.port, this.#target.host);
    upstream.on("error", () => client.destroy());
    this.#clients.add(client);
    client.on("close", () => {
      this.#clients.delete(client);
      upstream.destroy();
      this.#sockets.delete(client);
      this.#sockets.delete(upstream);
    });
    upstream.on("close", () => {
      client.destroy();
      this.#sockets.delete(client);
      this.#sockets.delete(upstream);
    });
    this.#sockets.add(client);
    this.#sockets.add(upstream);
    client.on("data", (chunk: Buffer) => {
      const trigger = this.#resetOn;
      if (trigger !== null && trigger.left > 0 && chunk.includes(trigger.needle)) {
        trigger.left -= 1;
        this.#resetOnText += 1;
        client.resetAndDestroy();
        upstream.resetAndDestroy();
        return;
      }
      upstream.write(chunk);
    });
    upstream.pipe(client);
  }
}

/** Waits (on real elapsed time, never a date) until `condition` holds. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  { timeoutMs = 20_000, what = "condition" } = {},
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
