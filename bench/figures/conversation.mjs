// conversation_restore_ms, conversation_heap_mb, conversation_followup_ms, each for a long
// conversation and for a conversation of one turn, measured in the same run.
//
// The analysis panel's shipped webview (bench/lib/panelPage.mjs) is opened on a diagram with a
// conversation of 30 turns (quick: 10), each a question about a region of the image (the panel
// cuts its crop again, as on a reopened conversation) and a 2,000-token answer
// (bench/lib/answer.mjs, another seed each: headings, lists, tables, code). Then a follow-up
// streams a 2,000-token answer at 2,000 tokens/s through the host's batching, as the render
// figures do. A fresh page per run.
// - conversation_restore_ms: conversation/init delivered → the frame showing it painted (the
//   panel answers input from then on).
// - conversation_heap_mb: the page's JavaScript heap once restored and idle, after a garbage
//   collection (the DOM node count is in the details).
// - conversation_followup_ms: the page's main-thread time while the follow-up streams (a Chrome
//   trace, as render_total_ms).
// The *_one_* figures are the same with a conversation of one turn: what the older turns add.
import * as fs from 'node:fs';
import { generateAnswerTokens } from '../lib/answer.mjs';
import { buildBrowserBundle, requireSourceModule } from '../lib/build.mjs';
import {
  launchChromium,
  mainThreadTasks,
  startPageServer,
  TRACE_CATEGORIES,
} from '../lib/chromium.mjs';
import { openPanelPage, panelPageRoutes } from '../lib/panelPage.mjs';
import { median, round, spread } from '../lib/stats.mjs';

const { diagramPng } = await requireSourceModule('test/support/imageFixtures.ts', 'imageFixtures');

const IMAGE = { width: 1600, height: 1000 };

export async function measureConversation({ quick, runs, log, extensionPath }) {
  const turnCount = quick ? 10 : 30;
  const answerTokens = quick ? 500 : 2_000;
  const followUp = generateAnswerTokens(answerTokens, 7);
  const png = diagramPng(IMAGE.width, IMAGE.height);
  const bundle = await buildBrowserBundle('bench/browser/renderHarness.ts', 'renderHarness');
  const routes = {};
  const server = await startPageServer(routes);
  Object.assign(routes, panelPageRoutes(server, ['/bench/renderHarness.js'], extensionPath), {
    '/bench/renderHarness.js': { type: 'text/javascript', body: () => fs.readFileSync(bundle) },
    '/images/diagram.png': { type: 'image/png', body: () => png },
  });
  const turnsOf = (count) =>
    Array.from({ length: count }, (_, index) => ({
      id: `turn-${index + 1}`,
      task: `What does the part I selected do? (${index + 1})`,
      reasoning: '',
      answer: generateAnswerTokens(answerTokens, 1_000 + index).join(''),
      status: 'done',
      durationMs: 9_000,
      region: { x: 40 * (index % 10), y: 30 * (index % 10), width: 400, height: 300 },
    }));
  const browser = await launchChromium();
  const perRun = { long: [], one: [] };
  try {
    for (let run = 1; run <= runs; run++) {
      for (const [key, count] of [
        ['one', 1],
        ['long', turnCount],
      ]) {
        const result = await restoreAndFollowUp(browser, server, turnsOf(count), followUp);
        perRun[key].push(result);
        log(
          `conversation of ${count} turn${count === 1 ? '' : 's'}, run ${run}/${runs}: restored in ${round(result.restoreMs, 0)} ms, ` +
            `heap ${round(result.heapMb, 1)} MB, ${result.nodes} DOM nodes, follow-up ${round(result.followUpMs, 0)} ms main thread ` +
            `(${result.sameAsOneShot ? 'same DOM as one render' : 'DOM DIFFERS from one render'})`,
        );
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const figure = (key, field) => median(perRun[key].map((run) => run[field]));
  return {
    figures: {
      conversation_restore_ms: figure('long', 'restoreMs'),
      conversation_restore_one_ms: figure('one', 'restoreMs'),
      conversation_heap_mb: figure('long', 'heapMb'),
      conversation_heap_one_mb: figure('one', 'heapMb'),
      conversation_followup_ms: figure('long', 'followUpMs'),
      conversation_followup_one_ms: figure('one', 'followUpMs'),
    },
    details: {
      turns: turnCount,
      answerTokens,
      image: IMAGE,
      ...Object.fromEntries(
        Object.entries(perRun).flatMap(([key, list]) =>
          ['restoreMs', 'heapMb', 'nodes', 'layoutObjects', 'followUpMs', 'followUpCpuMs'].map(
            (field) => [
              `${key}_${field}`,
              spread(
                list.map((run) => run[field]),
                1,
              ),
            ],
          ),
        ),
      ),
      sameDomAsOneRender: Object.values(perRun).every((list) =>
        list.every((run) => run.sameAsOneShot),
      ),
    },
  };
}

/** One fresh panel: the conversation restored, measured, then a follow-up streamed into it. */
async function restoreAndFollowUp(browser, server, turns, followUp) {
  const { context, page, errors } = await openPanelPage(browser, server);
  try {
    await page.waitForFunction(() => 'renderHarness' in globalThis);
    const init = {
      type: 'conversation/init',
      image: {
        name: 'diagram.png',
        src: `${server.resourceOrigin}/images/diagram.png`,
        mime: 'image/png',
        bytes: 0,
      },
      turns,
      model: 'gpt-4o',
      maxImageSide: 2048,
      regionCropsWanted: turns.map((turn) => turn.id),
    };
    const restoreMs = await page.evaluate(async (message) => {
      const started = performance.now();
      globalThis.__host.deliver(message);
      await globalThis.renderHarness.afterNextPaint();
      return performance.now() - started;
    }, init);
    // Idle again (the image prepared, the crops cut), then what the page holds.
    await page.waitForFunction(() =>
      globalThis.__host.posted.some((message) => message.type === 'image/prepared'),
    );
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve)));
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const metrics = Object.fromEntries(
      (await cdp.send('Performance.getMetrics')).metrics.map((metric) => [
        metric.name,
        metric.value,
      ]),
    );
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    const streamed = await page.evaluate(
      ([tokens]) => globalThis.renderHarness.runOurs(tokens, 2_000, { mark: 'followup' }),
      [followUp],
    );
    const tasks = mainThreadTasks(
      await browser.stopTracing(),
      'bench:followup-start',
      'bench:followup-end',
    );
    if (errors.length) throw new Error(`the panel page failed: ${errors.join('; ')}`);
    return {
      restoreMs,
      heapMb: metrics.JSHeapUsedSize / 1024 / 1024,
      nodes: metrics.Nodes,
      layoutObjects: metrics.LayoutObjects,
      followUpMs: tasks.totalMs,
      followUpCpuMs: tasks.cpuMs,
      sameAsOneShot: streamed.sameAsOneShot,
    };
  } finally {
    await context.close();
  }
}
