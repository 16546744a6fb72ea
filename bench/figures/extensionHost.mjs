// activation_ms, submit_to_request_ms, host_heap_mb_10_panels, first_token_paint_ms: measured
// in a real VS Code (code-server 4.100.3, test/support/offline-vscode.mjs) opened in headless
// Chromium with this extension loaded by extensionDevelopmentPath, exactly as the integration
// tests run. Each run is a fresh workbench window, so a fresh extension host, on a fresh copy of
// the bench workspace (so no panel is restored and no saved history is read); its
// extensionTestsPath is bench/host/hostSuite.ts, which asks this process what to measure over a
// loopback control server and posts its results back.
//
// first_token_paint_ms is measured here, in the browser: the panel's turns are started by
// typing the task and clicking Analyze in the webview; a loopback server in this process holds
// each reply after its role chunk, then writes the first answer delta (a unique marker) and
// notes when (performance.now() of this process); an observer in the webview's frame notes
// when the marker entered the DOM and when the frame that shows it had been rendered (a task
// posted from requestAnimationFrame runs after that frame's style, layout and paint). The
// frame's clock is related to this process's by the round trip with the smallest delay
// (bench/lib/chromium.mjs clockOffset).
import * as fsp from 'node:fs/promises';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { REPO_ROOT, TEST_OUTPUT, workbenchUrl } from '../../test/support/common.mjs';
import { ensureOfflineVscode, startCodeServer } from '../../test/support/offline-vscode.mjs';
import { encodePng, generateSampleWorkspace } from '../../test/support/sample-diagram.mjs';
import { generateAnswerTokens, random } from '../lib/answer.mjs';
import { buildNodeBundle } from '../lib/build.mjs';
import { clockOffset, launchChromium } from '../lib/chromium.mjs';
import { median, round, spread } from '../lib/stats.mjs';

const require = createRequire(import.meta.url);
const OUTPUT = path.join(TEST_OUTPUT, 'bench');

/**
 * A noise PNG whose copy prepared by the webview (re-encoded as PNG by Chromium, not resized:
 * it is under maxImageSide) is about 1 MB: noise does not compress, so the size is set by the
 * pixel count. The prepared size is checked and reported by the host suite.
 */
function benchImage(seed, side = 552) {
  const rand = random(seed);
  const pixels = new Uint8Array(side * side * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (rand() * 256) | 0;
  return encodePng(side, side, pixels);
}

/**
 * Runs in the webview's frame: notes when the host's message carrying a marker arrived, when the
 * panel's handlers were done with it, when the marker entered the DOM and when the frame that
 * shows it had been painted (and when that frame began). The same for the echo (the same message
 * for a turn the page does not have, so it does nothing with it): when it arrived, was handled
 * and when the next frame after it had been painted.
 */
function installPaintObserver() {
  if (globalThis.__paintBench) return;
  const now = () => performance.timeOrigin + performance.now();
  const results = {};
  const echoes = {};
  const waiting = [];
  let expected;
  // A task posted from a requestAnimationFrame callback runs once that frame is rendered; it
  // carries when the frame began (the first rAF callback: this loop registers before anything
  // the page requests during the frame before).
  const channel = new MessageChannel();
  channel.port1.onmessage = (event) => {
    const at = now();
    for (const resolve of waiting.splice(0)) resolve(at, event.data);
  };
  const frame = () => {
    channel.port2.postMessage(now());
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const carries = (data) =>
    expected && typeof data?.text === 'string' && data.text.includes(expected);
  const isEcho = (data) => data?.turnId === 'bench-echo';
  // Capturing listeners on the target run before the page's own (registered earlier, not capturing).
  window.addEventListener(
    'message',
    (event) => {
      if (!carries(event.data)) return;
      if (isEcho(event.data)) {
        if (echoes[expected]) return;
        const echo = (echoes[expected] = { messageAt: now() });
        waiting.push((at, frameAt) => Object.assign(echo, { paintedAt: at, frameAt }));
      } else if (!results[expected]) results[expected] = { messageAt: now() };
    },
    true,
  );
  // Added after the page's listener: runs once the page has handled the message.
  window.addEventListener('message', (event) => {
    if (!carries(event.data)) return;
    const record = isEcho(event.data) ? echoes[expected] : results[expected];
    if (record && record.handledAt === undefined) record.handledAt = now();
  });
  new MutationObserver(() => {
    if (!expected || !document.body.textContent.includes(expected)) return;
    const record = results[expected];
    if (!record || record.mutationAt !== undefined) return;
    record.mutationAt = now();
    waiting.push((at, frameAt) => Object.assign(record, { paintedAt: at, frameAt }));
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
  globalThis.__paintBench = {
    expect: (marker) => (expected = marker),
    result: (marker) =>
      results[marker]?.paintedAt && echoes[marker]?.paintedAt
        ? { ...results[marker], echo: echoes[marker] }
        : undefined,
  };
}

async function findPanelFrame(page, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame() || frame.isDetached()) continue;
      const found = await frame
        .getByRole('textbox', { name: 'Task' })
        .count()
        .catch(() => 0);
      if (found > 0) return frame;
    }
    if (Date.now() > deadline) throw new Error('no webview frame with a Task box');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitUntil(condition, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The paint phase: `turns` turns typed and submitted in the panel's webview. */
async function drivePaintTurns(page, server, turns, log) {
  const frame = await findPanelFrame(page);
  await frame.evaluate(installPaintObserver);
  const clock = await clockOffset(frame);
  const samples = [];
  for (let turn = 1; turn <= turns; turn++) {
    const marker = `Paintmark${turn}q${Math.floor(Math.random() * 1e6)}`;
    let openGate;
    const opened = new Promise((resolve) => (openGate = resolve));
    server.enqueue({
      kind: 'stream',
      chunks: [
        { content: `${marker} opens the answer.` },
        { content: ' The rest follows in a second delta.' },
      ],
      gate: { beforeChunk: 0, opened },
    });
    await frame.evaluate((text) => globalThis.__paintBench.expect(text), marker);
    const requests = server.chatRequests().length;
    const analyze = frame.getByRole('button', { name: 'Analyze' });
    await analyze.waitFor({ state: 'visible', timeout: 30_000 });
    await frame
      .getByRole('textbox', { name: 'Task' })
      .fill(`explain this architecture (turn ${turn})`);
    await analyze.click();
    await waitUntil(
      () => server.chatRequests().length > requests,
      30_000,
      'the request of the turn',
    );
    // The role chunk has gone out; let the turn's start reach the webview and settle.
    await new Promise((resolve) => setTimeout(resolve, 300));
    openGate();
    const handle = await frame.waitForFunction(
      (text) => globalThis.__paintBench.result(text),
      marker,
      { timeout: 30_000, polling: 20 },
    );
    const { messageAt, handledAt, mutationAt, frameAt, paintedAt, echo } = await handle.jsonValue();
    const writtenAt = performance.timeOrigin + server.chatRequests().at(-1).chunkWrittenAt[0];
    const since = (at) => (at === undefined ? undefined : at - clock.offsetMs - writtenAt);
    const sample = {
      marker,
      writtenAt,
      paintMs: since(paintedAt),
      inDomMs: since(mutationAt),
      messageMs: since(messageAt),
      frameStartMs: since(frameAt),
      // The page's own work: handling the message, then the frame that paints it (its start to
      // painted), both on the page's clock; the echo's are the same steps with nothing to do.
      webviewWorkMs: handledAt - messageAt + (paintedAt - frameAt),
      echoWorkMs: echo.handledAt - echo.messageAt + (echo.paintedAt - echo.frameAt),
      // The echo on this process's clock, for the hop once the host's posting time is known.
      echoMessageAt: echo.messageAt - clock.offsetMs,
      echoPaintedAt: echo.paintedAt - clock.offsetMs,
    };
    samples.push(sample);
    log(
      `paint turn ${turn}/${turns}: message in the webview after ${round(sample.messageMs, 1)} ms, in the DOM after ${round(sample.inDomMs, 1)} ms, its frame began after ${round(sample.frameStartMs, 1)} ms, painted after ${round(sample.paintMs, 1)} ms; page work ${round(sample.webviewWorkMs, 2)} ms (echo ${round(sample.echoWorkMs, 2)} ms)`,
    );
    await analyze.waitFor({ state: 'visible', timeout: 30_000 });
  }
  return {
    samples,
    clock: { offsetMs: round(clock.offsetMs, 3), roundTripMs: round(clock.roundTripMs, 3) },
  };
}

export async function measureHost({
  quick,
  runs,
  log,
  profile = false,
  heapSnapshot = false,
  extensionPath = REPO_ROOT,
  activationOnly = false,
}) {
  const panelCount = quick ? 2 : 10;
  const panelRuns = activationOnly ? 0 : quick ? 1 : Math.min(runs, 3);
  const paintRuns = activationOnly ? 0 : quick ? 1 : Math.min(runs, 2);
  const paintTurns = quick ? 2 : 8;

  const [suite, loopbackBundle] = await Promise.all([
    buildNodeBundle('bench/host/hostSuite.ts', 'hostSuite'),
    buildNodeBundle('test/support/loopbackServer.ts', 'loopbackServer'),
  ]);
  const { startLoopbackServer } = require(loopbackBundle);
  await ensureOfflineVscode();

  const scratch = await fsp.mkdtemp(path.join(os.tmpdir(), 'mmr-bench-'));
  const template = path.join(scratch, 'template');
  await fsp.mkdir(template, { recursive: true });
  await fsp.copyFile(
    path.join(await generateSampleWorkspace(), 'architecture.png'),
    path.join(template, 'architecture.png'),
  );
  for (let index = 1; index <= panelCount; index++)
    await fsp.writeFile(path.join(template, `screen-${index}.png`), benchImage(index));
  const answer = generateAnswerTokens(quick ? 300 : 1500, 7).join('');

  const paintServer = await startLoopbackServer();
  let plan;
  let onResult;
  let onPaintReady;
  const control = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', async () => {
      const send = (body) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body ?? {}));
      };
      try {
        const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
        if (request.method === 'GET' && request.url === '/plan') send(plan);
        else if (request.method === 'POST' && request.url === '/result') {
          send({});
          onResult?.(body);
        } else if (request.method === 'POST' && request.url === '/paint-ready')
          send(await onPaintReady(body));
        else {
          response.writeHead(404);
          response.end();
        }
      } catch (error) {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(String(error?.stack ?? error));
      }
    });
  });
  await new Promise((resolve) => control.listen(0, '127.0.0.1', resolve));
  const controlUrl = `http://127.0.0.1:${control.address().port}`;

  await fsp.mkdir(OUTPUT, { recursive: true });
  const serverLog = path.join(OUTPUT, 'code-server.log');
  await fsp.writeFile(serverLog, '');
  const workbenchLines = [];
  let server;
  let browser;
  const iterations = [];
  try {
    server = await startCodeServer({
      workspaceFolder: template,
      userDataDir: path.join(scratch, 'user-data'),
      extensionsDir: path.join(scratch, 'extensions'),
      logFile: serverLog,
      env: { MMR_BENCH_CONTROL: controlUrl },
    });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (message) =>
      workbenchLines.push(`[console.${message.type()}] ${message.text()}`),
    );
    page.on('pageerror', (error) =>
      workbenchLines.push(`[pageerror] ${error.stack ?? error.message}`),
    );
    let onExit;
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      workbenchLines.push(`[host.${type}] ${text}`);
      if (text.startsWith('[bench:host]')) log(text.slice('[bench:host] '.length));
    });
    await page.exposeFunction('codeAutomationExit', (code) => onExit?.(Number(code)));

    for (let iteration = 1; iteration <= runs; iteration++) {
      const folder = path.join(scratch, `workspace-${iteration}`);
      await fsp.cp(template, folder, { recursive: true });
      const images =
        iteration <= panelRuns
          ? Array.from({ length: panelCount }, (_, index) =>
              path.join(folder, `screen-${index + 1}.png`),
            )
          : [];
      plan = {
        iteration,
        profileActivationTo: profile
          ? path.join(OUTPUT, `activation-${iteration}.cpuprofile`)
          : undefined,
        heapSnapshotTo:
          heapSnapshot && images.length
            ? path.join(OUTPUT, `after-closing-${iteration}.heapsnapshot`)
            : undefined,
        panelImages: images,
        answer,
        paint:
          iteration <= paintRuns
            ? { image: path.join(folder, 'architecture.png'), baseUrl: paintServer.baseUrl }
            : undefined,
      };
      onPaintReady = async () => drivePaintTurns(page, paintServer, paintTurns, log);
      const result = new Promise((resolve) => (onResult = resolve));
      const exited = new Promise((resolve) => (onExit = resolve));
      const started = Date.now();
      await page.goto(
        workbenchUrl({
          port: server.port,
          folder,
          extensionDevelopmentPath: extensionPath,
          extensionTestsPath: suite.replace(/\.js$/, ''),
        }),
        {
          waitUntil: 'domcontentloaded',
          timeout: 60_000,
        },
      );
      let timer;
      const timeout = new Promise((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `run ${iteration}: no result from the extension host within 240 s (see ${path.relative(REPO_ROOT, serverLog)})`,
              ),
            ),
          240_000,
        );
      });
      // run() posts its results, then resolves; VS Code then reports the exit code.
      const code = await Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
      const results = await Promise.race([
        result,
        new Promise((resolve) => setTimeout(() => resolve(undefined), 5000)),
      ]);
      if (!results)
        throw new Error(
          `run ${iteration}: the extension host exited (${code}) without results; see ${path.relative(REPO_ROOT, path.join(OUTPUT, 'workbench.log'))}`,
        );
      if (results.error)
        throw new Error(`run ${iteration} failed in the extension host: ${results.error}`);
      if (code !== 0) throw new Error(`run ${iteration}: the extension host exited with ${code}`);
      iterations.push(results);
      const activation = results.activation;
      log(
        `host run ${iteration}/${runs} (${round((Date.now() - started) / 1000, 1)} s): ` +
          (activation.alreadyActive
            ? 'the extension was already active: no activation sample'
            : `activation ${round(activation.totalMs, 2)} ms (load ${round(activation.loadMs, 2)} + activate() ${round(activation.activateCallMs, 2)}; VS Code's marks: ${activation.vscodeMarks.loadMs} + ${activation.vscodeMarks.activateMs} ms); host layer on first use ${round(results.hostLayerFirstUseMs, 2)} ms`) +
          (results.panels
            ? `; submit→request median ${round(median(results.panels.submits.map((submit) => submit.ms)), 2)} ms; heap +${round(results.panels.heap.growthMb, 1)} MB`
            : ''),
      );
    }
  } finally {
    await fsp
      .writeFile(path.join(OUTPUT, 'workbench.log'), `${workbenchLines.join('\n')}\n`)
      .catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    await paintServer.close();
    await new Promise((resolve) => control.close(resolve));
    await fsp.rm(scratch, { recursive: true, force: true }).catch(() => {});
  }

  // Profiled activations are slower (the profiler samples every 50 µs): never a figure.
  const activations = iterations
    .map((run) => run.activation)
    .filter((activation) => !activation.alreadyActive && !activation.profiled);
  const submits = iterations.flatMap((run) => run.panels?.submits ?? []);
  const heaps = iterations.map((run) => run.panels?.heap).filter(Boolean);
  // The host suite reports when it posted each marker (run.paint.postedAt); the browser side, the rest.
  const paints = iterations.flatMap((run) =>
    (run.paint?.samples ?? []).map((sample) => {
      const posted = run.paint.postedAt?.[sample.marker];
      const bytes = run.paint.bytesAt?.[sample.marker];
      const echoPosted = run.paint.echoPostedAt?.[sample.marker];
      const hostMs = posted === undefined || bytes === undefined ? undefined : posted - bytes;
      const webviewMs = sample.webviewWorkMs - sample.echoWorkMs;
      return {
        ...sample,
        hostPostedMs: posted === undefined ? undefined : posted - sample.writtenAt,
        hostMs,
        webviewMs,
        oursMs: hostMs === undefined ? undefined : hostMs + webviewMs,
        echoHopMs: echoPosted === undefined ? undefined : sample.echoMessageAt - echoPosted,
        echoPaintMs: echoPosted === undefined ? undefined : sample.echoPaintedAt - echoPosted,
      };
    }),
  );
  const defined = (key) => paints.map((paint) => paint[key]).filter((ms) => ms !== undefined);
  return {
    figures: {
      activation_ms: median(activations.map((activation) => activation.totalMs)),
      submit_to_request_ms: median(submits.map((submit) => submit.ms)),
      host_heap_mb_10_panels: median(heaps.map((heap) => heap.growthMb)),
      first_token_paint_ms: median(paints.map((paint) => paint.paintMs)),
      first_token_ours_ms: median(defined('oursMs')),
      first_token_host_ms: median(defined('hostMs')),
      first_token_webview_ms: median(defined('webviewMs')),
      first_token_echo_hop_ms: median(defined('echoHopMs')),
      first_token_echo_paint_ms: median(defined('echoPaintMs')),
    },
    details: {
      runs: iterations.length,
      activation_ms: spread(
        activations.map((activation) => activation.totalMs),
        3,
      ),
      activation_cpu_ms: spread(
        activations.map((activation) => activation.loadCpuMs + activation.activateCallCpuMs),
        3,
      ),
      activation_parts: activations.map((activation) => ({
        loadMs: round(activation.loadMs, 3),
        activateCallMs: round(activation.activateCallMs, 3),
        activateResolveMs: round(activation.activateResolveMs, 3),
        // CPU time of the extension host process over the load and the activate() call: the
        // work itself, without the time spent waiting for a core on a busy machine.
        loadCpuMs: round(activation.loadCpuMs, 3),
        activateCallCpuMs: round(activation.activateCallCpuMs, 3),
        wallMs: round(activation.wallMs, 2),
        cpuMsOfWholeActivateCall: round(activation.cpuMs, 2),
        requiresMs: Object.fromEntries(
          Object.entries(activation.requiresMs ?? {}).map(([name, ms]) => [name, round(ms, 3)]),
        ),
        vscodeMarks: activation.vscodeMarks,
      })),
      // The first use after activation: dist/host.js required and the host layer built (once per window).
      host_layer_first_use_ms: spread(
        iterations.map((run) => run.hostLayerFirstUseMs).filter((ms) => ms !== undefined),
        2,
      ),
      submit_to_request_ms: spread(
        submits.map((submit) => submit.ms),
        2,
      ),
      // ms after submit(): key lookup (SecretStorage) started/ended, the SDK called fetch(), the
      // loopback server had the request; the median of each over all submits.
      submit_phases_median_ms: Object.fromEntries(
        ['keyLookupStarted', 'keyLookupEnded', 'fetchCalled', 'requestArrived'].map((phase) => [
          phase,
          round(median(submits.map((submit) => submit.phases?.[phase])), 2),
        ]),
      ),
      submit_phases_ms: submits.map((submit) =>
        Object.fromEntries(
          Object.entries(submit.phases ?? {}).map(([phase, ms]) => [phase, round(ms, 2)]),
        ),
      ),
      submit_first_of_each_host_ms: iterations
        .map((run) => run.panels?.submits[0]?.ms)
        .filter((ms) => ms !== undefined)
        .map((ms) => round(ms, 2)),
      prepared_image_bytes: spread(
        submits.map((submit) => submit.preparedBytes),
        0,
      ),
      heap: heaps.map((heap) =>
        Object.fromEntries(Object.entries(heap).map(([key, value]) => [key, round(value, 2)])),
      ),
      panels_per_heap_run: panelCount,
      first_token_paint_ms: spread(
        paints.map((paint) => paint.paintMs),
        2,
      ),
      first_token_in_dom_ms: spread(
        paints.map((paint) => paint.inDomMs),
        2,
      ),
      // Server wrote the delta → the extension host posted it to the webview (the SDK, our session and batching).
      first_token_host_posted_ms: spread(
        paints.map((paint) => paint.hostPostedMs).filter((ms) => ms !== undefined),
        2,
      ),
      first_token_message_in_webview_ms: spread(
        paints.map((paint) => paint.messageMs),
        2,
      ),
      // Our share per turn: the host's (fetch gave the SDK the bytes → postMessage) plus the
      // page's (handling + its frame, minus the echo's handling + frame), and its two parts.
      first_token_ours_ms: spread(defined('oursMs'), 2),
      first_token_host_ms: spread(defined('hostMs'), 2),
      first_token_webview_ms: spread(defined('webviewMs'), 2),
      first_token_webview_work_ms: spread(defined('webviewWorkMs'), 2),
      first_token_echo_work_ms: spread(defined('echoWorkMs'), 2),
      // The platform: the echo's postMessage → message in the page, → the next frame painted.
      first_token_echo_hop_ms: spread(defined('echoHopMs'), 2),
      first_token_echo_paint_ms: spread(defined('echoPaintMs'), 2),
      first_token_frame_start_ms: spread(
        paints.map((paint) => paint.frameStartMs),
        2,
      ),
      paint_clock: iterations.map((run) => run.paint?.clock).filter(Boolean),
      logs: {
        codeServer: path.relative(REPO_ROOT, serverLog),
        workbench: path.relative(REPO_ROOT, path.join(OUTPUT, 'workbench.log')),
      },
    },
  };
}
