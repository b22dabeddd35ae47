import { request } from "node:http";

export interface ChunkedPostResult {
  /** The response status, or null when the server closed the connection without one. */
  readonly status: number | null;
  /** Bytes of body the client had handed to the socket when the answer (or the close) came. */
  readonly bytesSent: number;
}

/**
 * POSTs a body of `totalBytes` with `Transfer-Encoding: chunked` (no Content-Length, so the
 * server cannot refuse it up front), writing with back-pressure: a server that stops reading
 * stops the client too. If the server buffered the whole body before answering, `bytesSent`
 * equals `totalBytes`; a server that refuses early answers after a fraction of it.
 */
export function postChunked(
  url: string,
  options: {
    readonly totalBytes: number;
    readonly headers?: Record<string, string>;
    readonly chunkBytes?: number;
  },
): Promise<ChunkedPostResult> {
  const chunk = Buffer.alloc(options.chunkBytes ?? 64 * 1024, 0x61);
  return new Promise((resolve, reject) => {
    let bytesSent = 0;
    let settled = false;
    const settle = (status: number | null) => {
      if (settled) return;
      settled = true;
      req.destroy();
      resolve({ status, bytesSent });
    };
    const req = request(url, {
      method: "POST",
      headers: { "transfer-encoding": "chunked", ...options.headers },
    });
    req.on("response", (res) => {
      res.resume();
      settle(res.statusCode ?? null);
    });
    req.on("error", (err) => {
      // A server that closes the socket mid-body is an early refusal too.
      if (bytesSent > 0) settle(null);
      else if (!settled) reject(err);
    });
    const pump = () => {
      while (!settled && bytesSent < options.totalBytes) {
        bytesSent += chunk.length;
        if (!req.write(chunk)) {
          req.once("drain", pump);
          return;
        }
      }
      if (!settled) req.end();
    };
    pump();
  });
}
