// The boundary between a conversation webview and the extension host. A webview is a browser
// page that renders model output: if anything ever runs in it that should not, what it posts must
// not let it do more than the user could. So every message is checked here, against one schema
// per message type, before any handler sees it: fields of the right types, strings and lists of
// bounded length, data URLs that are PNG or JPEG, actions from a closed list. Anything else
// (an unknown type, a malformed or oversized message) is dropped, and the caller logs why.
//
// The schemas are valibot's (a small, tree-shaken schema library: about 4 KB of the host bundle
// for these): each one's output type is checked against the protocol's own message type below, so
// the two cannot drift apart.
import * as v from 'valibot';
import { MAX_CHOSEN_PAGES, MAX_PAGE_COUNT, MAX_PAGE_TEXT_CHARS } from './documentPages';
import { isPreparedImageDataUrl } from './imageFacts';
import type {
  AttachmentsToHostMessage,
  ConversationToHostMessage,
  ViewToHostMessage,
  WebviewKind,
  WebviewToHost,
} from './protocol';

/** Longest task text accepted (a page of text is about 3,000 characters). */
export const MAX_TASK_CHARS = 100_000;
/** Longest data URL of one prepared image: base64 of the largest byte limit (see imageLimits). */
export const MAX_DATA_URL_CHARS = 72 * 1024 * 1024;
/** A thumbnail is a 96-pixel JPEG of a few KB. */
export const MAX_THUMBNAIL_CHARS = 512 * 1024;
/** Text copied from an answer: at most a whole answer (see MAX_TURN_TEXT_CHARS). */
export const MAX_CLIPBOARD_CHARS = 2_100_000;
export const MAX_MERMAID_SOURCE_CHARS = 1_000_000;
const MAX_MESSAGE_CHARS = 10_000;
const MAX_HREF_CHARS = 8_192;
const MAX_NAME_CHARS = 1_024;
const MAX_ID_CHARS = 128;
const MAX_TILES = 64;
const MAX_REGION_CROPS = 256;
/**
 * A round has at most 16 calls (MAX_TOOL_CALLS); their ids are the server's, up to 256 characters.
 */
const MAX_ZOOM_CROPS = 16;
const MAX_TOOL_CALL_ID_CHARS = 256;
const MAX_DROPPED_URIS = 100;

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_ID_CHARS));
const size = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1_000_000));
const coordinate = v.pipe(v.number(), v.finite());
const dataUrl = v.pipe(
  v.string(),
  v.maxLength(MAX_DATA_URL_CHARS),
  v.check<string, string>((value) => isPreparedImageDataUrl(value), 'not a PNG or JPEG data URL'),
);
const thumbnail = v.pipe(
  v.string(),
  v.maxLength(MAX_THUMBNAIL_CHARS),
  v.check<string, string>((value) => isPreparedImageDataUrl(value), 'not a PNG or JPEG data URL'),
);
const imageMime = v.picklist(['image/png', 'image/jpeg']);

const preparedTile = v.object({
  dataUrl,
  width: size,
  height: size,
  mime: imageMime,
  x: size,
  y: size,
  regionWidth: size,
  regionHeight: size,
  row: v.pipe(size, v.integer()),
  column: v.pipe(size, v.integer()),
});

/** Characters of an image's pictures: its overview and its tiles. */
function pictureChars(image: { dataUrl: string; tiles?: readonly { dataUrl: string }[] }): number {
  return (image.tiles ?? []).reduce((sum, tile) => sum + tile.dataUrl.length, image.dataUrl.length);
}

/**
 * The overview and the tiles share one byte limit (the webview gives each an equal share of it),
 * so together they are no larger than one image may be: 64 tiles of 72 MB each would otherwise
 * pass, and be kept with the conversation.
 */
const preparedImage = v.pipe(
  v.object({
    dataUrl,
    width: size,
    height: size,
    mime: imageMime,
    sourceWidth: v.optional(size),
    sourceHeight: v.optional(size),
    detail: v.optional(v.picklist(['low', 'high'])),
    tiles: v.optional(v.pipe(v.array(preparedTile), v.maxLength(MAX_TILES))),
    page: v.optional(
      v.object({
        number: v.pipe(size, v.integer(), v.minValue(1)),
        count: v.pipe(size, v.integer(), v.minValue(1)),
      }),
    ),
  }),
  v.check(
    (image) => pictureChars(image) <= MAX_DATA_URL_CHARS,
    'the image and its tiles are larger than one image may be',
  ),
);

/** A zoom crop: a picture and its size, nothing more (strict: tiles or other fields refuse it). */
const zoomCrop = v.strictObject({ dataUrl, width: size, height: size });

const pageNumber = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_PAGE_COUNT));
// The page's text is cleaned and capped again by the host (documentPages.ts); this bounds the
// message.
const pageText = v.optional(text(MAX_PAGE_TEXT_CHARS * 4));

const documentPages = v.pipe(
  v.object({
    pageCount: pageNumber,
    page: v.object({ number: pageNumber, text: pageText }),
    more: v.pipe(
      v.array(v.object({ number: pageNumber, text: pageText, image: preparedImage })),
      v.maxLength(MAX_CHOSEN_PAGES - 1),
    ),
  }),
  v.check(
    (pages) =>
      [pages.page, ...pages.more].every((page) => page.number <= pages.pageCount) &&
      new Set([pages.page.number, ...pages.more.map((page) => page.number)]).size ===
        pages.more.length + 1,
    'pages outside the document, or chosen twice',
  ),
);

const pixelBox = v.object({ x: coordinate, y: coordinate, width: size, height: size });

const regionQuestion = v.object({
  box: pixelBox,
  original: v.object({ width: size, height: size }),
  crop: preparedImage,
});

/** Exactly the commands an error's buttons may run (`retry` is the webview's own). */
export const WEBVIEW_ERROR_ACTIONS = [
  'setApiKey',
  'selectModel',
  'chooseProvider',
  'openSettings',
] as const;

const message = <const T extends string, E extends v.ObjectEntries>(type: T, entries: E) =>
  v.object({ type: v.literal(type), ...entries });

/** Each message of the protocol, by its type. */
type MessageByType = { readonly [M in WebviewToHost as M['type']]: M };
type Type = keyof MessageByType;

/**
 * One schema per message type. The mapped type makes the compiler check both ways: every type of
 * the protocol has a schema, and each schema's output is that type's message.
 */
const SCHEMAS: { readonly [K in Type]: v.GenericSchema<unknown, MessageByType[K]> } = {
  'webview/ready': message('webview/ready', {}),
  'image/prepared': message('image/prepared', {
    image: preparedImage,
    thumbnail: v.optional(thumbnail),
    document: v.optional(documentPages),
  }),
  'image/prepareFailed': message('image/prepareFailed', { message: text(MAX_MESSAGE_CHARS) }),
  'image/regionCrops': message('image/regionCrops', {
    crops: v.pipe(
      v.array(v.object({ turnId: id, crop: preparedImage })),
      v.maxLength(MAX_REGION_CROPS),
    ),
  }),
  'zoom/crops': message('zoom/crops', {
    requestId: id,
    crops: v.pipe(
      v.array(
        v.object({
          callId: text(MAX_TOOL_CALL_ID_CHARS),
          crop: v.optional(zoomCrop),
          error: v.optional(text(MAX_MESSAGE_CHARS)),
        }),
      ),
      v.maxLength(MAX_ZOOM_CROPS),
    ),
  }),
  'task/submit': message('task/submit', {
    task: text(MAX_TASK_CHARS),
    region: v.optional(regionQuestion),
    grounding: v.optional(v.boolean()),
  }),
  'turn/stop': message('turn/stop', {}),
  'action/run': message('action/run', { action: v.picklist(WEBVIEW_ERROR_ACTIONS) }),
  'link/open': message('link/open', { href: text(MAX_HREF_CHARS) }),
  'clipboard/write': message('clipboard/write', { text: text(MAX_CLIPBOARD_CHARS) }),
  'turn/export': message('turn/export', { turnId: id, target: v.picklist(['markdown', 'editor']) }),
  'mermaid/repair': message('mermaid/repair', {
    turnId: id,
    source: text(MAX_MERMAID_SOURCE_CHARS),
    error: text(MAX_MESSAGE_CHARS),
  }),
  'mermaid/open': message('mermaid/open', { source: text(MAX_MERMAID_SOURCE_CHARS) }),
  'attachments/pick': message('attachments/pick', {}),
  'chat/useActiveImage': message('chat/useActiveImage', {}),
  'chat/new': message('chat/new', {}),
  'attachments/dropUris': message('attachments/dropUris', {
    uris: v.pipe(v.array(text(MAX_HREF_CHARS)), v.maxLength(MAX_DROPPED_URIS)),
  }),
  'attachments/prepared': message('attachments/prepared', {
    id,
    name: text(MAX_NAME_CHARS),
    uri: v.optional(text(MAX_HREF_CHARS)),
    image: preparedImage,
    thumbnail: v.optional(thumbnail),
  }),
  'attachments/prepareFailed': message('attachments/prepareFailed', {
    id,
    message: text(MAX_MESSAGE_CHARS),
  }),
  'attachments/remove': message('attachments/remove', { id }),
  'history/open': message('history/open', { id }),
  'history/delete': message('history/delete', { id }),
  'history/clear': message('history/clear', {}),
};

/** A set of message types, complete by construction (the compiler checks both ways). */
type TypeSet<M extends { readonly type: string }> = { readonly [K in M['type']]: true };

const CONVERSATION_TYPES: TypeSet<ConversationToHostMessage> = {
  'webview/ready': true,
  'task/submit': true,
  'turn/stop': true,
  'action/run': true,
  'link/open': true,
  'clipboard/write': true,
  'turn/export': true,
  'mermaid/repair': true,
  'mermaid/open': true,
};

const ATTACHMENT_TYPES: TypeSet<AttachmentsToHostMessage> = {
  'attachments/pick': true,
  'attachments/dropUris': true,
  'attachments/prepared': true,
  'attachments/prepareFailed': true,
  'attachments/remove': true,
};

/** What each view may send: a panel page cannot clear the history, the side view has no image. */
const SENT_BY: { readonly [V in WebviewKind]: TypeSet<ViewToHostMessage<V>> } = {
  panel: {
    ...CONVERSATION_TYPES,
    ...ATTACHMENT_TYPES,
    'image/prepared': true,
    'image/prepareFailed': true,
    'image/regionCrops': true,
    'zoom/crops': true,
  },
  sideView: {
    ...CONVERSATION_TYPES,
    ...ATTACHMENT_TYPES,
    'chat/new': true,
    'chat/useActiveImage': true,
    'history/open': true,
    'history/delete': true,
    'history/clear': true,
    'zoom/crops': true,
  },
};

/** Whether a view's message is about its conversation (the turn list and the task box). */
export function isConversationToHostMessage(message: {
  readonly type: string;
}): message is ConversationToHostMessage {
  return Object.hasOwn(CONVERSATION_TYPES, message.type);
}

/** Whether a view's message is about its strip of attachments. */
export function isAttachmentsToHostMessage(message: {
  readonly type: string;
}): message is AttachmentsToHostMessage {
  return Object.hasOwn(ATTACHMENT_TYPES, message.type);
}

export type WebviewMessageCheck<M = WebviewToHost> =
  | { readonly ok: true; readonly message: M }
  /** `reason` names the type and the first problem, never the message's content. */
  | { readonly ok: false; readonly reason: string };

/** Checks one message from a webview: a type that view sends, and the schema of that type. */
export function checkWebviewMessage<V extends WebviewKind>(
  raw: unknown,
  from: V,
): WebviewMessageCheck<ViewToHostMessage<V>> {
  const type =
    typeof raw === 'object' && raw !== null && 'type' in raw && typeof raw.type === 'string'
      ? raw.type
      : undefined;
  if (type === undefined || !Object.hasOwn(SCHEMAS, type)) {
    return {
      ok: false,
      reason: `unknown message type ${type === undefined ? '(none)' : JSON.stringify(type.slice(0, 40))}`,
    };
  }
  if (!Object.hasOwn(SENT_BY[from], type)) {
    return { ok: false, reason: `${type}: not a message the ${from} sends` };
  }
  const result = v.safeParse(SCHEMAS[type as Type], raw, { abortEarly: true });
  if (result.success) {
    // The type is one this view sends (checked above), so the message is one of its messages.
    return { ok: true, message: result.output as ViewToHostMessage<V> };
  }
  const issue = result.issues[0];
  const path = issue.path?.map((item) => String(item.key)).join('.') || '(message)';
  return { ok: false, reason: `${type}: ${path}: ${issue.message.slice(0, 120)}` };
}
