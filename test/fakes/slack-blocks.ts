import { isRecord } from "./fake-http-server.ts";

// Limits from https://docs.slack.dev/reference/block-kit (blocks, block elements, composition
// objects, surfaces). Slack reports each violation with a JSON pointer, as reproduced here.
export const SLACK_MESSAGE_BLOCKS_MAX = 50;
export const SLACK_MODAL_BLOCKS_MAX = 100;
export const SLACK_SECTION_TEXT_MAX = 3000;
export const SLACK_SECTION_FIELDS_MAX = 10;
export const SLACK_SECTION_FIELD_TEXT_MAX = 2000;
export const SLACK_HEADER_TEXT_MAX = 150;
export const SLACK_ACTIONS_ELEMENTS_MAX = 25;
export const SLACK_CONTEXT_ELEMENTS_MAX = 10;
export const SLACK_BUTTON_TEXT_MAX = 75;
export const SLACK_ACTION_ID_MAX = 255;
export const SLACK_BLOCK_ID_MAX = 255;
export const SLACK_BUTTON_VALUE_MAX = 2000;
export const SLACK_BUTTON_URL_MAX = 3000;
export const SLACK_MODAL_TITLE_MAX = 24;
export const SLACK_PRIVATE_METADATA_MAX = 3000;
export const SLACK_MESSAGE_TEXT_MAX = 40_000;

/** Violations as Slack words them: `must be less than 3001 characters [json-pointer:/blocks/0/text/text]`. */
export type BlockErrors = string[];

const tooLong = (max: number, at: string) =>
  `must be less than ${max + 1} characters [json-pointer:${at}]`;
const tooMany = (max: number, at: string) =>
  `no more than ${max} items allowed [json-pointer:${at}]`;
const missing = (at: string) => `missing required field [json-pointer:${at}]`;
const badValue = (at: string) => `must provide a valid value [json-pointer:${at}]`;

/** Validates a surface's `blocks` (a message's or a modal's); `root` is "/blocks" or "/view/blocks". */
export function validateBlocks(blocks: unknown[], max: number, root: string): BlockErrors {
  const errors: BlockErrors = [];
  if (blocks.length > max) errors.push(tooMany(max, root));
  const blockIds = new Set<string>();
  blocks.forEach((block, index) => {
    const at = `${root}/${index}`;
    if (!isRecord(block)) {
      errors.push(badValue(at));
      return;
    }
    if (block.block_id !== undefined) {
      if (typeof block.block_id !== "string" || block.block_id.length > SLACK_BLOCK_ID_MAX) {
        errors.push(tooLong(SLACK_BLOCK_ID_MAX, `${at}/block_id`));
      } else if (blockIds.has(block.block_id)) {
        errors.push(`duplicate block_id [json-pointer:${at}/block_id]`);
      } else {
        blockIds.add(block.block_id);
      }
    }
    errors.push(...validateBlock(block, at));
  });
  return errors;
}

function validateBlock(block: Record<string, unknown>, at: string): BlockErrors {
  switch (block.type) {
    case "section": {
      const errors: BlockErrors = [];
      if (block.text === undefined && block.fields === undefined)
        errors.push(missing(`${at}/text`));
      if (block.text !== undefined) {
        errors.push(...validateText(block.text, `${at}/text`, SLACK_SECTION_TEXT_MAX, "any"));
      }
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields)) errors.push(badValue(`${at}/fields`));
        else {
          if (block.fields.length > SLACK_SECTION_FIELDS_MAX) {
            errors.push(tooMany(SLACK_SECTION_FIELDS_MAX, `${at}/fields`));
          }
          block.fields.forEach((field, i) => {
            errors.push(
              ...validateText(field, `${at}/fields/${i}`, SLACK_SECTION_FIELD_TEXT_MAX, "any"),
            );
          });
        }
      }
      if (block.accessory !== undefined) {
        errors.push(...validateElement(block.accessory, `${at}/accessory`));
      }
      return errors;
    }
    case "header":
      return validateText(block.text, `${at}/text`, SLACK_HEADER_TEXT_MAX, "plain_text");
    case "divider":
      return [];
    case "context":
      return validateList(block.elements, `${at}/elements`, SLACK_CONTEXT_ELEMENTS_MAX, (el, p) =>
        isRecord(el) && el.type === "image" ? [] : validateText(el, p, 2000, "any"),
      );
    case "actions":
      return validateList(block.elements, `${at}/elements`, SLACK_ACTIONS_ELEMENTS_MAX, (el, p) =>
        validateElement(el, p),
      );
    case "input": {
      const errors = validateText(block.label, `${at}/label`, 2000, "plain_text");
      if (block.element === undefined) errors.push(missing(`${at}/element`));
      else errors.push(...validateElement(block.element, `${at}/element`));
      if (block.hint !== undefined) {
        errors.push(...validateText(block.hint, `${at}/hint`, 2000, "plain_text"));
      }
      return errors;
    }
    case "image":
      return typeof block.image_url === "string" || isRecord(block.slack_file)
        ? []
        : [missing(`${at}/image_url`)];
    case "rich_text":
    case "video":
    case "file":
      return [];
    default:
      return [`unsupported type: ${String(block.type)} [json-pointer:${at}/type]`];
  }
}

function validateList(
  list: unknown,
  at: string,
  max: number,
  each: (item: unknown, at: string) => BlockErrors,
): BlockErrors {
  if (!Array.isArray(list)) return [missing(at)];
  const errors: BlockErrors = [];
  if (list.length === 0) errors.push(`must provide at least 1 item [json-pointer:${at}]`);
  if (list.length > max) errors.push(tooMany(max, at));
  list.forEach((item, i) => {
    errors.push(...each(item, `${at}/${i}`));
  });
  return errors;
}

function validateText(
  text: unknown,
  at: string,
  max: number,
  kind: "plain_text" | "any",
): BlockErrors {
  if (!isRecord(text)) return [missing(at)];
  const allowed = kind === "plain_text" ? ["plain_text"] : ["plain_text", "mrkdwn"];
  if (typeof text.type !== "string" || !allowed.includes(text.type)) {
    return [`failed to match all allowed schemas [json-pointer:${at}]`];
  }
  if (typeof text.text !== "string" || text.text.length === 0) {
    return [`must be more than 0 characters [json-pointer:${at}/text]`];
  }
  return text.text.length > max ? [tooLong(max, `${at}/text`)] : [];
}

function validateActionId(element: Record<string, unknown>, at: string): BlockErrors {
  const id = element.action_id;
  if (id === undefined) return [];
  return typeof id === "string" && id.length <= SLACK_ACTION_ID_MAX
    ? []
    : [tooLong(SLACK_ACTION_ID_MAX, `${at}/action_id`)];
}

function validateElement(element: unknown, at: string): BlockErrors {
  if (!isRecord(element)) return [badValue(at)];
  const errors = validateActionId(element, at);
  switch (element.type) {
    case "button":
      errors.push(...validateText(element.text, `${at}/text`, SLACK_BUTTON_TEXT_MAX, "plain_text"));
      if (element.value !== undefined) {
        if (typeof element.value !== "string" || element.value.length > SLACK_BUTTON_VALUE_MAX) {
          errors.push(tooLong(SLACK_BUTTON_VALUE_MAX, `${at}/value`));
        }
      }
      if (element.url !== undefined) {
        if (typeof element.url !== "string" || element.url.length > SLACK_BUTTON_URL_MAX) {
          errors.push(tooLong(SLACK_BUTTON_URL_MAX, `${at}/url`));
        }
      }
      if (
        element.style !== undefined &&
        element.style !== "primary" &&
        element.style !== "danger"
      ) {
        errors.push(badValue(`${at}/style`));
      }
      return errors;
    case "static_select":
    case "radio_buttons":
    case "checkboxes":
    case "overflow": {
      const max = element.type === "overflow" ? 5 : element.type === "static_select" ? 100 : 10;
      if (element.options === undefined && element.option_groups !== undefined) return errors;
      errors.push(
        ...validateList(element.options, `${at}/options`, max, (option, p) => {
          if (!isRecord(option)) return [badValue(p)];
          const out = validateText(option.text, `${p}/text`, 75, "any");
          if (typeof option.value !== "string" || option.value.length > 150) {
            out.push(tooLong(150, `${p}/value`));
          }
          return out;
        }),
      );
      return errors;
    }
    case "plain_text_input":
    case "datepicker":
    case "timepicker":
    case "datetimepicker":
    case "number_input":
    case "email_text_input":
    case "url_text_input":
    case "users_select":
    case "conversations_select":
    case "channels_select":
    case "external_select":
    case "multi_static_select":
    case "multi_users_select":
    case "image":
    case "rich_text_input":
      return errors;
    default:
      errors.push(`unsupported type: ${String(element.type)} [json-pointer:${at}/type]`);
      return errors;
  }
}

/** Validates a modal view object for views.open / views.update. */
export function validateModal(view: Record<string, unknown>): BlockErrors {
  const errors: BlockErrors = [];
  if (view.type !== "modal") errors.push(badValue("/view/type"));
  errors.push(...validateText(view.title, "/view/title", SLACK_MODAL_TITLE_MAX, "plain_text"));
  for (const key of ["submit", "close"] as const) {
    if (view[key] !== undefined && view[key] !== null) {
      errors.push(...validateText(view[key], `/view/${key}`, SLACK_MODAL_TITLE_MAX, "plain_text"));
    }
  }
  if (!Array.isArray(view.blocks)) errors.push(missing("/view/blocks"));
  else errors.push(...validateBlocks(view.blocks, SLACK_MODAL_BLOCKS_MAX, "/view/blocks"));
  if (
    view.private_metadata !== undefined &&
    (typeof view.private_metadata !== "string" ||
      view.private_metadata.length > SLACK_PRIVATE_METADATA_MAX)
  ) {
    errors.push(tooLong(SLACK_PRIVATE_METADATA_MAX, "/view/private_metadata"));
  }
  if (
    view.callback_id !== undefined &&
    (typeof view.callback_id !== "string" || view.callback_id.length > 255)
  ) {
    errors.push(tooLong(255, "/view/callback_id"));
  }
  return errors;
}
