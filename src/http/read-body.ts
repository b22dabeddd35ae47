import type { Context } from "hono";
import type { z } from "zod";
import { fieldErrors } from "../intake/index.ts";
import { ApiError, ErrorCode, validationFailed } from "./errors.ts";

/** The JSON body, or 400 `invalid_json`. */
export async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch (error) {
    // The body-limit middleware reports an oversized body by throwing through here.
    if (error instanceof ApiError) throw error;
    throw new ApiError(400, ErrorCode.InvalidJson, "the body is not valid JSON");
  }
}

/** Parses `input` with `schema`, or 400 `validation_failed` naming each bad field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationFailed(fieldErrors(result.error));
  return result.data;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a uuid cannot name anything: 404 rather than a database error. */
export function pathId(c: Context, what: string): string {
  const id = c.req.param("id") ?? "";
  if (!UUID.test(id)) throw new ApiError(404, ErrorCode.NotFound, `${what} not found`);
  return id.toLowerCase();
}
