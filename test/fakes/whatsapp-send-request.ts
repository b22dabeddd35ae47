import { isRecord } from "./fake-http-server.ts";

// Limits of the Cloud API's messages endpoint
// (https://developers.facebook.com/docs/whatsapp/cloud-api/messages/interactive-reply-buttons-messages,
// …/interactive-list-messages, …/text-messages).
export const WHATSAPP_TEXT_BODY_MAX = 4096;
export const WHATSAPP_REPLY_BUTTONS_MAX = 3;
export const WHATSAPP_BUTTON_TITLE_MAX = 20;
export const WHATSAPP_BUTTON_ID_MAX = 256;
export const WHATSAPP_BUTTON_BODY_MAX = 1024;
export const WHATSAPP_LIST_BODY_MAX = 4096;
export const WHATSAPP_LIST_ROWS_MAX = 10;
export const WHATSAPP_LIST_SECTIONS_MAX = 10;
export const WHATSAPP_LIST_ROW_TITLE_MAX = 24;
export const WHATSAPP_LIST_ROW_DESCRIPTION_MAX = 72;
export const WHATSAPP_LIST_ROW_ID_MAX = 200;
export const WHATSAPP_LIST_BUTTON_MAX = 20;
export const WHATSAPP_LIST_SECTION_TITLE_MAX = 24;
export const WHATSAPP_HEADER_TEXT_MAX = 60;
export const WHATSAPP_FOOTER_TEXT_MAX = 60;

/** A Graph API error as the Cloud API returns it. */
export class GraphError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number,
    readonly graphMessage: string,
    readonly extra: { type?: string; subcode?: number; details?: string } = {},
  ) {
    super(graphMessage);
  }
}

/** `(#100) …`: a missing or malformed parameter. */
const invalidParameter = (details: string) =>
  new GraphError(400, 100, "(#100) Invalid parameter", { details });
/** `(#131009) …`: a parameter present but out of bounds. */
const invalidValue = (details: string) =>
  new GraphError(400, 131009, "(#131009) Parameter value is not valid", { details });

export type ValidatedSend =
  | { kind: "text"; to: string; body: string }
  | { kind: "button"; to: string; body: string; buttons: { id: string; title: string }[] }
  | {
      kind: "list";
      to: string;
      body: string;
      button: string;
      rows: { id: string; title: string; description?: string; section?: string }[];
    }
  | { kind: "template"; to: string; name: string; language: string; params: string[] }
  | { kind: "read"; messageId: string };

/** Validates a POST /{phone-number-id}/messages body; throws GraphError as the API would. */
export function validateSendRequest(params: Record<string, unknown>): ValidatedSend {
  if (params.messaging_product !== "whatsapp") {
    throw new GraphError(400, 100, "(#100) The parameter messaging_product is required.");
  }
  if (params.status === "read") {
    if (typeof params.message_id !== "string") {
      throw new GraphError(400, 100, "(#100) The parameter message_id is required.");
    }
    return { kind: "read", messageId: params.message_id };
  }
  if (typeof params.to !== "string" || params.to.replace(/\D/g, "").length === 0) {
    throw new GraphError(400, 100, "(#100) The parameter to is required.");
  }
  const to = params.to.replace(/\D/g, "");
  const type = params.type ?? "text";
  switch (type) {
    case "text": {
      const text = params.text;
      if (!isRecord(text) || typeof text.body !== "string" || text.body.length === 0) {
        throw new GraphError(400, 100, "(#100) The parameter text['body'] is required.");
      }
      if (text.body.length > WHATSAPP_TEXT_BODY_MAX) {
        throw invalidParameter(
          `Param text['body'] must be at most ${WHATSAPP_TEXT_BODY_MAX} characters long.`,
        );
      }
      return { kind: "text", to, body: text.body };
    }
    case "interactive":
      return validateInteractive(to, params.interactive);
    case "template": {
      const template = params.template;
      if (!isRecord(template) || typeof template.name !== "string") {
        throw new GraphError(400, 100, "(#100) The parameter template['name'] is required.");
      }
      const language = isRecord(template.language) ? template.language.code : undefined;
      if (typeof language !== "string") {
        throw new GraphError(400, 100, "(#100) The parameter template['language'] is required.");
      }
      return { kind: "template", to, name: template.name, language, params: bodyParams(template) };
    }
    default:
      throw invalidParameter(`Unsupported message type ${String(type)} in this fake.`);
  }
}

/**
 * The body component's text parameters. A parameter must be non-empty text without a line break or
 * tab and without more than four consecutive spaces (error 132018 otherwise).
 */
function bodyParams(template: Record<string, unknown>): string[] {
  const components = template.components;
  if (components === undefined) return [];
  if (!Array.isArray(components)) {
    throw invalidParameter("Param template['components'] must be an array.");
  }
  const body = components.find((c) => isRecord(c) && c.type === "body");
  if (!isRecord(body)) return [];
  const parameters = body.parameters;
  if (!Array.isArray(parameters)) {
    throw invalidParameter("Param template['components'][0]['parameters'] must be an array.");
  }
  return parameters.map((p) => {
    if (!isRecord(p) || p.type !== "text" || typeof p.text !== "string" || p.text === "") {
      throw invalidParameter("Param template['components'][0]['parameters'] must be text.");
    }
    if (/[\n\t]/.test(p.text) || / {5,}/.test(p.text)) {
      throw new GraphError(
        400,
        132018,
        "(#132018) There was an issue with the parameters in your template.",
        {
          details:
            "Param text cannot have new-line/tab characters or more than 4 consecutive spaces",
        },
      );
    }
    return p.text;
  });
}

function checkLength(value: unknown, max: number, what: string): string {
  if (typeof value !== "string" || value.length < 1 || value.length > max) {
    throw invalidValue(`${what} length invalid. Min length: 1, Max length: ${max}`);
  }
  return value;
}

function validateHeaderFooter(interactive: Record<string, unknown>): void {
  const header = interactive.header;
  if (isRecord(header) && header.type === "text") {
    checkLength(header.text, WHATSAPP_HEADER_TEXT_MAX, "Header text");
  }
  const footer = interactive.footer;
  if (footer !== undefined) {
    checkLength(
      isRecord(footer) ? footer.text : undefined,
      WHATSAPP_FOOTER_TEXT_MAX,
      "Footer text",
    );
  }
}

function validateInteractive(to: string, raw: unknown): ValidatedSend {
  if (!isRecord(raw)) {
    throw new GraphError(400, 100, "(#100) The parameter interactive is required.");
  }
  const bodyText = isRecord(raw.body) ? raw.body.text : undefined;
  const action = isRecord(raw.action) ? raw.action : undefined;
  if (action === undefined) {
    throw new GraphError(400, 100, "(#100) The parameter interactive['action'] is required.");
  }
  validateHeaderFooter(raw);
  switch (raw.type) {
    case "button": {
      const body = checkLength(bodyText, WHATSAPP_BUTTON_BODY_MAX, "Body text");
      const buttons = action.buttons;
      if (!Array.isArray(buttons) || buttons.length < 1) {
        throw invalidParameter("Param interactive['action']['buttons'] is required.");
      }
      if (buttons.length > WHATSAPP_REPLY_BUTTONS_MAX) {
        throw invalidParameter(
          `Param interactive['action']['buttons'] must contain at most ${WHATSAPP_REPLY_BUTTONS_MAX} elements.`,
        );
      }
      const parsed = buttons.map((button) => {
        const reply = isRecord(button) && button.type === "reply" ? button.reply : undefined;
        if (!isRecord(reply)) {
          throw invalidParameter(
            "Param interactive['action']['buttons'][0]['type'] must be reply.",
          );
        }
        return {
          id: checkLength(reply.id, WHATSAPP_BUTTON_ID_MAX, "Button ID"),
          title: checkLength(reply.title, WHATSAPP_BUTTON_TITLE_MAX, "Button title"),
        };
      });
      if (new Set(parsed.map((b) => b.id)).size !== parsed.length) {
        throw invalidValue("Button ids must be unique.");
      }
      if (new Set(parsed.map((b) => b.title)).size !== parsed.length) {
        throw invalidValue("Button titles must be unique.");
      }
      return { kind: "button", to, body, buttons: parsed };
    }
    case "list": {
      const body = checkLength(bodyText, WHATSAPP_LIST_BODY_MAX, "Body text");
      const button = checkLength(action.button, WHATSAPP_LIST_BUTTON_MAX, "Button label");
      const sections = action.sections;
      if (!Array.isArray(sections) || sections.length < 1) {
        throw invalidParameter("Param interactive['action']['sections'] is required.");
      }
      if (sections.length > WHATSAPP_LIST_SECTIONS_MAX) {
        throw invalidValue(`Too many sections. Max: ${WHATSAPP_LIST_SECTIONS_MAX}`);
      }
      const rows: { id: string; title: string; description?: string; section?: string }[] = [];
      for (const section of sections) {
        if (!isRecord(section) || !Array.isArray(section.rows) || section.rows.length === 0) {
          throw invalidParameter("Param interactive['action']['sections'][0]['rows'] is required.");
        }
        // "Required if the message has more than one section."
        const title =
          section.title === undefined && sections.length === 1
            ? undefined
            : checkLength(section.title, WHATSAPP_LIST_SECTION_TITLE_MAX, "Section title");
        for (const row of section.rows) {
          if (!isRecord(row)) throw invalidParameter("Row must be an object.");
          rows.push({
            id: checkLength(row.id, WHATSAPP_LIST_ROW_ID_MAX, "Row ID"),
            title: checkLength(row.title, WHATSAPP_LIST_ROW_TITLE_MAX, "Row title"),
            ...(row.description === undefined
              ? {}
              : {
                  description: checkLength(
                    row.description,
                    WHATSAPP_LIST_ROW_DESCRIPTION_MAX,
                    "Row description",
                  ),
                }),
            ...(title === undefined ? {} : { section: title }),
          });
        }
      }
      if (rows.length > WHATSAPP_LIST_ROWS_MAX) {
        throw invalidValue(`Total row count exceed max allowed count: ${WHATSAPP_LIST_ROWS_MAX}`);
      }
      if (new Set(rows.map((r) => r.id)).size !== rows.length) {
        throw invalidValue("Row ids must be unique.");
      }
      return { kind: "list", to, body, button, rows };
    }
    default:
      throw invalidParameter(`Unsupported interactive type ${String(raw.type)} in this fake.`);
  }
}
