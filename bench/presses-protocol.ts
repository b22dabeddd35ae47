/** Messages between bench/presses.ts (the service) and bench/presses-driver.ts (the debtors). */

export interface Percentiles {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface DriverReport {
  readonly presses: number;
  readonly elapsedMs: number;
  /** Time for the webhook POST to return, in ms. */
  readonly webhook: Percentiles;
  /** From the press to the card that answers it reaching the fake Bot API, in ms. */
  readonly reply: Percentiles;
  /** Presses answered "this option is no longer available" (should be 0: each debtor waits). */
  readonly refusals: number;
  readonly missingReplies: number;
  readonly non200: number;
  readonly errors: readonly string[];
  /** Cases taken up by a simulated debtor during the measured window. */
  readonly casesDone: number;
  /** Bot API calls the fake received, by method. */
  readonly calls: Readonly<Record<string, number>>;
}

export type ToDriver =
  | {
      readonly type: "run";
      readonly webhookUrl: string;
      readonly secret: string;
      readonly seconds: number;
      /** Each chat is one debtor with one invoice, opened by its deep-link token. */
      readonly debtors: readonly { readonly chat: number; readonly token: string }[];
      /** How many debtors press at the same time. */
      readonly concurrent: number;
    }
  | { readonly type: "stop" };

export type FromDriver =
  | { readonly type: "ready"; readonly telegramUrl: string; readonly telegramToken: string }
  | { readonly type: "log"; readonly text: string }
  | { readonly type: "measuring" }
  | { readonly type: "measured" }
  | { readonly type: "report"; readonly report: DriverReport }
  | { readonly type: "failed"; readonly error: string };
