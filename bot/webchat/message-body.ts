import { z } from "zod";
import { stripControlCharacters } from "../../src/intake/index.ts";
import { WEBCHAT_TEXT_MAX } from "./constants.ts";

/**
 * What the page posts: a typed message or a pressed button, each with an id the page generated
 * (a uuid), which is the deduplication key — a retried post with the same id changes nothing.
 */
export const webchatMessageBodySchema = z
  .strictObject({
    id: z.uuid("expected a uuid"),
    // Control characters are dropped, not refused: a NUL pasted into a message is noise, and
    // Postgres cannot store it.
    text: z
      .string("expected a string")
      .transform(stripControlCharacters)
      .refine((s) => s.trim().length > 0, "must not be blank")
      .refine(
        (s) => [...s].length <= WEBCHAT_TEXT_MAX,
        `must be at most ${WEBCHAT_TEXT_MAX} characters`,
      )
      .optional(),
    button: z
      .string("expected a button token")
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "expected a button token")
      .optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.text === undefined) === (body.button === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [body.text === undefined ? "text" : "button"],
        message:
          body.text === undefined ? "give either text or button" : "give text or button, not both",
      });
    }
  });

export type WebchatMessageBody = z.infer<typeof webchatMessageBodySchema>;
