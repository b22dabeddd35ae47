/**
 * `interpret` turns a debtor's free-text chat message into an intent and the figures it carries.
 * Pure: the caller passes `now`, the debtor's zone and the case currency; nothing here reads the
 * clock or the environment.
 */
import type { CurrencyCode, Interpretation, Locale } from "../types.ts";
import { findAmount } from "./amount.ts";
import { findPlanShape } from "./count-period.ts";
import { findDate, todayIn } from "./date.ts";
import { classifyWithConfidence } from "./intent.ts";
import { prepare } from "./normalize.ts";
import { findPayday } from "./payday.ts";

const SAID_TODAY =
  /\b(?:aujourd'hui|ce soir|ce matin|cet apres-midi|cet aprem|today|tonight|this morning|this afternoon|this evening|end of (?:the )?day|fin de (?:la )?journee)\b/;

export { toMinorUnits } from "./amount.ts";
export { normalize } from "./normalize.ts";

export interface InterpretOptions {
  readonly locale: Locale;
  /** The instant the message was received; relative days ("demain") count from it. */
  readonly now: Date;
  /** The debtor's IANA zone: "demain" at 00:30 in Paris is not "tomorrow" in UTC. */
  readonly timezone: string;
  /** Minor-unit exponent source for amounts written without decimals (EUR → cents). */
  readonly currency: CurrencyCode;
}

export function interpret(text: string, options: InterpretOptions): Interpretation {
  const normalized = prepare(text);
  const found = findAmount(normalized, options.currency);
  const shape = findPlanShape(normalized);
  const exclude = found === null ? [] : [{ index: found.index, length: found.length }];
  const dateFor = (direction: "future" | "past") =>
    findDate(normalized, {
      locale: options.locale,
      now: options.now,
      timezone: options.timezone,
      direction,
      exclude,
    });
  const futureDate = dateFor("future");
  const { intent, confidence } = classifyWithConfidence(normalized, {
    hasPlanShape: shape.count !== null || (found !== null && shape.period !== null),
    hasDate: futureDate !== null,
    // Only "today" said as such: "fin du mois" said on the 31st is still a promise.
    dateIsToday:
      futureDate !== null &&
      futureDate === todayIn(options.now, options.timezone) &&
      SAID_TODAY.test(normalized),
    hasAmount: found !== null,
  });
  // A reported payment happened before now: "payé vendredi" is the Friday just gone. A day still
  // ahead in such a message is about the rest ("j'ai payé la moitié, le reste fin du mois"),
  // not the payment reported.
  const today = todayIn(options.now, options.timezone);
  const pastDate = intent === "already_paid" ? dateFor("past") : null;
  const date =
    intent === "already_paid"
      ? pastDate !== null && today !== null && pastDate <= today
        ? pastDate
        : null
      : futureDate;
  // "je suis payé le 5" is when money comes in, never a payment reported.
  const payday = intent === "already_paid" ? null : findPayday(normalized, today);
  return {
    intent,
    amount: found?.minor ?? null,
    count: shape.count,
    period: shape.period,
    date,
    confidence,
    ...(payday !== null ? { payday } : {}),
  };
}
