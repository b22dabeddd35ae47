import type { IsoDate, Locale } from "../core/index.ts";

/** What the runtime knows about a case that the core's messages leave out: who, what, how to pay. */
export interface RenderContext {
  readonly locale: Locale;
  /** The debtor's IANA zone, for instants (calendar days are shown as they are). */
  readonly timezone: string;
  /** ISO 4217 code of the invoice. */
  readonly currency: string;
  readonly businessName: string;
  readonly debtorName: string;
  readonly invoiceNumber: string;
  /**
   * Every invoice the case covers, when it covers several (one debtor, one conversation): the
   * everyday reminders list those still due in one message (`-group` ids), overdue and coming
   * due apart. Absent or one: the message speaks of `invoiceNumber` alone.
   */
  readonly invoices?: readonly {
    readonly number: string;
    /** What is still due on it. */
    readonly amountDueMinor: number;
    readonly dueDate: IsoDate;
  }[];
  readonly paymentInstructions?: {
    readonly iban?: string;
    /** Shown with the IBAN when the business gave it. */
    readonly bic?: string;
    readonly payUrl?: string;
    /** The reference the debtor must give with a transfer; the invoice number when absent. */
    readonly reference?: string;
    /** Free text from the business, e.g. "Cheque to 12 rue …". */
    readonly text?: string;
  };
  /**
   * The debtor's calendar day when the message is written: the formal notice's deadline ("au plus
   * tard le …") counts from it. Without it (previews), the deadline is counted from the due date.
   */
  readonly today?: IsoDate;
  /**
   * How long the business takes to answer, in hours (the policy's owner-approval timeout): what
   * "we will get back to you" promises. Without it, DEFAULT_REPLY_HOURS.
   */
  readonly replyWithinHours?: number;
  /**
   * Whether a reminder can reach the debtor (a chat that notifies, or e-mail): a confirmation
   * promises reminders only then. Default true (previews).
   */
  readonly remindable?: boolean;
  /**
   * A person who signs for the business ("Claire, Atelier Dupont"), when the settings name one.
   * The voice stays "nous" either way; only signatures change.
   */
  readonly senderName?: string;
  /**
   * Wording variants to say (wording experiments): message id → variant key, "a" being the
   * message itself (bundle.ts). A message without an entry is said as it is.
   */
  readonly wording?: Readonly<Record<string, string>>;
  /** Their role ("gérante": « Claire, gérante — Atelier Lune »), when the settings give one. */
  readonly senderRole?: string;
  /**
   * Who the business is in law, for the formal steps (formal reminder and notice), which the
   * business signs itself rather than a person: its registered name (the business's name when
   * absent), registration ("SIREN 123 456 789", "Company No. 01234567") and registered address.
   */
  readonly legalIdentity?: {
    readonly name?: string;
    readonly registration?: string;
    readonly address?: string;
  };
}

/** The policy's default owner-approval timeout (src/core/policy.ts). */
export const DEFAULT_REPLY_HOURS = 48;

/** Days a formal notice gives to pay: the usual « huit jours » of French practice. */
export const FORMAL_NOTICE_DAYS = 8;
