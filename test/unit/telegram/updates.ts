/** Raw Telegram updates as the Bot API sends them, for the adapter's tests. */

export const CHAT_ID = 4242;

export function textUpdate(
  text: string | undefined,
  overrides: { updateId?: number; chatType?: string; languageCode?: string | null } = {},
): Record<string, unknown> {
  const from: Record<string, unknown> = { id: CHAT_ID, is_bot: false, first_name: "Camille" };
  if (overrides.languageCode !== null) from.language_code = overrides.languageCode ?? "fr";
  return {
    update_id: overrides.updateId ?? 500_000_001,
    message: {
      message_id: 7,
      from,
      chat: { id: CHAT_ID, type: overrides.chatType ?? "private", first_name: "Camille" },
      date: 1_768_467_600,
      ...(text === undefined ? { sticker: { file_id: "x" } } : { text }),
    },
  };
}

export function callbackUpdate(
  data: string | undefined,
  overrides: { updateId?: number; chatType?: string } = {},
): Record<string, unknown> {
  return {
    update_id: overrides.updateId ?? 500_000_002,
    callback_query: {
      id: "4382000000000000001",
      from: { id: CHAT_ID, is_bot: false, first_name: "Camille", language_code: "en" },
      message: {
        message_id: 12,
        from: { id: 7000000001, is_bot: true, first_name: "Relance" },
        chat: { id: CHAT_ID, type: overrides.chatType ?? "private" },
        date: 1_768_467_600,
        text: "Your invoice",
      },
      chat_instance: "-7000000004242",
      ...(data === undefined ? {} : { data }),
    },
  };
}
