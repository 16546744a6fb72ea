// Bundled by bench/figures/imagePrep.mjs. Two jobs in the browser:
// - draws the screenshot the figure prepares: a dark IDE-like window (title bar, activity bar,
//   file tree, tabs, an editor full of code, a terminal, a dialog with buttons) in real fonts
//   with anti-aliased text, the same every run, encoded as PNG by Chromium;
// - times the stages of the webview's own preparation code (src/webview/image/imagePreparation.ts)
//   for the details: fetch and decode, then resize, encode and read back as data URLs.
import {
  decodeFile,
  DEFAULT_IMAGE_POLICY,
  fetchFile,
  intrinsicSize,
  loadImage,
  prepareImage,
  targetSize,
} from '../../src/webview/image/imagePreparation';

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'const',
  'return',
  'await',
  'gateway',
  'request',
  'response',
  'orders',
  'queue',
  'publish',
  'handler',
  'config',
  'retry',
  'timeout',
  'cache',
  'user',
  'id',
  'items',
  'total',
  'status',
  'error',
];
const COLOURS = [
  '#569cd6',
  '#9cdcfe',
  '#ce9178',
  '#dcdcaa',
  '#4ec9b0',
  '#c586c0',
  '#6a9955',
  '#d4d4d4',
  '#b5cea8',
];

/** A PNG screenshot of an IDE-like window, `width`×`height`, base64. */
async function makeScreenshot(width: number, height: number, seed = 12): Promise<string> {
  const rand = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d');
  if (!g) throw new Error('no 2d canvas');
  const s = width / 2000; // drawn for a 2000-wide window at 2× scale factor
  const box = (x: number, y: number, w: number, h: number, colour: string): void => {
    g.fillStyle = colour;
    g.fillRect(Math.round(x * s), Math.round(y * s), Math.round(w * s), Math.round(h * s));
  };
  const text = (
    value: string,
    x: number,
    y: number,
    size: number,
    colour: string,
    font = 'DejaVu Sans Mono, monospace',
  ): void => {
    g.fillStyle = colour;
    g.font = `${Math.round(size * s)}px ${font}`;
    g.fillText(value, Math.round(x * s), Math.round(y * s));
  };
  const H = height / s;
  box(0, 0, 2000, H, '#1e1e1e');
  box(0, 0, 2000, 36, '#3c3c3c');
  text(
    'architecture-review — orders-service — Visual Studio Code',
    700,
    24,
    15,
    '#cccccc',
    'DejaVu Sans, sans-serif',
  );
  box(0, 36, 56, H - 36, '#333333');
  for (let i = 0; i < 6; i++) box(14, 60 + i * 60, 28, 28, i === 0 ? '#d7d7d7' : '#858585');
  box(56, 36, 340, H - 36, '#252526');
  text('EXPLORER', 76, 66, 13, '#bbbbbb', 'DejaVu Sans, sans-serif');
  for (let y = 100; y < H - 60; y += 26) {
    const depth = Math.floor(rand() * 4);
    box(80 + depth * 16, y - 13, 14, 14, pick(['#e8ab53', '#519aba', '#8dc149', '#cbcb41']));
    text(
      `${pick(WORDS)}${pick(['.ts', '.json', '.md', 'Service.ts', '.yaml', '/'])}`,
      102 + depth * 16,
      y,
      14,
      '#cccccc',
      'DejaVu Sans, sans-serif',
    );
  }
  box(396, 36, 1604, 40, '#252526');
  for (let i = 0; i < 5; i++) {
    box(396 + i * 190, 36, 188, 40, i === 1 ? '#1e1e1e' : '#2d2d2d');
    text(
      `${pick(WORDS)}.ts`,
      420 + i * 190,
      62,
      14,
      i === 1 ? '#ffffff' : '#969696',
      'DejaVu Sans, sans-serif',
    );
  }
  const editorBottom = H * 0.68;
  for (let line = 1, y = 104; y < editorBottom; line++, y += 24) {
    text(String(line).padStart(4), 404, y, 15, '#858585');
    let x = 470 + Math.floor(rand() * 6) * 30;
    for (let word = 3 + Math.floor(rand() * 9); word > 0 && x < 1900; word--) {
      const token = pick(WORDS) + pick(['', '(', ')', '.', ' =', ';', ',', ' {', '}']);
      text(token, x, y, 15, pick(COLOURS));
      x += (token.length + 1) * 9.1;
    }
  }
  box(1860, 80, 120, editorBottom - 80, '#2a2a2a');
  for (let y = 90; y < editorBottom - 10; y += 6)
    box(1866, y, 20 + rand() * 90, 3, pick(COLOURS) + '66');
  box(396, editorBottom, 1604, 2, '#454545');
  box(396, editorBottom + 2, 1604, 34, '#1e1e1e');
  text(
    'TERMINAL    PROBLEMS    OUTPUT    DEBUG CONSOLE',
    420,
    editorBottom + 26,
    13,
    '#e7e7e7',
    'DejaVu Sans, sans-serif',
  );
  for (let y = editorBottom + 64; y < H - 40; y += 22) {
    text(
      `$ npm run ${pick(WORDS)} -- --${pick(WORDS)}=${Math.floor(rand() * 1000)}  ✓ ${Math.floor(rand() * 400)} ms`,
      420,
      y,
      14,
      pick(['#cccccc', '#89d185', '#f14c4c', '#cccccc']),
    );
  }
  box(0, H - 26, 2000, 26, '#007acc');
  text(
    'main ⟳  0 ⚠ 2  Ln 42, Col 7  Spaces: 2  UTF-8  LF  TypeScript',
    20,
    H - 8,
    13,
    '#ffffff',
    'DejaVu Sans, sans-serif',
  );
  box(760, 300, 560, 220, '#252526');
  box(760, 300, 560, 4, '#007acc');
  text('Deploy orders-service to production?', 790, 360, 18, '#ffffff', 'DejaVu Sans, sans-serif');
  text(
    '3 services will restart; the queue keeps pending events.',
    790,
    400,
    14,
    '#cccccc',
    'DejaVu Sans, sans-serif',
  );
  box(1040, 450, 120, 36, '#0e639c');
  text('Deploy', 1070, 474, 14, '#ffffff', 'DejaVu Sans, sans-serif');
  box(1176, 450, 120, 36, '#3a3d41');
  text('Cancel', 1206, 474, 14, '#ffffff', 'DejaVu Sans, sans-serif');

  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the screenshot could not be encoded');
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * A photo-like JPEG, `width`×`height`, base64: a sky and ground in smooth gradients, soft
 * shapes, and grain over every pixel (what makes a photo a photo to the content check).
 */
async function makePhoto(width: number, height: number, seed = 7): Promise<string> {
  const rand = random(seed);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d');
  if (!g) throw new Error('no 2d canvas');
  const sky = g.createLinearGradient(0, 0, 0, height * 0.6);
  sky.addColorStop(0, '#4a78b5');
  sky.addColorStop(1, '#c9dcef');
  g.fillStyle = sky;
  g.fillRect(0, 0, width, height * 0.6);
  const ground = g.createLinearGradient(0, height * 0.55, 0, height);
  ground.addColorStop(0, '#6d8b4a');
  ground.addColorStop(1, '#3b4a26');
  g.fillStyle = ground;
  g.fillRect(0, height * 0.55, width, height * 0.45);
  for (let i = 0; i < 60; i++) {
    const x = rand() * width;
    const y = height * (0.45 + rand() * 0.5);
    const r = (0.02 + rand() * 0.08) * width;
    const blob = g.createRadialGradient(x, y, 0, x, y, r);
    blob.addColorStop(
      0,
      `rgba(${40 + rand() * 80}, ${60 + rand() * 90}, ${20 + rand() * 40}, 0.9)`,
    );
    blob.addColorStop(1, 'rgba(0, 0, 0, 0)');
    g.fillStyle = blob;
    g.fillRect(x - r, y - r, 2 * r, 2 * r);
  }
  const pixels = g.getImageData(0, 0, width, height);
  for (let i = 0; i < pixels.data.length; i += 4) {
    const grain = (rand() - 0.5) * 28;
    pixels.data[i] += grain;
    pixels.data[i + 1] += grain;
    pixels.data[i + 2] += grain;
  }
  g.putImageData(pixels, 0, 0);
  const blob = await new Promise<Blob | null>((resolve) =>
    canvas.toBlob(resolve, 'image/jpeg', 0.92),
  );
  if (!blob) throw new Error('the photo could not be encoded');
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * The preparation's stages, timed one after the other the way ImageSession runs them: the file
 * fetched, its size read by an <img>, its pixels decoded off the main thread (decodeFile); then
 * the overview (and tiles, at the default "auto") shrunk, encoded and read back as data URLs.
 * The viewer's own decoding of the <img>, which the panel runs beside, is left out.
 */
async function timeStages(src: string, mime: string, maxSide: number) {
  const t0 = performance.now();
  const file = await fetchFile(src);
  if (!file) throw new Error(`${src} could not be fetched`);
  const url = URL.createObjectURL(file);
  const image = await new Promise<HTMLImageElement>((resolve, reject) => {
    const element = new Image();
    element.onload = () => resolve(element);
    element.onerror = () => reject(new Error('not an image'));
    element.src = url;
  });
  const t1 = performance.now();
  const bitmap = await decodeFile(file, mime);
  const t2 = performance.now();
  const size = await intrinsicSize(image, mime);
  const { image: prepared, overview } = await prepareImage(
    image,
    mime,
    { ...DEFAULT_IMAGE_POLICY, maxSide },
    size,
    Promise.resolve(bitmap),
  );
  overview.close();
  const t3 = performance.now();
  URL.revokeObjectURL(url);
  return {
    fetchAndSizeMs: t1 - t0,
    decodeMs: t2 - t1,
    resizeEncodeReadMs: t3 - t2,
    width: prepared.width,
    height: prepared.height,
    mime: prepared.mime,
    tiles: prepared.tiles?.length ?? 0,
    dataUrlChars: prepared.dataUrl.length,
  };
}

/**
 * What other targets would give, for the details (not the shipped code path): the same
 * high-quality downscale to each long side, encoded as each format; bytes and time per pair.
 */
async function whatIf(
  src: string,
  sides: readonly number[],
  formats: readonly { mime: string; quality?: number }[],
) {
  const image = await loadImage(src);
  const rows: {
    side: number;
    mime: string;
    quality?: number;
    bytes: number;
    resizeMs: number;
    encodeMs: number;
  }[] = [];
  for (const side of sides) {
    const scale = Math.min(1, side / Math.max(image.naturalWidth, image.naturalHeight));
    const width = Math.round(image.naturalWidth * scale);
    const height = Math.round(image.naturalHeight * scale);
    for (const format of formats) {
      const t0 = performance.now();
      const bitmap = await createImageBitmap(image, {
        resizeWidth: width,
        resizeHeight: height,
        resizeQuality: 'high',
      });
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const context = canvas.getContext('2d')!;
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, width, height);
      context.drawImage(bitmap, 0, 0);
      bitmap.close();
      const t1 = performance.now();
      const blob = await new Promise<Blob | null>((resolve) =>
        canvas.toBlob(resolve, format.mime, format.quality),
      );
      const t2 = performance.now();
      rows.push({
        side,
        mime: blob?.type ?? 'none',
        quality: format.quality,
        bytes: blob?.size ?? 0,
        resizeMs: t1 - t0,
        encodeMs: t2 - t1,
      });
    }
  }
  return rows;
}

/** Decodes `data.blob` at the asked size and encodes it, in a worker: the path the issue proposed. */
const DECODE_WORKER = `onmessage = async ({ data }) => {
  const t0 = performance.now();
  const bitmap = await createImageBitmap(data.blob, data.resize);
  const t1 = performance.now();
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(bitmap, 0, 0);
  const blob = await canvas.convertToBlob({ type: data.mime, quality: 0.9 });
  postMessage({ decodeMs: t1 - t0, encodeMs: performance.now() - t1, bytes: blob.size });
};`;

/**
 * Two ways to get the overview's pixels, timed in turn (`repeats` times each): the shipped one
 * (decode the whole file off the main thread, then createImageBitmap's high-quality shrink of
 * that bitmap) against decoding the file straight to the size (createImageBitmap(blob,
 * { resizeWidth, resizeHeight, resizeQuality })) on the page at each quality, and in a worker
 * that then encodes with OffscreenCanvas.convertToBlob.
 */
async function decodePaths(src: string, mime: string, maxSide: number, repeats = 3) {
  const file = await fetchFile(src);
  if (!file) throw new Error(`${src} could not be fetched`);
  const worker = new Worker(
    URL.createObjectURL(new Blob([DECODE_WORKER], { type: 'text/javascript' })),
  );
  type WorkerTimes = { decodeMs: number; encodeMs: number; bytes: number };
  const inWorker = (resize: ImageBitmapOptions) =>
    new Promise<WorkerTimes>((resolve) => {
      worker.onmessage = ({ data }: MessageEvent<WorkerTimes>) => resolve(data);
      worker.postMessage({ blob: file, resize, mime });
    });
  const rows: Record<string, number>[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    const row: Record<string, number> = {};
    let t = performance.now();
    const whole = await createImageBitmap(file);
    row.shippedDecodeMs = performance.now() - t;
    const size = targetSize({ width: whole.width, height: whole.height }, maxSide);
    const resize = { resizeWidth: size.width, resizeHeight: size.height };
    t = performance.now();
    const shrunk = await createImageBitmap(whole, 0, 0, whole.width, whole.height, {
      ...resize,
      resizeQuality: 'high',
    });
    row.shippedShrinkMs = performance.now() - t;
    whole.close();
    shrunk.close();
    for (const quality of ['high', 'medium', 'low'] as const) {
      t = performance.now();
      (await createImageBitmap(file, { ...resize, resizeQuality: quality })).close();
      row[`blobResize_${quality}_ms`] = performance.now() - t;
    }
    const fromWorker = await inWorker({ ...resize, resizeQuality: 'high' });
    row.workerDecodeResizeMs = fromWorker.decodeMs;
    row.workerEncodeMs = fromWorker.encodeMs;
    rows.push(row);
  }
  worker.terminate();
  return rows;
}

(globalThis as unknown as { imageHarness: unknown }).imageHarness = {
  decodePaths,
  makeScreenshot,
  makePhoto,
  timeStages,
  whatIf,
};
