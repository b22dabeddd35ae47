import type { DebtorAction } from "./events.ts";

/**
 * A channel-neutral message: text, at most three primary buttons, optional extra buttons reached
 * through "more options", and an optional list. Each channel serialiser (bot/*) maps it to the
 * platform's own widgets and enforces the platform's limits.
 */
export interface Card {
  readonly text: string;
  /** At most `CARD_PRIMARY_BUTTONS_MAX`, labels at most `CARD_BUTTON_LABEL_MAX` characters. */
  readonly buttons: readonly CardButton[];
  /** Shown as a list (WhatsApp list message, Telegram extra keyboard rows). */
  readonly list?: { readonly title: string; readonly items: readonly CardListItem[] };
}

export interface CardButton {
  readonly label: string;
  readonly action: DebtorAction;
}

export interface CardListItem {
  readonly label: string;
  readonly description?: string;
  readonly action: DebtorAction;
}

export const CARD_PRIMARY_BUTTONS_MAX = 3;
export const CARD_BUTTON_LABEL_MAX = 20;
export const CARD_LIST_ITEMS_MAX = 10;
