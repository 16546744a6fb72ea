// render_total_ms, render_naive_total_ms, render_speedup, render_max_frame_ms.
//
// A 20,000-token markdown answer (bench/lib/answer.mjs: headings, paragraphs, lists, tables,
// code) streams one token per delta at 2,000 tokens/s into the analysis panel's shipped webview
// (dist/webview/panel.js and media/panel.css, bench/lib/panelPage.mjs), each delta a
// turn/answerDelta message in a task of its own, in a fresh page per run, so the renderer starts
// cold as in a new panel. Side by side in each run:
// - ours: what the panel does with the stream (src/webview/streamingMarkdown.ts through the
//   turn and conversation views: one render per frame, following the end). Its figure is
//   everything the page's main thread did from the first delta until the frame after turn/ended
//   was painted (delivery, parsing, DOM, style, layout, paint), summed from a Chrome trace; the
//   longest of those tasks is render_max_frame_ms.
// - naive: markdown-it (the webview's configuration) renders the whole answer again on every
//   delta and replaces the HTML of an answer element in the same panel. Run in full that is
//   ~20,000 renders of up to 70 KB (several minutes), so it is measured on a window of 10
//   consecutive deltas in every 250 and each window counts for its block; only the render and
//   the innerHTML assignment count, not the style, layout and paint it would also cause. It is
//   a lower bound, so render_speedup is one too.
import * as fs from 'node:fs';
import { generateAnswerTokens } from '../lib/answer.mjs';
import { buildBrowserBundle } from '../lib/build.mjs';
import {
  DEEP_TRACE_CATEGORIES,
  launchChromium,
  mainThreadBreakdown,
  mainThreadTasks,
  startPageServer,
  TRACE_CATEGORIES,
} from '../lib/chromium.mjs';
import { openPanelPage, panelPageRoutes } from '../lib/panelPage.mjs';
import { median, round, spread } from '../lib/stats.mjs';

export async function measureRender({ quick, runs, log, deepTrace = false }) {
  const tokenCount = quick ? 2_000 : 20_000;
  const tokensPerSecond = 2_000;
  // Windows of 10 consecutive deltas, one in every 250 (800 of the 20,000 deltas are rendered);
  // checked against rendering every delta: bench/README.md.
  const [stride, window] = quick ? [50, 5] : [250, 10];
  const tokens = generateAnswerTokens(tokenCount);
  const bundle = await buildBrowserBundle('bench/browser/renderHarness.ts', 'renderHarness');
  const routes = {};
  const server = await startPageServer(routes);
  Object.assign(routes, panelPageRoutes(server, ['/bench/renderHarness.js']), {
    '/bench/renderHarness.js': { type: 'text/javascript', body: () => fs.readFileSync(bundle) },
  });
  const browser = await launchChromium();
  const perRun = [];
  let breakdown;
  try {
    for (let run = 1; run <= runs; run++) {
      const { context, page, errors: pageErrors } = await openPanelPage(browser, server);
      await page.waitForFunction(() => 'renderHarness' in globalThis);
      await page.evaluate(() =>
        globalThis.__host.deliver({
          type: 'conversation/init',
          turns: [],
          model: 'gpt-4o',
          maxImageSide: 2048,
        }),
      );
      // A user types a task before the first answer streams: the page has been idle by then.
      await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve)));
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const taskSeconds = async () =>
        (await cdp.send('Performance.getMetrics')).metrics.find(
          (metric) => metric.name === 'TaskDuration',
        ).value;

      await browser.startTracing(page, { categories: TRACE_CATEGORIES });
      const before = await taskSeconds();
      const ours = await page.evaluate(
        ([list, rate]) => globalThis.renderHarness.runOurs(list, rate),
        [tokens, tokensPerSecond],
      );
      const after = await taskSeconds();
      const mainThread = mainThreadTasks(
        await browser.stopTracing(),
        'bench:ours-start',
        'bench:ours-end',
      );
      const naive = await page.evaluate(
        ([list, every, size]) => globalThis.renderHarness.runNaive(list, every, size),
        [tokens, stride, window],
      );
      await context.close();
      if (pageErrors.length) throw new Error(`the render page failed: ${pageErrors.join('; ')}`);

      const result = {
        oursMs: mainThread.totalMs,
        longestTaskMs: mainThread.longestMs,
        longestFirst100Ms: mainThread.longestFirst100Ms,
        naiveMs: naive.estimateMs,
        speedup: naive.estimateMs / mainThread.totalMs,
        ours: {
          ...ours,
          mainThreadTasks: mainThread.tasks,
          windowMs: mainThread.windowMs,
          cdpTaskDurationMs: (after - before) * 1000,
        },
        longestTasks: mainThread.longestTasks,
        naive,
      };
      perRun.push(result);
      log(
        `render run ${run}/${runs}: ours ${round(result.oursMs, 0)} ms main thread (longest task ${round(result.longestTaskMs, 1)} ms, ${round(result.longestFirst100Ms, 1)} ms in the first 100 ms, ` +
          `${ours.sameAsOneShot ? 'same DOM as one render' : 'DOM DIFFERS from one render'}), naive ≥ ${round(result.naiveMs, 0)} ms ` +
          `(${naive.samples} of ${tokens.length} deltas rendered), ${round(result.speedup, 1)}×`,
      );
    }
    if (deepTrace) {
      // One more run, traced in detail: where ours spends the main thread (not a figure).
      const { context, page } = await openPanelPage(browser, server);
      await page.waitForFunction(() => 'renderHarness' in globalThis);
      await page.evaluate(() =>
        globalThis.__host.deliver({
          type: 'conversation/init',
          turns: [],
          model: 'gpt-4o',
          maxImageSide: 2048,
        }),
      );
      await browser.startTracing(page, { categories: DEEP_TRACE_CATEGORIES });
      await page.evaluate(
        ([list, rate]) => globalThis.renderHarness.runOurs(list, rate),
        [tokens, tokensPerSecond],
      );
      breakdown = mainThreadBreakdown(
        await browser.stopTracing(),
        'bench:ours-start',
        'bench:ours-end',
      );
      await context.close();
      log(
        `render breakdown (deep trace): ${breakdown?.byEvent
          .slice(0, 6)
          .map((row) => `${row.name} ${row.ms} ms`)
          .join(', ')}`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const text = tokens.join('');
  return {
    figures: {
      render_total_ms: median(perRun.map((run) => run.oursMs)),
      render_naive_total_ms: median(perRun.map((run) => run.naiveMs)),
      render_speedup: median(perRun.map((run) => run.speedup)),
      render_max_frame_ms: median(perRun.map((run) => run.longestTaskMs)),
    },
    details: {
      answer: {
        tokens: tokens.length,
        chars: text.length,
        tokensPerSecond,
        naiveStride: stride,
        naiveWindow: window,
      },
      ours_main_thread_ms: spread(perRun.map((run) => run.oursMs)),
      ours_longest_task_ms: spread(perRun.map((run) => run.longestTaskMs)),
      ours_longest_task_first_100ms_ms: spread(perRun.map((run) => run.longestFirst100Ms)),
      naive_estimate_ms: spread(
        perRun.map((run) => run.naiveMs),
        0,
      ),
      speedup: spread(perRun.map((run) => run.speedup)),
      runs: perRun.map((run) => ({
        ...run,
        ours: Object.fromEntries(
          Object.entries(run.ours).map(([key, value]) => [key, round(value, 2)]),
        ),
        naive: Object.fromEntries(
          Object.entries(run.naive).map(([key, value]) => [key, round(value, 2)]),
        ),
      })),
      sameDomAsOneRender: perRun.every((run) => run.ours.sameAsOneShot),
      deepTrace: breakdown,
    },
  };
}
