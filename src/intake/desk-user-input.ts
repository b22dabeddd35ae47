import { z } from "zod";
import { uuidSchema } from "./invoice-input.ts";

/** Desk passwords: long enough to resist guessing; scrypt does the rest. */
export const DESK_PASSWORD_MIN_LENGTH = 12;

/** `npm run user:create` arguments and the password read from stdin, checked before any write. */
export const deskUserInputSchema = z
  .object({
    email: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.email({ error: "expected an e-mail address" })),
    role: z.enum(["admin", "owner"], { error: "expected admin or owner" }),
    locale: z.enum(["fr", "en"], { error: "expected fr or en" }).default("fr"),
    businessIds: z.array(uuidSchema).default([]),
    password: z.string().refine((p) => [...p].length >= DESK_PASSWORD_MIN_LENGTH, {
      error: `expected at least ${DESK_PASSWORD_MIN_LENGTH} characters`,
    }),
  })
  .refine((u) => u.role === "admin" || u.businessIds.length > 0, {
    error: "an owner needs at least one --business",
    path: ["businessIds"],
  })
  .refine((u) => u.role === "owner" || u.businessIds.length === 0, {
    error: "an admin sees every business: no --business",
    path: ["businessIds"],
  });

export type DeskUserInput = z.infer<typeof deskUserInputSchema>;
