// What a saved conversation and the history index may contain, checked when they are read back.
// The files live in the extension's storage, not in a repository, but whatever wrote them last
// (another version, another extension, a damaged disk) is not this code: a record becomes turns
// on screen and buttons that run commands, an index entry becomes a list item with a thumbnail.
// A record that does not fit is not opened; an index entry that does not fit is left out.
import * as v from 'valibot';
import { MAX_CHOSEN_PAGES } from './documentPages';
import { isPreparedImageDataUrl } from './imageFacts';
import type { HistoryRecord } from './historyRecord';
import type { HistorySummary } from './protocol';

const MAX_TEXT_CHARS = 8_000_000;
const MAX_SHORT_CHARS = 4_096;
const MAX_TURNS = 10_000;

const CONVERSATION_ID = /^[\w-]{1,64}$/;

export function isConversationId(value: unknown): value is string {
  return typeof value === 'string' && CONVERSATION_ID.test(value);
}

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const short = text(MAX_SHORT_CHARS);
const count = v.pipe(v.number(), v.finite(), v.minValue(0));
const coordinate = v.pipe(v.number(), v.finite());
const thumbnail = v.pipe(
  v.string(),
  v.maxLength(1024 * 1024),
  v.check<string, string>((value) => isPreparedImageDataUrl(value), 'not a PNG or JPEG data URL'),
);
const fraction = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1));

const userFacingError = v.object({
  code: v.picklist([
    'noApiKey',
    'unauthorized',
    'modelNotFound',
    'imagesUnsupported',
    'contextTooLong',
    'payloadTooLarge',
    'rateLimited',
    'serverError',
    'badRequest',
    'connectionRefused',
    'hostNotFound',
    'connectionFailed',
    'timeout',
    'streamError',
    'redirected',
    'imageUnreadable',
    'unknown',
  ]),
  message: text(MAX_SHORT_CHARS * 4),
  actions: v.pipe(
    v.array(v.picklist(['setApiKey', 'selectModel', 'chooseProvider', 'openSettings', 'retry'])),
    v.maxLength(8),
  ),
  status: v.optional(count),
});

/** A turn's zoom trail: at most 8 crops a question, with room for settings of other versions. */
const MAX_ZOOMS_PER_TURN = 64;
const boxEdge = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000));
const zoomRecord = v.object({
  label: v.pipe(count, v.integer(), v.minValue(1)),
  image: v.pipe(count, v.integer(), v.minValue(1)),
  box: v.tuple([boxEdge, boxEdge, boxEdge, boxEdge]),
  region: v.object({ x: count, y: count, width: count, height: count }),
  sent: v.object({ width: count, height: count }),
});

const historyTurn = v.object({
  id: short,
  task: text(MAX_TEXT_CHARS),
  reasoning: text(MAX_TEXT_CHARS),
  answer: text(MAX_TEXT_CHARS),
  status: v.picklist(['streaming', 'done', 'stopped', 'incomplete', 'error']),
  usage: v.optional(
    v.object({
      promptTokens: v.optional(count),
      completionTokens: v.optional(count),
      reasoningTokens: v.optional(count),
    }),
  ),
  reasoningMs: v.optional(count),
  durationMs: v.optional(count),
  costUsd: v.optional(count),
  error: v.optional(userFacingError),
  region: v.optional(v.object({ x: coordinate, y: coordinate, width: count, height: count })),
  groundingRequested: v.optional(v.boolean()),
  grounding: v.optional(
    v.pipe(
      v.array(
        v.object({
          name: short,
          box: v.object({ left: fraction, top: fraction, right: fraction, bottom: fraction }),
        }),
      ),
      v.maxLength(256),
    ),
  ),
  zooms: v.optional(v.pipe(v.array(zoomRecord), v.maxLength(MAX_ZOOMS_PER_TURN))),
  zoomNote: v.optional(v.picklist(['toolsRejected', 'notOffered'])),
  repairOf: v.optional(short),
  diagramSources: v.optional(
    v.pipe(
      v.array(
        v.object({
          name: short,
          format: v.picklist(['svg', 'drawio', 'excalidraw']),
          items: count,
        }),
      ),
      v.maxLength(64),
    ),
  ),
  pages: v.optional(
    v.pipe(v.array(v.object({ name: short, number: count, count })), v.maxLength(64)),
  ),
  modelTask: v.optional(text(MAX_TEXT_CHARS)),
  model: v.optional(short),
  at: v.optional(count),
});

const historyImage = v.object({
  name: short,
  uri: v.optional(text(MAX_SHORT_CHARS * 2)),
  relativePath: v.optional(text(MAX_SHORT_CHARS * 2)),
  thumbnail: v.optional(thumbnail),
  turn: v.optional(count),
  pages: v.optional(
    v.pipe(v.array(v.pipe(count, v.integer(), v.minValue(1))), v.maxLength(MAX_CHOSEN_PAGES)),
  ),
});

const historyRecord = v.object({
  version: v.literal(1),
  id: v.pipe(v.string(), v.regex(CONVERSATION_ID)),
  kind: v.picklist(['panel', 'chat']),
  createdAt: count,
  updatedAt: count,
  images: v.pipe(v.array(historyImage), v.maxLength(1_000)),
  turns: v.pipe(v.array(historyTurn), v.maxLength(MAX_TURNS)),
});

const historySummary = v.object({
  id: v.pipe(v.string(), v.regex(CONVERSATION_ID)),
  kind: v.picklist(['panel', 'chat']),
  title: text(MAX_TEXT_CHARS),
  imageNames: v.pipe(v.array(short), v.maxLength(1_000)),
  thumbnail: v.optional(thumbnail),
  model: v.optional(short),
  updatedAt: count,
  turnCount: count,
});

// The schemas' outputs must be the types the rest of the code reads: checked by the compiler.
const recordSchema: v.GenericSchema<unknown, HistoryRecord> = historyRecord;
const summarySchema: v.GenericSchema<unknown, HistorySummary> = historySummary;

/** The record, as read back from disk, when every part of it is well formed. */
export function parseHistoryRecord(value: unknown): HistoryRecord | undefined {
  const result = v.safeParse(recordSchema, value, { abortEarly: true });
  return result.success ? result.output : undefined;
}

/** The index's well-formed entries; `dropped` counts the others. */
export function parseHistoryIndex(value: unknown): { entries: HistorySummary[]; dropped: number } {
  if (!Array.isArray(value)) {
    return { entries: [], dropped: 1 };
  }
  const entries: HistorySummary[] = [];
  for (const item of value) {
    const result = v.safeParse(summarySchema, item, { abortEarly: true });
    if (result.success) {
      entries.push(result.output);
    }
  }
  return { entries, dropped: value.length - entries.length };
}
