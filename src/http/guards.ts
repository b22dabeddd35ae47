import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiError, ErrorCode } from "./errors.ts";

/** Request bodies of the REST API are small JSON documents. */
export const API_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * The largest body any route accepts (Slack's interactivity payloads, 1 MiB). Applied to every
 * request before routing, it bounds what a request can make the process hold — chunked bodies
 * included, which are counted as they stream in and cut off at the limit.
 */
export const ANY_BODY_LIMIT_BYTES = 1024 * 1024;

/** `Authorization: Bearer <API_TOKEN>`, compared in constant time. */
export function requireBearer(expectedToken: string): MiddlewareHandler {
  const expected = createHash("sha256").update(expectedToken).digest();
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const given = createHash("sha256")
      .update(match?.[1] ?? "")
      .digest();
    if (match === null || !timingSafeEqual(given, expected)) {
      throw new ApiError(401, ErrorCode.Unauthorized, "missing or wrong bearer token");
    }
    await next();
  };
}

const METHODS_WITH_BODY = new Set(["POST", "PUT", "PATCH"]);

/** Bodies must be JSON (415 otherwise); checked before anything reads the body. */
export function requireJson(): MiddlewareHandler {
  return async (c, next) => {
    if (METHODS_WITH_BODY.has(c.req.method)) {
      const mediaType = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
      if (mediaType !== "application/json") {
        throw new ApiError(
          415,
          ErrorCode.UnsupportedMediaType,
          "send the body as application/json",
        );
      }
    }
    await next();
  };
}

/** 413 beyond `API_BODY_LIMIT_BYTES`, whether or not Content-Length was announced. */
export function limitBody(): MiddlewareHandler {
  return bodyLimit({
    maxSize: API_BODY_LIMIT_BYTES,
    onError: () => {
      throw new ApiError(
        413,
        ErrorCode.PayloadTooLarge,
        `the body is larger than ${API_BODY_LIMIT_BYTES} bytes`,
      );
    },
  });
}

/** 413 for any request whose body passes `ANY_BODY_LIMIT_BYTES`, on every route. */
export function limitAnyBody(): MiddlewareHandler {
  return bodyLimit({
    maxSize: ANY_BODY_LIMIT_BYTES,
    onError: () => {
      throw new ApiError(
        413,
        ErrorCode.PayloadTooLarge,
        `the body is larger than ${ANY_BODY_LIMIT_BYTES} bytes`,
      );
    },
  });
}
