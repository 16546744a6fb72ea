// Where the prepared parts are encoded: in workers (imageWorker.ts) when the page can start
// them, else on the page. Chromium encodes a PNG or JPEG canvas on the asking thread, in its
// idle time: on the page, an overview and 24 tiles were encoded one after another on the main
// thread while the other core waited (bench/README.md, image_prep_ms). A worker is a thread of
// its own, so each core encodes. The page keeps the decoding and cutting (createImageBitmap),
// and hands each worker a bitmap of just its part (transferred, not copied).

import type { PreparedImage } from '../../core/protocol';
import { canvasOf, encodeWithinLimit, type Encoded } from './imageEncoding';
import type { PaletteTry } from './indexedPng';
import workerSource from 'worker-source:./imageWorker.ts';
import * as l10n from '@vscode/l10n';

export type EncoderRequest =
  | { readonly type: 'l10n'; readonly contents: string }
  | {
      readonly type: 'encode';
      readonly id: number;
      readonly bitmap: ImageBitmap;
      readonly mime: PreparedImage['mime'];
      readonly limit: number;
      readonly keepCanvas: boolean;
      readonly flat: boolean;
      readonly palette: PaletteTry;
    };
export type EncoderReply =
  | { readonly ready: true }
  | { readonly id: number; readonly encoded: Encoded; readonly drawn?: ImageBitmap }
  | { readonly id: number; readonly error: string };

export interface EncodedPart extends Encoded {
  /** What was drawn (the part on white, before any shrinking to fit the limit), when asked for. */
  readonly drawn?: ImageBitmap;
}

/** A worker that has not said it is ready by then is taken as refused (a CSP without worker-src blob:). */
const START_TIMEOUT_MS = 3000;
/** Idle workers are ended after this: an image is prepared once, then rarely again soon. */
const IDLE_MS = 20_000;

interface Encoder {
  readonly worker: Worker;
  ready: Promise<boolean>;
  readonly pending: Map<
    number,
    { resolve: (part: EncodedPart) => void; reject: (error: Error) => void }
  >;
  dead: boolean;
}

let encoders: Encoder[] | undefined;
let sourceUrl: string | undefined;
let nextId = 0;
/** Parts being encoded on the page. */
let onPage = 0;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

/** How many parts to have in flight: two per worker, so none waits while the page cuts the next. */
export function encoderSlots(): number {
  return 2 * encoderCount();
}

/** Encoders, the page's main thread included (it encodes too while it waits for the workers). */
function encoderCount(): number {
  return Math.max(2, Math.min(4, navigator.hardwareConcurrency || 2));
}

/**
 * Workers beside the page: one fewer than the encoders. Each takes ~50 ms of a core to start
 * (a trace shows two of them slowing the decoding they start beside), so with two cores the
 * page encodes beside one worker rather than waiting on two.
 */
function workerCount(): number {
  return encoderCount() - 1;
}

/** Starts the workers (if they are not running) so their start overlaps the decoding. */
export function startEncoders(): void {
  if (idleTimer !== undefined) {
    clearTimeout(idleTimer);
    idleTimer = undefined;
  }
  if (encoders || typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') {
    return;
  }
  sourceUrl ??= URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  const bundle = typeof document === 'undefined' ? undefined : document.body?.dataset.l10n;
  encoders = Array.from({ length: workerCount() }, () => startEncoder(sourceUrl!, bundle)).filter(
    (encoder): encoder is Encoder => encoder !== undefined,
  );
}

function startEncoder(url: string, bundle: string | undefined): Encoder | undefined {
  let worker: Worker;
  try {
    worker = new Worker(url);
  } catch {
    return undefined;
  }
  const pending: Encoder['pending'] = new Map();
  const encoder: Encoder = { worker, pending, dead: false, ready: Promise.resolve(false) };
  const lost = (): void => {
    encoder.dead = true;
    worker.terminate();
    for (const job of pending.values()) {
      job.reject(new Error(l10n.t('The resized image could not be encoded.')));
    }
    pending.clear();
  };
  encoder.ready = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), START_TIMEOUT_MS);
    worker.onmessage = ({ data }: MessageEvent<EncoderReply>) => {
      if ('ready' in data) {
        clearTimeout(timer);
        resolve(true);
        return;
      }
      const job = pending.get(data.id);
      pending.delete(data.id);
      if ('error' in data) {
        job?.reject(new Error(data.error));
      } else {
        job?.resolve({ ...data.encoded, drawn: data.drawn });
      }
    };
    worker.onerror = () => {
      clearTimeout(timer);
      resolve(false);
      lost();
    };
  });
  if (bundle) {
    worker.postMessage({ type: 'l10n', contents: bundle } satisfies EncoderRequest);
  }
  return encoder;
}

/**
 * `bitmap` (which this takes over and closes) on white (`flat`: it already is) and encoded
 * within `limit` bytes, as imageEncoding.ts does it, by the least busy worker that started, or
 * on the page. `keepCanvas`: also return what was encoded, as a bitmap (for a thumbnail).
 * `palette`: whether to try a palette PNG (indexedPng.ts `PaletteTry`).
 */
export async function encodePart(
  bitmap: ImageBitmap,
  mime: PreparedImage['mime'],
  limit: number,
  {
    keepCanvas = false,
    flat = false,
    palette = 'none',
  }: { keepCanvas?: boolean; flat?: boolean; palette?: PaletteTry } = {},
): Promise<EncodedPart> {
  startEncoders();
  const started = [];
  for (const encoder of encoders ?? []) {
    if (!encoder.dead && (await encoder.ready) && !encoder.dead) {
      started.push(encoder);
    }
  }
  try {
    const encoder = started.reduce<Encoder | undefined>(
      (least, next) => (least && least.pending.size <= next.pending.size ? least : next),
      undefined,
    );
    if (!encoder || (started.length < encoderCount() && onPage < encoder.pending.size)) {
      onPage++;
      try {
        return await encodeOnPage(bitmap, mime, limit, keepCanvas, flat, palette);
      } finally {
        onPage--;
      }
    }
    const id = ++nextId;
    return await new Promise<EncodedPart>((resolve, reject) => {
      encoder.pending.set(id, { resolve, reject });
      encoder.worker.postMessage(
        {
          type: 'encode',
          id,
          bitmap,
          mime,
          limit,
          keepCanvas,
          flat,
          palette,
        } satisfies EncoderRequest,
        [bitmap],
      );
    });
  } finally {
    scheduleIdleEnd();
  }
}

async function encodeOnPage(
  bitmap: ImageBitmap,
  mime: PreparedImage['mime'],
  limit: number,
  keepCanvas: boolean,
  flat: boolean,
  palette: PaletteTry,
): Promise<EncodedPart> {
  const canvas = await canvasOf(bitmap, flat);
  const encoded = await encodeWithinLimit(canvas, mime, limit, palette);
  return keepCanvas ? { ...encoded, drawn: await createImageBitmap(canvas) } : encoded;
}

function scheduleIdleEnd(): void {
  if (idleTimer !== undefined) {
    clearTimeout(idleTimer);
  }
  idleTimer = setTimeout(() => {
    idleTimer = undefined;
    if (encoders?.every((encoder) => encoder.pending.size === 0)) {
      encoders.forEach((encoder) => encoder.worker.terminate());
      encoders = undefined;
    }
  }, IDLE_MS);
}
