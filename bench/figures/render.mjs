// render_total_ms, render_naive_total_ms, render_speedup, render_max_frame_ms,
// render_floor_ms, render_large_total_ms, render_large_max_frame_ms.
//
// A 20,000-token markdown answer (bench/lib/answer.mjs: headings, paragraphs, lists, tables,
// code) streams at 2,000 tokens/s into the analysis panel's shipped webview (dist/webview/panel.js
// and media/panel.css, bench/lib/panelPage.mjs) as the host sends it: the tokens go through the
// host's DeltaBatcher (src/core/deltaBatcher.ts) and each message it emits is a turn/answerDelta
// message in a task of its own, posted by a worker (bench/browser/streamDriver.ts: the host and
// VS Code's side of the channel are not the webview's document); --one-message-per-token posts
// every token on its own instead, as a host without batching would. A fresh page per run, so
// the renderer starts cold as in a new panel. Side by side in each run:
// - the floor: the same messages for a turn that was never started, which the panel drops on
//   arrival (what delivering the messages costs the main thread before any rendering).
// - ours: what the panel does with the stream (src/webview/markdown/streamingMarkdown.ts through the
//   turn and conversation views: one render per frame, following the end). Its figure is
//   everything the page's main thread did from the first delta until the frame after turn/ended
//   was painted (delivery, parsing, DOM, style, layout, paint), summed from a Chrome trace; the
//   longest of those tasks is render_max_frame_ms.
// - large blocks: an answer with a 2,000-line code block and a 300-row table, at 5,000 tokens/s
//   (render_large_*): the blocks a renderer that re-parses its open block would choke on.
// - naive: markdown-it (the webview's configuration) renders the whole answer again on every
//   delta and replaces the HTML of an answer element in the same panel. Run in full that is
//   ~20,000 renders of up to 70 KB (several minutes), so it is measured on a window of 10
//   consecutive deltas in every 250 and each window counts for its block; only the render and
//   the innerHTML assignment count, not the style, layout and paint it would also cause. It is
//   a lower bound, so render_speedup is one too.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateAnswerTokens, generateLargeBlockTokens } from '../lib/answer.mjs';
import { buildBrowserBundle } from '../lib/build.mjs';
import {
  DEEP_TRACE_CATEGORIES,
  INVALIDATION_CATEGORY,
  launchChromium,
  mainThreadBreakdown,
  mainThreadTasks,
  startPageServer,
  TRACE_CATEGORIES,
} from '../lib/chromium.mjs';
import { openPanelPage, panelPageRoutes } from '../lib/panelPage.mjs';
import { median, round, spread } from '../lib/stats.mjs';

const INIT = { type: 'conversation/init', turns: [], model: 'gpt-4o', maxImageSide: 2048 };

/**
 * `extensionPath`: another checkout whose built webview (dist/webview/panel.js, media/panel.css)
 * is measured instead of this one's, to compare builds in the same session.
 */
export async function measureRender({
  quick,
  runs,
  log,
  deepTrace = false,
  deepTraceLarge = false,
  traceFile,
  cpuProfile,
  extensionPath,
  oursOnly = false,
  batch = true,
}) {
  const tokenCount = quick ? 2_000 : 20_000;
  const tokensPerSecond = 2_000;
  const large = quick
    ? { codeLines: 200, tableRows: 30, tokensPerSecond: 5_000 }
    : { codeLines: 2_000, tableRows: 300, tokensPerSecond: 5_000 };
  // Windows of 10 consecutive deltas, one in every 250 (800 of the 20,000 deltas are rendered);
  // checked against rendering every delta: bench/README.md.
  const [stride, window] = quick ? [50, 5] : [250, 10];
  const tokens = generateAnswerTokens(tokenCount);
  const largeTokens = generateLargeBlockTokens(large);
  const bundle = await buildBrowserBundle('bench/browser/renderHarness.ts', 'renderHarness');
  const routes = {};
  const server = await startPageServer(routes);
  Object.assign(routes, panelPageRoutes(server, ['/bench/renderHarness.js'], extensionPath), {
    '/bench/renderHarness.js': { type: 'text/javascript', body: () => fs.readFileSync(bundle) },
  });
  const browser = await launchChromium();

  /** A fresh panel, initialised and idle (a user types a task before the first answer streams). */
  const freshPanel = async () => {
    const opened = await openPanelPage(browser, server);
    await opened.page.waitForFunction(() => 'renderHarness' in globalThis);
    await opened.page.evaluate((init) => globalThis.__host.deliver(init), INIT);
    await opened.page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve)));
    return opened;
  };
  /** Streams `list` into `page` under a trace; the main thread's tasks between the run's marks. */
  const tracedStream = async (page, list, rate, options, categories = TRACE_CATEGORIES) => {
    await browser.startTracing(page, { categories });
    const result = await page.evaluate(
      ([items, perSecond, runOptions]) =>
        globalThis.renderHarness.runOurs(items, perSecond, runOptions),
      [list, rate, { batch, ...options }],
    );
    const trace = await browser.stopTracing();
    return { result, trace };
  };

  const perRun = [];
  let breakdown;
  try {
    for (let run = 1; run <= runs; run++) {
      const { context, page, errors: pageErrors } = await freshPanel();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const taskSeconds = async () =>
        (await cdp.send('Performance.getMetrics')).metrics.find(
          (metric) => metric.name === 'TaskDuration',
        ).value;

      const floorRun = await tracedStream(page, tokens, tokensPerSecond, {
        render: false,
        mark: 'floor',
      });
      const floor = mainThreadTasks(floorRun.trace, 'bench:floor-start', 'bench:floor-end');

      const before = await taskSeconds();
      const oursRun = await tracedStream(page, tokens, tokensPerSecond, { mark: 'ours' });
      const after = await taskSeconds();
      const ours = oursRun.result;
      const mainThread = mainThreadTasks(oursRun.trace, 'bench:ours-start', 'bench:ours-end');

      // Skipped with --ours-only (comparing builds): the naive renderer does not change.
      const naive = oursOnly
        ? { estimateMs: NaN, samples: 0 }
        : await page.evaluate(
            ([list, every, size]) => globalThis.renderHarness.runNaive(list, every, size),
            [tokens, stride, window],
          );
      await context.close();
      if (pageErrors.length) throw new Error(`the render page failed: ${pageErrors.join('; ')}`);

      // The large blocks in a panel of their own, so the first answer's DOM does not weigh on them.
      const largePanel = await freshPanel();
      const largeRun = await tracedStream(largePanel.page, largeTokens, large.tokensPerSecond, {
        mark: 'large',
      });
      const largeThread = mainThreadTasks(largeRun.trace, 'bench:large-start', 'bench:large-end');
      await largePanel.context.close();
      if (largePanel.errors.length)
        throw new Error(`the render page failed: ${largePanel.errors.join('; ')}`);

      const result = {
        oursMs: mainThread.totalMs,
        oursCpuMs: mainThread.cpuMs,
        floorCpuMs: floor.cpuMs,
        largeCpuMs: largeThread.cpuMs,
        longestTaskMs: mainThread.longestMs,
        longestFirst100Ms: mainThread.longestFirst100Ms,
        floorMs: floor.totalMs,
        largeMs: largeThread.totalMs,
        largeLongestTaskMs: largeThread.longestMs,
        naiveMs: naive.estimateMs,
        speedup: naive.estimateMs / mainThread.totalMs,
        ours: {
          ...ours,
          mainThreadTasks: mainThread.tasks,
          windowMs: mainThread.windowMs,
          cdpTaskDurationMs: (after - before) * 1000,
        },
        floor: { tasks: floor.tasks, windowMs: floor.windowMs },
        large: {
          ...largeRun.result,
          mainThreadTasks: largeThread.tasks,
          windowMs: largeThread.windowMs,
          longestTasks: largeThread.longestTasks,
        },
        longestTasks: mainThread.longestTasks,
        naive,
      };
      perRun.push(result);
      log(
        `render run ${run}/${runs}: ${ours.messages} messages; ours ${round(result.oursMs, 0)} ms main thread (CPU ${round(result.oursCpuMs, 0)} ms; floor ${round(result.floorMs, 0)} ms, CPU ${round(result.floorCpuMs, 0)} ms; longest task ${round(result.longestTaskMs, 1)} ms, ${round(result.longestFirst100Ms, 1)} ms in the first 100 ms, ` +
          `${ours.sameAsOneShot ? 'same DOM as one render' : 'DOM DIFFERS from one render'}), naive ≥ ${round(result.naiveMs, 0)} ms ` +
          `(${naive.samples} of ${tokens.length} deltas rendered), ${round(result.speedup, 1)}×; ` +
          `large blocks ${round(result.largeMs, 0)} ms (CPU ${round(result.largeCpuMs, 0)} ms, longest task ${round(result.largeLongestTaskMs, 1)} ms, ` +
          `${largeRun.result.sameAsOneShot ? 'same DOM as one render' : 'DOM DIFFERS from one render'})`,
      );
    }
    if (deepTrace) {
      // One more run, traced in detail: where ours spends the main thread (not a figure).
      const { context, page } = await freshPanel();
      const { trace } = await tracedStream(
        page,
        deepTraceLarge ? largeTokens : tokens,
        deepTraceLarge ? large.tokensPerSecond : tokensPerSecond,
        { mark: 'ours' },
        traceFile ? [...DEEP_TRACE_CATEGORIES, INVALIDATION_CATEGORY] : DEEP_TRACE_CATEGORIES,
      );
      breakdown = mainThreadBreakdown(trace, 'bench:ours-start', 'bench:ours-end');
      if (traceFile) {
        fs.mkdirSync(path.dirname(traceFile), { recursive: true });
        fs.writeFileSync(traceFile, trace);
        log(`render trace: ${traceFile} (node bench/tools/trace-frames.mjs FILE)`);
      }
      await context.close();
      log(
        `render breakdown (deep trace): ${breakdown?.byEvent
          .slice(0, 6)
          .map((row) => `${row.name} ${row.ms} ms`)
          .join(', ')}`,
      );
    }
    if (cpuProfile) {
      // One more run under V8's sampling profiler: which functions the main thread runs.
      const { context, page } = await freshPanel();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
      await page.evaluate(
        ([list, rate, options]) => globalThis.renderHarness.runOurs(list, rate, options),
        [tokens, tokensPerSecond, { batch }],
      );
      const { profile } = await cdp.send('Profiler.stop');
      fs.mkdirSync(path.dirname(cpuProfile), { recursive: true });
      fs.writeFileSync(cpuProfile, JSON.stringify(profile));
      await context.close();
      log(`render CPU profile: ${cpuProfile} (bench/tools/cpuprofile-summary.mjs FILE panel)`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const text = tokens.join('');
  const largeText = largeTokens.join('');
  return {
    figures: {
      render_total_ms: median(perRun.map((run) => run.oursMs)),
      ...(oursOnly
        ? {}
        : {
            render_naive_total_ms: median(perRun.map((run) => run.naiveMs)),
            render_speedup: median(perRun.map((run) => run.speedup)),
          }),
      render_max_frame_ms: median(perRun.map((run) => run.longestTaskMs)),
      render_floor_ms: median(perRun.map((run) => run.floorMs)),
      render_large_total_ms: median(perRun.map((run) => run.largeMs)),
      render_large_max_frame_ms: median(perRun.map((run) => run.largeLongestTaskMs)),
    },
    details: {
      answer: {
        tokens: tokens.length,
        chars: text.length,
        tokensPerSecond,
        naiveStride: stride,
        naiveWindow: window,
      },
      largeAnswer: {
        ...large,
        tokens: largeTokens.length,
        chars: largeText.length,
      },
      ours_main_thread_ms: spread(perRun.map((run) => run.oursMs)),
      ours_main_thread_cpu_ms: spread(perRun.map((run) => run.oursCpuMs)),
      floor_main_thread_cpu_ms: spread(perRun.map((run) => run.floorCpuMs)),
      large_main_thread_cpu_ms: spread(perRun.map((run) => run.largeCpuMs)),
      floor_main_thread_ms: spread(perRun.map((run) => run.floorMs)),
      ours_longest_task_ms: spread(perRun.map((run) => run.longestTaskMs)),
      ours_longest_task_first_100ms_ms: spread(perRun.map((run) => run.longestFirst100Ms)),
      large_main_thread_ms: spread(perRun.map((run) => run.largeMs)),
      large_longest_task_ms: spread(perRun.map((run) => run.largeLongestTaskMs)),
      naive_estimate_ms: spread(
        perRun.map((run) => run.naiveMs),
        0,
      ),
      speedup: spread(perRun.map((run) => run.speedup)),
      runs: perRun.map((run) => ({
        ...run,
        ours: roundValues(run.ours),
        large: roundValues(run.large),
        naive: roundValues(run.naive),
      })),
      sameDomAsOneRender: perRun.every((run) => run.ours.sameAsOneShot && run.large.sameAsOneShot),
      deepTrace: breakdown,
    },
  };
}

function roundValues(record) {
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [
      key,
      typeof value === 'number' ? round(value, 2) : value,
    ]),
  );
}
