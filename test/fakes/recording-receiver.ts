import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * A stand-in for our service's webhook endpoint in tests of the fakes themselves: records what
 * the platform POSTs and answers with a status the test chooses.
 */
export class RecordingReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** Status for the next answers (200 unless changed). */
  status = 200;
  /** Body for the next answers (JSON if an object), e.g. a Telegram webhook reply. */
  body: string | Record<string, unknown> = "";
  #server: Server | undefined;
  #url: string | undefined;

  get url(): string {
    if (this.#url === undefined) throw new Error("receiver not started");
    return this.#url;
  }

  async start(): Promise<{ url: string }> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        this.requests.push({
          method: req.method ?? "",
          path: req.url ?? "",
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        });
        const json = typeof this.body !== "string";
        res.writeHead(this.status, json ? { "content-type": "application/json" } : {});
        res.end(json ? JSON.stringify(this.body) : this.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.#server = server;
    this.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url: this.#url };
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    this.#server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
