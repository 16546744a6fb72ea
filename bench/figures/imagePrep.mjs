// image_prep_ms, image_bytes_ratio: a 12-megapixel screenshot-like PNG (4000×3000, drawn by
// bench/browser/imageHarness.ts in real fonts and encoded by Chromium) prepared by the analysis
// panel's shipped bundle (dist/webview/panel.js) in headless Chromium, as in the panel: the page
// is the panel's HTML under its CSP, `acquireVsCodeApi` is a stand-in that records what the
// webview posts, and the image comes from a second origin with CORS, as VS Code serves webview
// resources. A fresh page per run (nothing decoded or cached from the run before).
//
// image_prep_ms: conversation/init delivered (the webview learns the image's URL) → the webview
// posts image/prepared (the copy the model will see exists, Analyze is enabled): fetch, decode,
// showing it, resize, re-encode, data URL. image_bytes_ratio: the prepared image's bytes (the
// data URL decoded) ÷ the PNG file's bytes, at the default multimodalReasoning.maxImageSide.
import * as fs from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { REPO_ROOT } from '../../test/support/common.mjs';
import { BENCH_OUT, buildBrowserBundle } from '../lib/build.mjs';
import { launchChromium, startPageServer } from '../lib/chromium.mjs';
import { openPanelPage, panelPageRoutes } from '../lib/panelPage.mjs';
import { median, round, spread } from '../lib/stats.mjs';

const DEFAULT_MAX_IMAGE_SIDE = 2048; // package.json: multimodalReasoning.maxImageSide

export async function measureImagePrep({ quick, runs, log, extensionPath }) {
  const [width, height] = quick ? [2400, 1800] : [4000, 3000]; // quick: still downscaled
  const harness = await buildBrowserBundle('bench/browser/imageHarness.ts', 'imageHarness');
  let screenshot = Buffer.alloc(0);
  let photo = Buffer.alloc(0);
  let screenshotHd = Buffer.alloc(0);
  let huge = Buffer.alloc(0);
  const diagram = await diagramPng();
  const tall = await tallDiagramPng();
  // The page names the server's own origins, so the routes are filled in once it listens.
  const routes = {};
  const server = await startPageServer(routes);
  Object.assign(routes, panelPageRoutes(server, [], extensionPath), {
    '/harness.html': {
      type: 'text/html; charset=utf-8',
      body: '<!DOCTYPE html><html><body><script src="/bench/imageHarness.js"></script></body></html>',
    },
    '/bench/imageHarness.js': { type: 'text/javascript', body: () => fs.readFileSync(harness) },
    '/images/screenshot.png': { type: 'image/png', body: () => screenshot },
    '/images/photo.jpg': { type: 'image/jpeg', body: () => photo },
    '/images/screenshot-hd.png': { type: 'image/png', body: () => screenshotHd },
    '/images/diagram.png': { type: 'image/png', body: () => diagram },
    '/images/tall.png': { type: 'image/png', body: () => tall },
    '/images/huge.jpg': { type: 'image/jpeg', body: () => huge },
  });
  const browser = await launchChromium();
  /** @type {Record<string, Array<{ prepMs: number, preparedBytes: number, ratio: number, prepared: string }>>} */
  const perRun = {};
  let stages;
  let whatIf;
  let decodePathsOfRun;
  try {
    // The screenshot, drawn once per bench run.
    const maker = await browser.newPage();
    await maker.goto(`${server.origin}/harness.html`);
    await maker.waitForFunction(() => 'imageHarness' in globalThis);
    const drawn = Date.now();
    screenshot = Buffer.from(
      await maker.evaluate(
        ([w, h]) => globalThis.imageHarness.makeScreenshot(w, h),
        [width, height],
      ),
      'base64',
    );
    fs.mkdirSync(BENCH_OUT, { recursive: true });
    fs.writeFileSync(path.join(BENCH_OUT, 'screenshot.png'), screenshot);
    log(
      `screenshot ${width}×${height}: ${round(screenshot.length / 1024 / 1024, 2)} MB PNG (drawn in ${Date.now() - drawn} ms; out/bench/screenshot.png)`,
    );
    const src = `${server.resourceOrigin}/images/screenshot.png`;
    stages = await maker.evaluate(
      ([url, side]) => globalThis.imageHarness.timeStages(url, 'image/png', side),
      [src, DEFAULT_MAX_IMAGE_SIDE],
    );
    if (!quick) {
      const formats = [
        { mime: 'image/png' },
        { mime: 'image/jpeg', quality: 0.85 },
        { mime: 'image/webp', quality: 0.85 },
      ];
      whatIf = await maker.evaluate(
        ([url, list]) => globalThis.imageHarness.whatIf(url, [2048, 1568, 1024], list),
        [src, formats],
      );
      whatIf = whatIf.map((row) => ({
        ...row,
        ratio: round(row.bytes / screenshot.length, 3),
        resizeMs: round(row.resizeMs, 0),
        encodeMs: round(row.encodeMs, 0),
      }));
    }

    const photoDrawn = Date.now();
    photo = Buffer.from(
      await maker.evaluate(([w, h]) => globalThis.imageHarness.makePhoto(w, h), [width, height]),
      'base64',
    );
    fs.writeFileSync(path.join(BENCH_OUT, 'photo.jpg'), photo);
    log(
      `photo ${width}×${height}: ${round(photo.length / 1024 / 1024, 2)} MB JPEG (drawn in ${Date.now() - photoDrawn} ms; out/bench/photo.jpg)`,
    );
    // A 1920×1080 screenshot and a small diagram: within the size the model is sent, so each
    // goes as its own bytes when it can (src/webview/image/originalBytes.ts).
    screenshotHd = Buffer.from(
      await maker.evaluate(() => globalThis.imageHarness.makeScreenshot(1920, 1080)),
      'base64',
    );
    fs.writeFileSync(path.join(BENCH_OUT, 'screenshot-hd.png'), screenshotHd);
    fs.writeFileSync(path.join(BENCH_OUT, 'diagram.png'), diagram);
    log(
      `screenshot 1920×1080: ${round(screenshotHd.length / 1024, 0)} KB PNG; diagram 1400×900: ${round(diagram.length / 1024, 1)} KB palette PNG`,
    );
    // The decoding paths compared (bench/browser/imageHarness.ts decodePaths): not in --quick.
    let decodePaths;
    if (!quick) {
      decodePaths = {};
      for (const [key, url, mime] of [
        ['photo', `${server.resourceOrigin}/images/photo.jpg`, 'image/jpeg'],
        ['screenshot', src, 'image/png'],
      ]) {
        const rows = await maker.evaluate(
          ([u, m, side]) => globalThis.imageHarness.decodePaths(u, m, side),
          [url, mime, DEFAULT_MAX_IMAGE_SIDE],
        );
        decodePaths[key] = rows.map((row) =>
          Object.fromEntries(Object.entries(row).map(([name, ms]) => [name, round(ms, 0)])),
        );
        log(`decode paths, ${key}: ${JSON.stringify(decodePaths[key])}`);
      }
    }
    decodePathsOfRun = decodePaths;
    await maker.close();
    // A 50-megapixel camera photo (the photo scaled up): it must prepare without freezing the panel.
    huge = await sharp(photo)
      .resize(HUGE_SIZE.width, HUGE_SIZE.height)
      .jpeg({ quality: 85 })
      .toBuffer();
    log(
      `photo ${HUGE_SIZE.width}×${HUGE_SIZE.height}: ${round(huge.length / 1024 / 1024, 2)} MB JPEG; tall diagram 600×3000: ${round(tall.length / 1024, 1)} KB palette PNG`,
    );

    const cases = {
      diagram: {
        name: 'diagram.png',
        src: `${server.resourceOrigin}/images/diagram.png`,
        mime: 'image/png',
        bytes: diagram.length,
      },
      screenshotHd: {
        name: 'screenshot-hd.png',
        src: `${server.resourceOrigin}/images/screenshot-hd.png`,
        mime: 'image/png',
        bytes: screenshotHd.length,
      },
      // The default settings (detail "auto"): for this screenshot, an overview and 24 tiles.
      screenshot: { name: 'screenshot.png', src, mime: 'image/png', bytes: screenshot.length },
      // One copy only (detail "high"): the single image the issue-8 budget was first set for.
      screenshotOneCopy: {
        name: 'screenshot.png',
        src,
        mime: 'image/png',
        bytes: screenshot.length,
        detail: 'high',
      },
      // Taller than the model's size: resized, so re-encoded (a palette PNG written as RGBA grew).
      tall: {
        name: 'tall.png',
        src: `${server.resourceOrigin}/images/tall.png`,
        mime: 'image/png',
        bytes: tall.length,
      },
      huge: {
        name: 'huge.jpg',
        src: `${server.resourceOrigin}/images/huge.jpg`,
        mime: 'image/jpeg',
        bytes: huge.length,
      },
      photo: {
        name: 'photo.jpg',
        src: `${server.resourceOrigin}/images/photo.jpg`,
        mime: 'image/jpeg',
        bytes: photo.length,
      },
    };
    for (const [key, image] of Object.entries(cases)) {
      for (let run = 1; run <= runs; run++) {
        const result = await prepareInPanel(browser, server, image);
        (perRun[key] ??= []).push(result);
        log(
          `image ${key} run ${run}/${runs}: prepared in ${round(result.prepMs, 0)} ms (renderer CPU ${round(result.cpuMs, 0)} ms; longest main-thread stall ${round(result.stallMs, 0)} ms) as ${result.prepared}, ${round(result.preparedBytes / 1024, 0)} KB (${round(result.ratio, 3)} of the original)`,
        );
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const median$ = (key, field) => median(perRun[key].map((run) => run[field]));
  return {
    figures: {
      image_prep_ms: median$('screenshot', 'prepMs'),
      image_bytes_ratio: median$('screenshot', 'ratio'),
      image_screenshot_bytes_before: screenshot.length,
      image_screenshot_bytes_after: median$('screenshot', 'preparedBytes'),
      image_prep_one_copy_ms: median$('screenshotOneCopy', 'prepMs'),
      image_bytes_ratio_one_copy: median$('screenshotOneCopy', 'ratio'),
      image_photo_prep_ms: median$('photo', 'prepMs'),
      image_photo_bytes_before: photo.length,
      image_photo_bytes_after: median$('photo', 'preparedBytes'),
      image_photo_bytes_ratio: median$('photo', 'ratio'),
      image_diagram_prep_ms: median$('diagram', 'prepMs'),
      image_diagram_bytes_ratio: median$('diagram', 'ratio'),
      image_screenshot_hd_prep_ms: median$('screenshotHd', 'prepMs'),
      image_screenshot_hd_bytes_ratio: median$('screenshotHd', 'ratio'),
      image_tall_bytes_ratio: median$('tall', 'ratio'),
      image_huge_prep_ms: median$('huge', 'prepMs'),
      image_huge_stall_ms: median$('huge', 'stallMs'),
    },
    details: {
      original: {
        width,
        height,
        bytes: screenshot.length,
        file: path.relative(REPO_ROOT, path.join(BENCH_OUT, 'screenshot.png')),
      },
      photo: {
        width,
        height,
        bytes: photo.length,
        file: path.relative(REPO_ROOT, path.join(BENCH_OUT, 'photo.jpg')),
      },
      maxImageSide: DEFAULT_MAX_IMAGE_SIDE,
      prep_ms: Object.fromEntries(
        Object.entries(perRun).map(([key, list]) => [
          key,
          spread(
            list.map((run) => run.prepMs),
            1,
          ),
        ]),
      ),
      // CPU time of the page's renderer process (main thread and workers) over each preparation.
      cpu_ms: Object.fromEntries(
        Object.entries(perRun).map(([key, list]) => [
          key,
          spread(
            list.map((run) => run.cpuMs),
            1,
          ),
        ]),
      ),
      // The longest gap between the page's timer ticks while it prepared: how long it froze.
      stall_ms: Object.fromEntries(
        Object.entries(perRun).map(([key, list]) => [
          key,
          spread(
            list.map((run) => run.stallMs),
            1,
          ),
        ]),
      ),
      ratio: Object.fromEntries(
        Object.entries(perRun).map(([key, list]) => [
          key,
          spread(
            list.map((run) => run.ratio),
            4,
          ),
        ]),
      ),
      stagesOfOneRun: Object.fromEntries(
        Object.entries(stages ?? {}).map(([key, value]) => [key, round(value, 1)]),
      ),
      // Other long sides and formats for the same screenshot (not what the webview does).
      whatIf,
      // The shipped decode + shrink against decoding straight to the size (page, worker).
      decodePaths: decodePathsOfRun,
      runs: Object.fromEntries(
        Object.entries(perRun).map(([key, list]) => [
          key,
          list.map((run) => ({ ...run, prepMs: round(run.prepMs, 1), ratio: round(run.ratio, 4) })),
        ]),
      ),
    },
  };
}

/**
 * A diagram as drawing tools export it: boxes, arrows and labels on white in a few colours,
 * saved as a palette PNG (1400×900, about 10 KB).
 */
function diagramPng() {
  const boxes = Array.from({ length: 8 }, (_, index) => {
    const x = 60 + (index % 4) * 330;
    const y = 120 + Math.floor(index / 4) * 420;
    return `<rect x="${x}" y="${y}" width="240" height="140" rx="8" fill="#e3edff" stroke="#2458b3" stroke-width="3"/><text x="${x + 24}" y="${y + 78}" font-family="sans-serif" font-size="26" fill="#1b1b1b">Service ${index + 1}</text>`;
  }).join('');
  const arrows = Array.from({ length: 3 }, (_, index) => {
    const x = 300 + index * 330;
    return `<path d="M${x} 190 H${x + 90} M${x} 610 H${x + 90}" stroke="#444" stroke-width="3"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1400" height="900"><rect width="100%" height="100%" fill="#fff"/><text x="60" y="70" font-family="sans-serif" font-size="34" font-weight="bold">Order pipeline</text>${boxes}${arrows}<path d="M180 260 V530" stroke="#444" stroke-width="3" stroke-dasharray="8 6"/></svg>`;
  return sharp(Buffer.from(svg)).png({ palette: true }).toBuffer();
}

const HUGE_SIZE = { width: 8660, height: 5774 };

/**
 * A tall flow chart as drawing tools export it: a column of boxes and arrows on white, saved as a
 * palette PNG (600×3000, about 16 KB). Its long side is over the model's size, so it is resized.
 */
function tallDiagramPng() {
  const steps = Array.from({ length: 14 }, (_, index) => {
    const y = 40 + index * 210;
    const arrow =
      index < 13 ? `<path d="M300 ${y + 120} V${y + 200}" stroke="#444" stroke-width="3"/>` : '';
    return `<rect x="120" y="${y}" width="360" height="120" rx="10" fill="#fff4d6" stroke="#a66b00" stroke-width="3"/><text x="150" y="${y + 70}" font-family="sans-serif" font-size="28" fill="#222">Step ${index + 1}: check</text>${arrow}`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="3000"><rect width="100%" height="100%" fill="#fff"/>${steps}</svg>`;
  return sharp(Buffer.from(svg)).png({ palette: true }).toBuffer();
}

/**
 * One preparation in a fresh panel page, as the panel does it: conversation/init delivered →
 * image/prepared posted. Bytes are every image that would leave the machine (overview + tiles).
 */
async function prepareInPanel(browser, server, image) {
  const { context, page, errors: pageErrors } = await openPanelPage(browser, server);
  const init = {
    type: 'conversation/init',
    image: { name: image.name, src: image.src, mime: image.mime, bytes: image.bytes },
    turns: [],
    model: 'gpt-4o',
    maxImageSide: DEFAULT_MAX_IMAGE_SIDE,
    ...(image.detail
      ? {
          imagePolicy: {
            maxSide: DEFAULT_MAX_IMAGE_SIDE,
            maxBytes: 20 * 1024 * 1024,
            maxPixels: 64_000_000,
            maxFileBytes: 50 * 1024 * 1024,
            detail: image.detail,
          },
        }
      : {}),
  };
  // The renderer process's CPU time (page and workers) over the preparation, beside the wall time.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const processTime = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find(
      (metric) => metric.name === 'ProcessTime',
    )?.value * 1000;
  const cpuBefore = await processTime();
  // A timer chain on the page: the longest gap between its ticks is the longest the panel froze.
  // It ends when the preparation is posted: reading that message back through DevTools (12 MB
  // for the 50 MP photo's tiles) takes the page's main thread for 150 ms, which is the bench's.
  await page.evaluate(() => {
    const stall = (globalThis.__stall = { maxMs: 0, stop: false });
    const done = () =>
      globalThis.__host.posted.some(
        (message) => message.type === 'image/prepared' || message.type === 'image/prepareFailed',
      );
    let last = performance.now();
    const tick = () => {
      const now = performance.now();
      stall.maxMs = Math.max(stall.maxMs, now - last);
      last = now;
      if (!stall.stop && !done()) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
  });
  const deliveredAt = await page.evaluate((message) => globalThis.__host.deliver(message), init);
  const handle = await page.waitForFunction(
    () => {
      const { posted, postedAt } = globalThis.__host;
      const index = posted.findIndex(
        (message) => message.type === 'image/prepared' || message.type === 'image/prepareFailed',
      );
      return index >= 0 && { message: posted[index], at: postedAt[index] };
    },
    undefined,
    { timeout: 60_000 },
  );
  const post = await handle.jsonValue();
  const cpuMs = (await processTime()) - cpuBefore;
  const stallMs = await page.evaluate(() => {
    globalThis.__stall.stop = true;
    return globalThis.__stall.maxMs;
  });
  await context.close();
  if (post.message.type !== 'image/prepared')
    throw new Error(`the webview could not prepare the image: ${post.message.message}`);
  if (pageErrors.length) throw new Error(`the panel page failed: ${pageErrors.join('; ')}`);
  const prepared = post.message.image;
  const bytesOf = (dataUrl) =>
    Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64').length;
  const preparedBytes = [prepared, ...(prepared.tiles ?? [])].reduce(
    (sum, part) => sum + bytesOf(part.dataUrl),
    0,
  );
  return {
    prepMs: post.at - deliveredAt,
    cpuMs,
    stallMs,
    preparedBytes,
    ratio: preparedBytes / image.bytes,
    prepared: `${prepared.width}×${prepared.height} ${prepared.mime}${prepared.tiles ? ` + ${prepared.tiles.length} tiles` : ''}`,
  };
}
