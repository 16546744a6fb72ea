// zoom_*: input tokens and bytes per question on the bench's 12 MP screenshot (4000×3000, dense
// small text: bench/browser/imageHarness.ts), for the old default (detail "auto" added an
// overview and 24 full-resolution tiles to every big image) and the new one (the overview only;
// the model zooms into what it needs). The images are what the shipped panel bundle prepares in
// headless Chromium: once with a policy that cannot zoom, once with one that can, and the crops
// are cut by the page itself (`zoom/cut` → `zoom/crops`), as the host asks for them. The requests
// are built by the extension's own code (bench/host/zoomConversation.ts) for a three-question
// conversation in which the model, with zooming on, zooms once per question; tokens follow
// OpenAI's tile rule (the other providers' rules are in the details).
import * as fs from 'node:fs';
import { buildBrowserBundle, requireSourceModule } from '../lib/build.mjs';
import { launchChromium, startPageServer } from '../lib/chromium.mjs';
import { openPanelPage, panelPageRoutes } from '../lib/panelPage.mjs';

const MAX_SIDE = 2048; // package.json: multimodalReasoning.maxImageSide

/** Three questions as a user asks them; the answers stand in for the model's (~700 characters). */
const QUESTIONS = [
  {
    task: 'Explain what this window shows and what the code in the editor does.',
    box: [100, 180, 400, 560],
  },
  { task: 'Which files are open, and which one has unsaved changes?', box: [40, 0, 300, 200] },
  { task: 'What does the terminal at the bottom say went wrong?', box: [700, 180, 960, 800] },
];
const ANSWER = `${'The editor shows a TypeScript module that builds the request for the model and streams the reply. '.repeat(7)}`;

export async function measureZoomCost({ quick, log }) {
  const [width, height] = quick ? [2400, 1800] : [4000, 3000];
  const { conversationInput, cropRect } = await requireSourceModule(
    'bench/host/zoomConversation.ts',
    'zoomConversation',
  );
  const harness = await buildBrowserBundle('bench/browser/imageHarness.ts', 'imageHarness');
  let screenshot = Buffer.alloc(0);
  const routes = {};
  const server = await startPageServer(routes);
  Object.assign(routes, panelPageRoutes(server), {
    '/harness.html': {
      type: 'text/html; charset=utf-8',
      body: '<!DOCTYPE html><html><body><script src="/bench/imageHarness.js"></script></body></html>',
    },
    '/bench/imageHarness.js': { type: 'text/javascript', body: () => fs.readFileSync(harness) },
    '/images/screenshot.png': { type: 'image/png', body: () => screenshot },
  });
  const browser = await launchChromium();
  let tiled;
  let overview;
  let crops;
  try {
    const maker = await browser.newPage();
    await maker.goto(`${server.origin}/harness.html`);
    await maker.waitForFunction(() => 'imageHarness' in globalThis);
    screenshot = Buffer.from(
      await maker.evaluate(
        ([w, h]) => globalThis.imageHarness.makeScreenshot(w, h),
        [width, height],
      ),
      'base64',
    );
    await maker.close();
    const image = {
      name: 'screenshot.png',
      src: `${server.resourceOrigin}/images/screenshot.png`,
      mime: 'image/png',
      bytes: screenshot.length,
    };
    tiled = (await prepare(browser, server, image, false)).prepared;
    const zooming = await prepare(browser, server, image, true, QUESTIONS, cropRect);
    overview = zooming.prepared;
    crops = zooming.crops;
  } finally {
    await browser.close();
    await server.close();
  }
  log(
    `screenshot ${width}×${height}: old default ${describe(tiled)}, new default ${describe(overview)}; crops ${crops.map((crop) => `${crop.width}×${crop.height}`).join(', ')}`,
  );
  const scripted = (withZoom) =>
    QUESTIONS.map((question, index) => ({
      task: question.task,
      answer: ANSWER,
      ...(withZoom ? { zoom: { box: question.box, crop: crops[index] } } : {}),
    }));
  const byRule = {};
  for (const rule of ['openaiTiles', 'geminiTiles', 'patches']) {
    byRule[rule] = {
      before: conversationInput(rule, tiled, scripted(false), 'tiles'),
      after: conversationInput(rule, overview, scripted(true), 'zoom'),
    };
  }
  const { before, after } = byRule.openaiTiles;
  const sum = (list, field) => list.reduce((total, question) => total + question[field], 0);
  for (const [name, list] of [
    ['old default (tiles)', before],
    ['new default (zoom)', after],
  ]) {
    log(
      `${name}: ${list.map((q, i) => `question ${i + 1} ${q.tokens} tokens in ${q.requests.length} request(s), ${q.bytes} B`).join('; ')}; conversation ${sum(list, 'tokens')} tokens`,
    );
  }
  return {
    figures: {
      zoom_tiles_question_tokens: before[0].tokens,
      zoom_question_tokens: after[0].tokens,
      zoom_tiles_question_bytes: before[0].bytes,
      zoom_question_bytes: after[0].bytes,
      zoom_conversation_tokens_before: sum(before, 'tokens'),
      zoom_conversation_tokens_after: sum(after, 'tokens'),
    },
    details: {
      image: { width, height, bytes: screenshot.length, maxImageSide: MAX_SIDE },
      oldDefault: describe(tiled),
      newDefault: describe(overview),
      crops: crops.map((crop) => ({ width: crop.width, height: crop.height })),
      questions: QUESTIONS,
      byRule,
    },
  };
}

function describe(prepared) {
  return `${prepared.width}×${prepared.height} ${prepared.mime}${prepared.tiles ? ` + ${prepared.tiles.length} tiles` : ''}`;
}

/**
 * The copy the panel prepares with detail "auto" (zoom on or off); with `questions`, also the
 * crops of their boxes, cut by the page as the host asks for them.
 */
async function prepare(browser, server, image, zoom, questions = [], cropRect = undefined) {
  const { context, page, errors } = await openPanelPage(browser, server);
  try {
    await page.evaluate((message) => globalThis.__host.deliver(message), {
      type: 'conversation/init',
      image,
      turns: [],
      model: 'gpt-4o',
      maxImageSide: MAX_SIDE,
      imagePolicy: {
        maxSide: MAX_SIDE,
        maxBytes: 20 * 1024 * 1024,
        maxPixels: 64_000_000,
        maxFileBytes: 50 * 1024 * 1024,
        detail: 'auto',
        zoom,
      },
    });
    const posted = (type) =>
      page
        .waitForFunction(
          (wanted) => globalThis.__host.posted.find((message) => message.type === wanted),
          type,
          { timeout: 60_000 },
        )
        .then((handle) => handle.jsonValue());
    const { image: prepared } = await posted('image/prepared');
    let crops = [];
    if (questions.length > 0) {
      const original = { width: prepared.sourceWidth, height: prepared.sourceHeight };
      await page.evaluate((message) => globalThis.__host.deliver(message), {
        type: 'zoom/cut',
        requestId: 'bench',
        maxSide: MAX_SIDE,
        zooms: questions.map((question, index) => ({
          callId: `call_${index}`,
          label: index + 1,
          image: 1,
          region: cropRect(question.box, original),
          original,
        })),
      });
      crops = (await posted('zoom/crops')).crops.map(({ crop, error }) => {
        if (!crop) throw new Error(`the page could not cut a crop: ${error}`);
        return crop;
      });
    }
    if (errors.length) throw new Error(`the panel page failed: ${errors.join('; ')}`);
    return { prepared, crops };
  } finally {
    await context.close();
  }
}
