import { z } from "zod";
/** Opaque keyset cursors: base64url of `<ISO instant>|<uuid>` (the last item's position). */

export interface Position {
  readonly createdAt: Date;
  readonly id: string;
}

export function encodeCursor(position: Position): string {
  return Buffer.from(`${position.createdAt.toISOString()}|${position.id}`).toString("base64url");
}

/** The position, or null when `cursor` was not made by `encodeCursor`. */
export function decodeCursor(cursor: string): Position | null {
  const [at, id, ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (at === undefined || id === undefined || rest.length > 0) return null;
  const createdAt = new Date(at);
  if (Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) return null;
  return { createdAt, id };
}

/** A `cursor` query parameter, decoded; `message` says where a valid one comes from. */
export function cursorSchema(message: string) {
  return z.string().transform((v, ctx) => {
    const position = decodeCursor(v);
    if (position === null) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return position;
  });
}
