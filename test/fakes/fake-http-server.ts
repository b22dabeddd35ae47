import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request a fake received, as the platform would have understood it. */
export interface RecordedCall {
  /** The platform's method name (`sendMessage`, `chat.postMessage`, `messages`). */
  readonly method: string;
  /** Query string and body merged, JSON-looking form fields already parsed. */
  readonly params: Record<string, unknown>;
  /** The fake's clock when the request arrived (ms since epoch). */
  readonly at: number;
  /** HTTP status the fake answered with. */
  status: number;
  /** The JSON body the fake answered with. */
  response: unknown;
}

/** An error the next call(s) to a method will get instead of being handled. */
export interface InjectedFailure {
  readonly status: number;
  /** Answered verbatim (objects as JSON); each fake has a platform-shaped default. */
  readonly body?: unknown;
  /** How many consecutive calls fail; 1 unless told. */
  readonly count?: number;
  /** For 429s: seconds the platform asks to wait (Telegram `retry_after`, Slack `Retry-After`). */
  readonly retryAfter?: number;
}

/** Failures queued per method name; `"*"` matches every method. */
export class FailureInjector {
  readonly #pending = new Map<string, { failure: InjectedFailure; left: number }[]>();

  add(method: string, failure: InjectedFailure): void {
    const queue = this.#pending.get(method) ?? [];
    queue.push({ failure, left: failure.count ?? 1 });
    this.#pending.set(method, queue);
  }

  /** Consumes one failure for `method` if one is pending. */
  take(method: string): InjectedFailure | undefined {
    for (const key of [method, "*"]) {
      const queue = this.#pending.get(key);
      const head = queue?.[0];
      if (queue === undefined || head === undefined) continue;
      head.left -= 1;
      if (head.left <= 0) queue.shift();
      return head.failure;
    }
    return undefined;
  }

  clear(): void {
    this.#pending.clear();
  }
}

export interface RawRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
  /** Fires when the client goes away (aborted long poll). */
  readonly onClose: (listener: () => void) => void;
}

export interface RawResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

/**
 * A node:http server on 127.0.0.1 and a free port. Each fake supplies one handler; this class
 * owns the socket bookkeeping so `stop()` also ends keep-alive connections (grammY keeps them).
 */
export class LocalHttpServer {
  #server: Server | undefined;
  #url: string | undefined;
  #connections = 0;

  constructor(private readonly handle: (request: RawRequest) => Promise<RawResponse>) {}

  /** TCP connections accepted since start: a client that keeps connections alive opens few. */
  get connections(): number {
    return this.#connections;
  }

  get url(): string {
    if (this.#url === undefined) throw new Error("fake server not started");
    return this.#url;
  }

  async start(): Promise<{ url: string }> {
    if (this.#url !== undefined) return { url: this.#url };
    const server = createServer((req, res) => {
      void this.#serve(req, res);
    });
    server.on("connection", () => {
      this.#connections += 1;
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    this.#server = server;
    this.#url = `http://127.0.0.1:${port}`;
    return { url: this.#url };
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    this.#server = undefined;
    this.#url = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const body = await readBody(req);
      const request: RawRequest = {
        method: req.method ?? "GET",
        url: new URL(req.url ?? "/", "http://127.0.0.1"),
        headers: req.headers,
        body,
        onClose: (listener) => {
          res.once("close", listener);
        },
      };
      const response = await this.handle(request);
      if (res.destroyed) return;
      const text =
        typeof response.body === "string" ? response.body : JSON.stringify(response.body);
      res.writeHead(response.status, {
        "content-type":
          typeof response.body === "string" ? "text/plain; charset=utf-8" : "application/json",
        ...response.headers,
      });
      res.end(text);
    } catch (error) {
      if (res.destroyed) return;
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(`fake server error: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * Parses a request's parameters the way the platforms accept them: query string, JSON body or
 * form-urlencoded body. Form fields that hold JSON (`reply_markup`, `blocks`) stay strings here;
 * each fake decides which fields are JSON, as the platform does.
 */
export function parseParams(request: RawRequest): Record<string, unknown> | "malformed" {
  const params: Record<string, unknown> = {};
  for (const [key, value] of request.url.searchParams) params[key] = value;
  const contentType = (request.headers["content-type"] ?? "").toLowerCase();
  if (request.body.length === 0) return params;
  if (contentType.includes("application/json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.body);
    } catch {
      return "malformed";
    }
    if (!isRecord(parsed)) return "malformed";
    return { ...params, ...parsed };
  }
  if (contentType.includes("application/x-www-form-urlencoded")) {
    for (const [key, value] of new URLSearchParams(request.body)) params[key] = value;
    return params;
  }
  return "malformed";
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A field that may arrive as a JSON string (form bodies) or as the value itself (JSON bodies). */
export function jsonField(value: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof value !== "string") return { ok: true, value };
  try {
    return { ok: true, value: JSON.parse(value) };
  } catch {
    return { ok: false };
  }
}

/**
 * POSTs a body to a webhook and reports the status (0 when the receiver is unreachable, or did not
 * answer within `timeoutMs` when one is given — a platform gives up on a slow webhook too).
 */
export async function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs?: number,
): Promise<{ status: number; body: string }> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
      ...(timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(timeoutMs) }),
    });
    return { status: response.status, body: await response.text() };
  } catch {
    return { status: 0, body: "" };
  }
}
