// The bench's `extensionTestsPath` module: VS Code loads it into the extension host of a real
// workbench (code-server, see bench/figures/extensionHost.mjs) before this extension is
// activated, and calls run(). It asks the orchestrator (MMR_BENCH_CONTROL, a loopback HTTP
// server) what to measure in this extension host, measures it, and posts the results back.
//
// - activation: the extension's real activation, started by getExtension().activate(). The
//   time is VS Code's own definition of it (code loading + the activate() call), taken with
//   performance.now() by wrapping the two steps: Module._load for the extension's main file, and
//   the activate function of the module VS Code receives. VS Code's own marks (Date.now(), whole
//   ms) are reported beside it as a check.
// - panels: N analysis panels, each on its own image, each prepared by its real webview, each
//   with one finished turn against an in-process loopback server. submit_to_request is
//   session.submit() called (what the panel does when the webview's Analyze message arrives) →
//   the loopback server's 'request' event for it, both performance.now() of this process.
//   Heap: process.memoryUsage().heapUsed after a full GC, before the first panel and with all N
//   finished conversations open.
// - paint: one panel pointed at the orchestrator's loopback server; the orchestrator drives its
//   turns from the browser and measures first_token_paint there.
import * as http from 'node:http';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { AnalysisPanel } from '../../src/host/analysisPanel';
import {
  startLoopbackServer,
  textReply,
  type LoopbackServer,
} from '../../test/support/loopbackServer';

const EXTENSION_ID = 'multimodal-reasoning.multimodal-reasoning-agent';
const SETTINGS = 'multimodalReasoning';
const MB = 1024 * 1024;

/** What the orchestrator asks this extension host to measure. */
interface Plan {
  readonly iteration: number;
  /** Images to open one panel each on (absolute paths); none: skip the panel phase. */
  readonly panelImages: readonly string[];
  /** The answer each panel's turn streams. */
  readonly answer: string;
  /** Where to write a heap snapshot once the panels are closed (see --heap-snapshot). */
  readonly heapSnapshotTo?: string;
  /** Where to write a V8 CPU profile of the activation (a separate, slower run; see --profile-activation). */
  readonly profileActivationTo?: string;
  /** The paint phase's image and the orchestrator's loopback endpoint; absent: skip it. */
  readonly paint?: { readonly image: string; readonly baseUrl: string };
}

const control = process.env.MMR_BENCH_CONTROL;

function request<T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
  if (!control) throw new Error('MMR_BENCH_CONTROL is not set: run this through bench/run.mjs');
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const call = http.request(
      `${control}${route}`,
      {
        method,
        headers: payload
          ? { 'content-type': 'application/json', 'content-length': payload.length }
          : {},
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode !== 200)
            reject(new Error(`${method} ${route}: HTTP ${response.statusCode} ${text}`));
          else resolve((text ? JSON.parse(text) : undefined) as T);
        });
      },
    );
    call.on('error', reject);
    call.end(payload);
  });
}

const log = (message: string): void => console.log(`[bench:host] ${message}`);

export async function run(): Promise<void> {
  const plan = await request<Plan>('GET', '/plan');
  const results: Record<string, unknown> = { iteration: plan.iteration };
  try {
    results.activation = plan.profileActivationTo
      ? await profileActivation(plan.profileActivationTo)
      : await measureActivation();
    const api = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.exports;
    if (!(results.activation as { alreadyActive?: boolean }).alreadyActive)
      results.hostLayerFirstUseMs = timeHostLayerFirstUse(api);
    if (plan.panelImages.length) results.panels = await measurePanels(api, plan);
    if (plan.paint) results.paint = await runPaintPhase(api, plan.paint);
  } catch (error) {
    results.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
  } finally {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const key of ['baseUrl', 'model'])
      await vscode.workspace
        .getConfiguration(SETTINGS)
        .update(key, undefined, vscode.ConfigurationTarget.Global);
  }
  await request('POST', '/result', results);
}

// ── activation ─────────────────────────────────────────────────────────────────────────────

interface ModuleInternals {
  _load: (this: unknown, request: string, parent: unknown, isMain: boolean) => unknown;
}

async function measureActivation() {
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  if (extension.isActive) {
    // Something activated it before this module ran (a restored panel, say): not measurable.
    return { alreadyActive: true };
  }
  const { main: entry } = extension.packageJSON as { main: string };
  const main = path.resolve(extension.extensionPath, entry);
  const mainFile = main.endsWith('.js') ? main : `${main}.js`;
  const timing = {
    loadMs: NaN,
    activateCallMs: NaN,
    activateResolveMs: 0,
    loadCpuMs: NaN,
    activateCallCpuMs: NaN,
  };
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  /** Time spent in the modules our bundle requires while it loads ('vscode' is VS Code's API). */
  const nested: Record<string, number> = {};
  let loading = false;

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Module = require('node:module') as ModuleInternals;
  const load = Module._load;
  Module._load = function (this: unknown, request: string, parent: unknown, isMain: boolean) {
    if (request !== main && request !== mainFile) {
      if (!loading) return load.call(this, request, parent, isMain);
      const started = performance.now();
      try {
        return load.call(this, request, parent, isMain);
      } finally {
        nested[request] = (nested[request] ?? 0) + performance.now() - started;
      }
    }
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    loading = true;
    let loaded: Record<string, unknown>;
    try {
      loaded = load.call(this, request, parent, isMain) as Record<string, unknown>;
    } finally {
      loading = false;
    }
    timing.loadMs = performance.now() - started;
    timing.loadCpuMs = cpuMs(cpuStarted);
    // VS Code gets the module through this view: the same exports, activate() timed.
    return new Proxy(loaded, {
      get(target, key) {
        const value = target[key as string];
        if (key !== 'activate' || typeof value !== 'function') return value;
        return function (this: unknown, ...args: unknown[]) {
          const called = performance.now();
          const cpuCalled = process.cpuUsage();
          const result = (value as (...a: unknown[]) => unknown).apply(this, args);
          const returned = performance.now();
          timing.activateCallMs = returned - called;
          timing.activateCallCpuMs = cpuMs(cpuCalled);
          if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
            return Promise.resolve(result).then((api) => {
              timing.activateResolveMs = performance.now() - returned;
              return api;
            });
          }
          return result;
        };
      },
    });
  };
  const wallStarted = performance.now();
  const cpuStarted = process.cpuUsage();
  try {
    await extension.activate();
  } finally {
    Module._load = load;
  }
  const wallMs = performance.now() - wallStarted;
  const cpu = process.cpuUsage(cpuStarted);
  return {
    alreadyActive: false,
    totalMs: timing.loadMs + timing.activateCallMs + timing.activateResolveMs,
    ...timing,
    /** getExtension().activate() as a whole: VS Code's bookkeeping, context creation, our part. */
    wallMs,
    /** CPU time of this process over the same span (all threads): less sensitive to a busy machine. */
    cpuMs: (cpu.user + cpu.system) / 1000,
    requiresMs: nested,
    vscodeMarks: vscodeActivationMarks(),
  };
}

/**
 * What activation put off: the first use of the extension's API requires dist/host.js and builds
 * the host layer (panels, side view, history, key store), as a first command or view does.
 */
function timeHostLayerFirstUse(api: ExtensionApi): number {
  const started = performance.now();
  void api.panels;
  return performance.now() - started;
}

/** The activation under the V8 CPU profiler (to see where its time goes; not a measurement). */
async function profileActivation(file: string) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const inspector = require('node:inspector') as typeof import('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 50 });
  await post('Profiler.start');
  const result = await measureActivation();
  const { profile } = (await post('Profiler.stop')) as { profile: unknown };
  session.disconnect();
  await vscode.workspace.fs.writeFile(vscode.Uri.file(file), Buffer.from(JSON.stringify(profile)));
  return { ...result, profiled: true };
}

/** VS Code's own performance marks for this extension (Date.now(), so whole milliseconds). */
function vscodeActivationMarks() {
  const marks =
    (
      globalThis as {
        MonacoPerformanceMarks?: { getMarks(): { name: string; startTime: number }[] };
      }
    ).MonacoPerformanceMarks?.getMarks() ?? [];
  const at = (name: string) =>
    marks.find((mark) => mark.name === `code/extHost/${name}/${EXTENSION_ID}`)?.startTime;
  const span = (from: string, to: string) => {
    const start = at(from);
    const end = at(to);
    return start !== undefined && end !== undefined ? end - start : undefined;
  };
  return {
    loadMs: span('willLoadExtensionCode', 'didLoadExtensionCode'),
    activateMs: span('willActivateExtension', 'didActivateExtension'),
  };
}

// ── panels: submit → first request byte, and the heap with N finished conversations ─────────

function fullGc(): { gc: () => void; how: string } {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return { gc: exposed, how: 'global.gc' };
  // The extension host runs without --expose-gc; the flag can be set at run time, and a new
  // context then has V8's gc() (a full, synchronous mark-compact of the whole heap).
  v8.setFlagsFromString('--expose-gc');
  return {
    gc: vm.runInNewContext('gc') as () => void,
    how: "v8.setFlagsFromString('--expose-gc') + vm.runInNewContext('gc')",
  };
}

async function settledHeapUsed(gc: () => void): Promise<number> {
  for (let round = 0; round < 3; round++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    gc();
  }
  return process.memoryUsage().heapUsed;
}

async function openPanel(file: string): Promise<AnalysisPanel> {
  const panel = await vscode.commands.executeCommand<AnalysisPanel | undefined>(
    'multimodalReasoning.analyzeImage',
    vscode.Uri.file(file),
  );
  if (!panel) throw new Error(`no panel opened for ${file}`);
  let timer: NodeJS.Timeout | undefined;
  const prepared = await Promise.race([
    panel.session.imagePrepared,
    new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), 60_000))),
  ]);
  // A pending timer would keep the race, and so the prepared image, reachable: not in the heap figure.
  clearTimeout(timer);
  if (!prepared) throw new Error(`the webview did not prepare ${path.basename(file)} within 60 s`);
  return panel;
}

async function pointAt(api: ExtensionApi, baseUrl: string): Promise<void> {
  const config = vscode.workspace.getConfiguration(SETTINGS);
  await config.update('baseUrl', baseUrl, vscode.ConfigurationTarget.Global);
  await config.update('model', 'vision-test-model', vscode.ConfigurationTarget.Global);
  await api.apiKeys.set(baseUrl, 'sk-bench');
}

/**
 * Where the time between submit() and the request goes, for the details only: the moments the
 * key lookup (SecretStorage) started and ended and the moment the SDK called fetch(), taken by
 * wrapping those two functions for the duration of the panel phase.
 */
function traceSubmitPhases(api: ExtensionApi) {
  const marks: { keyStarted?: number; keyEnded?: number; fetchCalled?: number } = {};
  const keys = api.apiKeys as unknown as { get: (baseUrl: string) => Promise<unknown> };
  const ownGet = Object.prototype.hasOwnProperty.call(keys, 'get');
  const get = keys.get;
  keys.get = function (this: unknown, baseUrl: string) {
    marks.keyStarted ??= performance.now();
    return get.call(this, baseUrl).finally(() => (marks.keyEnded ??= performance.now()));
  };
  const fetch = globalThis.fetch;
  globalThis.fetch = function (this: unknown, ...args: Parameters<typeof fetch>) {
    if (String(args[0] instanceof Request ? args[0].url : args[0]).includes('/chat/completions'))
      marks.fetchCalled ??= performance.now();
    return fetch.apply(this, args);
  };
  return {
    take() {
      const taken = { ...marks };
      delete marks.keyStarted;
      delete marks.keyEnded;
      delete marks.fetchCalled;
      return taken;
    },
    restore() {
      globalThis.fetch = fetch;
      if (ownGet) keys.get = get;
      else delete (keys as { get?: unknown }).get;
    },
  };
}

interface SubmitSample {
  readonly ms: number;
  readonly preparedBytes: number;
  readonly phases: Record<string, number | undefined>;
}

/**
 * Opens a panel on `image`, waits for its webview to prepare the image, runs one turn and
 * returns submit → request. A function of its own, so nothing of the turn (the request as the
 * server recorded it, the prepared image) stays referenced from the caller's frame.
 */
async function finishedConversation(
  server: LoopbackServer,
  phases: ReturnType<typeof traceSubmitPhases>,
  image: string,
  answer: string,
  number: number,
): Promise<SubmitSample> {
  const panel = await openPanel(image);
  const prepared = await panel.session.imagePrepared;
  const preparedBytes = Math.floor(
    ((prepared.dataUrl.length - prepared.dataUrl.indexOf(',') - 1) * 3) / 4,
  );
  server.enqueue(textReply(answer, { chunkSize: 16 }));
  // The server records every request with its 1.3 MB body; it runs in this process, so the
  // records are dropped after each turn to keep them out of the heap figure.
  server.requests.length = 0;
  phases.take();
  const submitted = performance.now();
  await panel.session.submit(`explain this architecture (${number})`);
  const marks = phases.take();
  const chat = server.chatRequests();
  server.requests.length = 0;
  if (chat.length !== 1)
    throw new Error(`panel ${number}: expected one request, the server saw ${chat.length}`);
  const status = panel.session.turnViews.at(-1)?.status;
  if (status !== 'done') throw new Error(`panel ${number}: the turn ended ${status}`);
  const receivedAt = chat[0].receivedAt;
  const since = (mark: number | undefined) => (mark === undefined ? undefined : mark - submitted);
  return {
    ms: receivedAt - submitted,
    phases: {
      keyLookupStarted: since(marks.keyStarted),
      keyLookupEnded: since(marks.keyEnded),
      fetchCalled: since(marks.fetchCalled),
      requestArrived: receivedAt - submitted,
    },
    preparedBytes,
  };
}

async function measurePanels(api: ExtensionApi, plan: Plan) {
  const server: LoopbackServer = await startLoopbackServer();
  const { gc, how } = fullGc();
  const phases = traceSubmitPhases(api);
  try {
    await pointAt(api, server.baseUrl);
    // Writing the settings wakes other extensions (JSON language features, say): let them settle.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const activeBefore = vscode.extensions.all
      .filter((extension) => extension.isActive)
      .map((extension) => extension.id);
    const heapBefore = await settledHeapUsed(gc);
    const submits: SubmitSample[] = [];
    for (const [index, image] of plan.panelImages.entries()) {
      submits.push(await finishedConversation(server, phases, image, plan.answer, index + 1));
    }
    const heapWithPanels = await settledHeapUsed(gc);
    const activeAfter = vscode.extensions.all
      .filter((extension) => extension.isActive)
      .map((extension) => extension.id);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const heapAfterClose = await settledHeapUsed(gc);
    const panelsOpenAfterClosing = api.panels.openPanels.length;
    if (plan.heapSnapshotTo) {
      // For finding what keeps closed conversations alive (bench --heap-snapshot); slow.
      const written = v8.writeHeapSnapshot(plan.heapSnapshotTo);
      log(`heap snapshot after closing the panels: ${written}`);
    }
    log(
      `panels: ${plan.panelImages.length} finished conversations, heap +${((heapWithPanels - heapBefore) / MB).toFixed(1)} MB`,
    );
    return {
      submits,
      heap: {
        gc: how,
        beforeMb: heapBefore / MB,
        withPanelsMb: heapWithPanels / MB,
        afterClosingMb: heapAfterClose / MB,
        panelsOpenAfterClosing,
        growthMb: (heapWithPanels - heapBefore) / MB,
        activatedMeanwhile: activeAfter.filter((id) => !activeBefore.includes(id)),
      },
    };
  } finally {
    phases.restore();
    await server.close();
  }
}

// ── paint: the orchestrator drives the turns from the browser ──────────────────────────────

/** The marker the orchestrator puts in each turn's first answer delta. */
const PAINT_MARKER = /Paintmark\d+q\d+/;

/**
 * When the bytes carrying each marker came out of fetch() to the SDK (epoch ms): where the host's
 * own part of the first token starts. What follows until postMessage is the SDK's SSE parsing,
 * our fetch guard, the conversation code and the delta batcher, all in this process.
 */
function tapResponseBytes(arrivedAt: Record<string, number>) {
  const fetch = globalThis.fetch;
  const decoder = new TextDecoder();
  globalThis.fetch = async function (this: unknown, ...args: Parameters<typeof fetch>) {
    const response = await fetch.apply(this, args);
    if (!response.body) return response;
    const tapped = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          const marker = PAINT_MARKER.exec(decoder.decode(chunk, { stream: true }))?.[0];
          if (marker && !(marker in arrivedAt))
            arrivedAt[marker] = performance.timeOrigin + performance.now();
          controller.enqueue(chunk);
        },
      }),
    );
    Object.defineProperty(response, 'body', { value: tapped });
    return response;
  };
  return { restore: () => (globalThis.fetch = fetch) };
}

/** How long after a turn's first delta the echo goes: after that delta is painted, before the turn ends. */
const ECHO_DELAY_MS = 150;

async function runPaintPhase(api: ExtensionApi, paint: NonNullable<Plan['paint']>) {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await pointAt(api, paint.baseUrl);
  const panel = await openPanel(paint.image);
  // The panel's WebviewPanel is private; the echo below must go through the very same channel.
  const webview = (panel as unknown as { panel: vscode.WebviewPanel }).panel.webview;
  // When the host handed each turn's first answer delta (its marker) to webview.postMessage, as
  // epoch milliseconds comparable with the orchestrator's: splits the transport into the part
  // that is ours (SDK, session, batching) and VS Code's (extension host → webview).
  const postedAt: Record<string, number> = {};
  const bytesAt: Record<string, number> = {};
  // The echo baseline: the same message, posted straight to the webview for a turn it does not
  // have (so the page drops it on arrival), with no work on either side. Its trip to the page
  // and the frame after it are the platform's part of the first token.
  const echoPostedAt: Record<string, number> = {};
  const tap = tapResponseBytes(bytesAt);
  const echoTimers = new Set<NodeJS.Timeout>();
  const watching = panel.onDidPost((message) => {
    if (message.type !== 'turn/answerDelta') return;
    const marker = PAINT_MARKER.exec(message.text)?.[0];
    if (!marker || marker in postedAt) return;
    postedAt[marker] = performance.timeOrigin + performance.now();
    const timer = setTimeout(() => {
      echoTimers.delete(timer);
      const echo = { type: 'turn/answerDelta', turnId: 'bench-echo', text: message.text };
      echoPostedAt[marker] = performance.timeOrigin + performance.now();
      void webview.postMessage(echo);
    }, ECHO_DELAY_MS);
    echoTimers.add(timer);
  });
  try {
    // The orchestrator answers once it has run its turns in this panel's webview.
    const outcome = await request<{ turns: number }>('POST', '/paint-ready', {
      title: path.basename(paint.image),
    });
    return {
      ...outcome,
      postedAt,
      bytesAt,
      echoPostedAt,
      turnsInSession: panel.session.turnViews.length,
      statuses: panel.session.turnViews.map((turn) => turn.status),
    };
  } finally {
    watching.dispose();
    tap.restore();
    for (const timer of echoTimers) clearTimeout(timer);
  }
}
