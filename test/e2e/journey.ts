// What every journey needs: a loopback OpenAI-compatible server in this process, a fresh
// workbench whose user settings point the extension at it, and a driver for the analysis panel
// that finds things the way a person (or a screen reader) does: by role, name and text.
import * as assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import {
  startLoopbackServer,
  heldTextReply,
  type LoopbackServer,
  type LoopbackServerOptions,
  type ScriptedResponse,
} from '../support/loopbackServer';
import { importSupportScript } from '../support/supportScripts';
import {
  clickContextMenuItem,
  E2E_OUTPUT,
  findWebviewFrame,
  keepEvidenceOnFailure,
  openWorkbench,
  REPO_ROOT,
  rightClickExplorerItem,
  runCommandFromPalette,
  UI_TIMEOUT_MS,
  type OpenWorkbenchOptions,
  type Workbench,
} from './workbench';

// What the server received, as the journeys read it (kept beside the server that records it).
export { imageParts, textOf, userTexts } from '../support/loopbackServer';

export const MODEL = 'vision-test-model';
export const SCREENSHOT_VIEWPORT = { width: 1280, height: 800 };

export interface JourneyOptions extends Pick<
  OpenWorkbenchOptions,
  'theme' | 'viewport' | 'workspaceFolder'
> {
  /** Run the extension installed from the packaged .vsix (test/support/run-e2e.mjs builds it). */
  readonly installed?: boolean;
  readonly server?: LoopbackServerOptions;
  /** More user settings, over the journey's own (which point the extension at the server). */
  readonly userSettings?: Record<string, unknown>;
  /**
   * Install the test-only language model provider (test/loopbackModels, VS Code 1.106 and
   * later) beside the extension, its models forwarding to this journey's server.
   */
  readonly languageModels?: boolean;
  /**
   * Files for a workspace folder of the journey's own, made for it and removed after it, in place
   * of `workspaceFolder`.
   */
  readonly workspaceFiles?: Readonly<Record<string, Uint8Array>>;
}

export interface Journey {
  readonly page: Page;
  readonly server: LoopbackServer;
  readonly workbench: Workbench;
  /** Saves test-output/e2e/<name>.png (a function, not a method: journeys destructure it). */
  readonly screenshot: (name: string) => Promise<string>;
}

/**
 * Registers the hooks of a suite whose tests each run in a fresh workbench (with its own
 * loopback server, secret storage and settings), and returns `start` for the tests to call.
 * A failed test leaves its screenshot and the workbench's console and logs behind.
 */
export function journeyHooks(): { start(options?: JourneyOptions): Promise<Journey> } {
  let current: { workbench?: Workbench; server?: LoopbackServer; folder?: string } = {};
  afterEach(async function () {
    const { workbench, server, folder } = current;
    current = {};
    await keepEvidenceOnFailure(this, workbench);
    await workbench?.stop();
    await server?.close();
    if (folder) {
      await fsp.rm(folder, { recursive: true, force: true });
    }
  });
  return {
    async start(options = {}) {
      const server = await startLoopbackServer(options.server);
      current.server = server;
      if (options.workspaceFiles) {
        current.folder = await fsp.mkdtemp(path.join(os.tmpdir(), 'mmr-journey-'));
        for (const [name, bytes] of Object.entries(options.workspaceFiles)) {
          await fsp.writeFile(path.join(current.folder, name), bytes);
        }
      }
      const workbench = await openWorkbench({
        theme: options.theme ?? 'dark',
        viewport: options.viewport,
        workspaceFolder: current.folder ?? options.workspaceFolder,
        installVsix: options.installed ? packagedVsix() : undefined,
        alsoInstall: options.languageModels
          ? [{ ...(await loopbackModelsVsix()), proposedApi: true }]
          : [],
        // The endpoint is a user setting (application scope), as a person sets it.
        userSettings: {
          'multimodalReasoning.baseUrl': server.baseUrl,
          'multimodalReasoning.model': MODEL,
          // The loopback server listens on a port of this machine; the workbench would offer to
          // forward it, with a toast that can cover the panel.
          'remote.autoForwardPorts': false,
          ...(options.languageModels ? { 'mmrLoopbackModels.baseUrl': server.baseUrl } : {}),
          ...options.userSettings,
        },
      });
      current.workbench = workbench;
      return {
        page: workbench.page,
        server,
        workbench,
        screenshot: (name) => workbench.screenshot(name),
      };
    },
  };
}

let loopbackModels: Promise<{ vsix: string; id: string }> | undefined;

/** test/loopbackModels packaged once per run (its gated model asks through proposed API). */
function loopbackModelsVsix(): Promise<{ vsix: string; id: string }> {
  loopbackModels ??= importSupportScript<{
    LOOPBACK_MODELS_ID: string;
    packageLoopbackModels(outFile: string): Promise<string>;
  }>('testExtensions.mjs').then(async (module) => ({
    vsix: await module.packageLoopbackModels(path.join(E2E_OUTPUT, 'loopback-models.vsix')),
    id: module.LOOPBACK_MODELS_ID,
  }));
  return loopbackModels;
}

/** The .vsix run-e2e.mjs packaged for this run (`npm run package`'s contents, built once). */
export function packagedVsix(): string {
  const vsix = process.env.MMR_E2E_VSIX;
  if (!vsix)
    throw new Error(
      'no packaged .vsix: run the e2e tier through test/support/run-e2e.mjs, which packages it',
    );
  return vsix;
}

// ── The workbench, as a person uses it ────────────────────────────────────────────────────

/** The quick input (input box or quick pick) that is open now. */
export function quickInput(page: Page): { widget: Locator; title: Locator; input: Locator } {
  const widget = page.locator('.quick-input-widget');
  return {
    widget,
    title: widget.locator('.quick-input-title'),
    input: widget.locator('.quick-input-box input'),
  };
}

/** Types into the open input box titled `title` and presses Enter; waits until it closes. */
export async function answerInputBox(
  page: Page,
  title: string | RegExp,
  text: string,
): Promise<void> {
  const box = quickInput(page);
  await box.title.filter({ hasText: title }).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await typeIntoInput(box.input, text);
  await box.input.press('Enter');
  await box.widget.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}

/**
 * Puts `text` into the input element itself and waits until it holds exactly that. Keys typed
 * with page.keyboard go wherever the focus is, and the workbench may move it meanwhile (a
 * walkthrough re-rendering as its step is ticked): journey 9 once typed "sk" of "sk-first-run"
 * into the box and the rest elsewhere. Filling the element cannot lose characters; if the box is
 * redrawn and loses its value, it is filled again.
 */
export async function typeIntoInput(input: Locator, text: string): Promise<void> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    await input.fill(text, { timeout: UI_TIMEOUT_MS });
    const held = await input
      .page()
      .waitForFunction(
        ([element, value]) => (element as any)?.value === value,
        [await input.elementHandle(), text] as const,
        { timeout: 2000 },
      )
      .then(
        () => true,
        () => false,
      );
    if (held && (await input.inputValue()) === text) return;
    if (Date.now() > deadline)
      throw new Error(`the input box holds "${await input.inputValue()}", not what was typed`);
  }
}

/** "Multimodal Reasoning: Set API Key" → the password box for the endpoint → type → Enter. */
export async function setApiKeyFromPalette(
  page: Page,
  server: LoopbackServer,
  key: string,
): Promise<void> {
  await runCommandFromPalette(page, 'Multimodal Reasoning: Set API Key');
  await answerInputBox(page, `API key for ${origin(server)}`, key);
  await dismissNotification(page, `API key saved for ${origin(server)}.`);
}

/** Waits for the toast saying `text` and closes it with its × (so it covers nothing later). */
export async function dismissNotification(page: Page, text: string): Promise<void> {
  const toast = page.locator('.notification-toast').filter({ hasText: text });
  await toast.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  // Its buttons show while the pointer is over it. It may also time out and go away by itself
  // meanwhile: then there is nothing to click.
  const cleared = await toast
    .hover({ timeout: 5000 })
    .then(() => toast.getByRole('button', { name: /^Clear Notification/ }).click({ timeout: 5000 }))
    .then(
      () => true,
      () => false,
    );
  if (!cleared && (await toast.isVisible()))
    throw new Error(`could not close the notification "${text}"`);
  await toast.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}

export function origin(server: LoopbackServer): string {
  return new URL(server.baseUrl).origin;
}

/** Explorer → right-click the image → "Analyze Image with AI" → the panel, ready to use. */
export async function analyzeFromExplorer(page: Page, fileName: string): Promise<AnalysisPanel> {
  await rightClickExplorerItem(page, fileName, { expectItem: 'Analyze Image with AI' });
  await clickContextMenuItem(page, 'Analyze Image with AI');
  return AnalysisPanel.waitFor(page, fileName);
}

// ── The analysis panel ────────────────────────────────────────────────────────────────────

export class AnalysisPanel {
  private constructor(
    readonly page: Page,
    readonly frame: Frame,
  ) {}

  /**
   * Waits for the panel's tab and content, showing `imageName`, with Analyze usable (the webview
   * has prepared the copy of the image the model will see).
   */
  static async waitFor(page: Page, imageName: string): Promise<AnalysisPanel> {
    await page
      .getByRole('tab', { name: new RegExp(`^${imageName.replace(/\./g, '\\.')}`) })
      .first()
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    // The panel showing this image: with several panels open, each is a frame of its own.
    const frame = await findWebviewFrame(
      page,
      `img.image-content[alt=${JSON.stringify(imageName)}]`,
    );
    const panel = new AnalysisPanel(page, frame);
    await panel.image(imageName).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await panel.analyzeButton
      .and(frame.locator(':enabled'))
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    return panel;
  }

  image(name: string): Locator {
    return this.frame.getByRole('img', { name, exact: true });
  }

  get task(): Locator {
    return this.frame.getByRole('textbox', { name: 'Task' });
  }

  get analyzeButton(): Locator {
    return this.frame.getByRole('button', { name: 'Analyze', exact: true });
  }

  get stopButton(): Locator {
    return this.frame.getByRole('button', { name: 'Stop', exact: true });
  }

  /** The turn that asked `task` (the last one, when it was asked more than once). */
  turn(task: string): Locator {
    return this.frame.getByRole('article', { name: task, exact: true }).last();
  }

  reasoning(turn: Locator): Locator {
    return turn.getByRole('region', { name: 'Reasoning' });
  }

  answer(turn: Locator): Locator {
    return turn.getByRole('region', { name: 'Answer' });
  }

  alert(): Locator {
    return this.frame.getByRole('alert');
  }

  /**
   * Clicks into Task, types `task` (over what the box still holds) and presses Analyze.
   *
   * Not Ctrl+A to select the old text: a webview forwards every keydown to the workbench, whose
   * Select All then posts a second, late select-all back into the page; characters typed before
   * it lands get selected and overwritten. A triple click selects the (one-line) text without it.
   */
  async ask(task: string): Promise<Locator> {
    const previous = await this.task.inputValue();
    if (previous) {
      assert.ok(!previous.includes('\n'), 'ask() replaces one-line text only');
      await this.task.click({ clickCount: 3 });
      const selected = await this.task.evaluate((box: any) =>
        box.value.slice(box.selectionStart, box.selectionEnd),
      );
      assert.equal(selected, previous, 'a triple click selects the text left in Task');
    } else {
      await this.task.click();
    }
    await this.page.keyboard.type(task);
    assert.equal(await this.task.inputValue(), task, 'Task shows what was typed');
    await this.analyzeButton.click();
    return this.turn(task);
  }

  /** Turns the mouse wheel over the conversation until its first turn's task is in view. */
  async scrollConversationToTop(): Promise<void> {
    const conversation = this.frame.locator('section[aria-label="Conversation"]');
    const firstTask = this.frame.getByRole('article').first().locator('.turn-task');
    const inView = async () => {
      const [pane, task] = await Promise.all([conversation.boundingBox(), firstTask.boundingBox()]);
      return pane !== null && task !== null && task.y >= pane.y;
    };
    await conversation.hover({ position: { x: 40, y: 80 } }); // over the turns, not the task box
    for (let turns = 0; !(await inView()); turns++) {
      assert.ok(turns < 50, 'the wheel does not scroll the conversation up to its first turn');
      await this.page.mouse.wheel(0, -200);
    }
    await this.page.mouse.move(1, 1); // off the panel, so nothing shows a hover highlight
  }

  /** Waits until no turn streams: Analyze is back where Stop was. */
  async waitUntilIdle(): Promise<void> {
    await this.analyzeButton.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await this.stopButton.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  }

  /** Waits for the answer of `turn` to be rendered as a heading, a list and a table. */
  async waitForRenderedAnswer(turn: Locator, heading: string): Promise<Locator> {
    const answer = this.answer(turn);
    await answer
      .getByRole('heading', { level: 2, name: heading })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await answer.getByRole('list').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await answer.getByRole('table').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    return answer;
  }
}

// ── What the model says ───────────────────────────────────────────────────────────────────

/** A realistic answer for the sample diagram: headings, a table and a bullet list. */
export const ARCHITECTURE_ANSWER = `## Overview

An online store: a **CDN** and an **API Gateway** (TLS, rate limiting) in front of two services
in a Cloud VPC. Orders are written to **Postgres** and fulfilled asynchronously through a
**message queue**.

## Components

| Component | Role | Scales by |
|---|---|---|
| API Gateway | TLS, rate limits, routing | more instances |
| Auth Service | login, JWT sessions in Redis | more instances |
| Orders Service | REST API, writes orders | more instances |
| Postgres | system of record | read replicas |
| Queue + Worker | asynchronous fulfilment | more consumers |

## Risks

- **Postgres** is a single instance: if it fails, no order can be placed.
- **Redis** holds the sessions: losing it logs every user out.
- The queue absorbs spikes: a slow worker delays fulfilment but loses nothing.
`;

export const ARCHITECTURE_REASONING =
  'The diagram is left to right: a browser, a CDN, then an API gateway inside a dashed "Cloud VPC" box. ' +
  'Two arrows leave the gateway: "login" to an auth service and "orders" to an orders service. ' +
  'The auth service writes tokens to Redis; the orders service uses Redis as a cache, SQL to Postgres, and emits events to a queue. ' +
  'A worker consumes the queue and writes back to Postgres. I will explain the request flow, list the components, and point out the single points of failure.';

/**
 * The sample answer streamed slowly (reasoning first), held open before the first answer chunk
 * until `release()`: while held, the turn is provably still streaming.
 */
export function heldArchitectureReply(): { reply: ScriptedResponse; release: () => void } {
  return heldTextReply(ARCHITECTURE_ANSWER, {
    reasoning: ARCHITECTURE_REASONING,
    chunkSize: 12,
    delayMs: 8,
    usage: { prompt_tokens: 1_310, completion_tokens: 612, reasoning_tokens: 118 },
  });
}

/** Rejects with a readable message when `promise` has not settled in `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${ms / 1000} s waiting for ${what}`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The README's screenshot is journey 1's final state, written only when asked for. */
export async function maybeUpdateReadmeScreenshot(page: Page): Promise<string | undefined> {
  if (process.env.UPDATE_README_SCREENSHOT !== '1') return undefined;
  const file = path.join(REPO_ROOT, 'media', 'screenshot.png');
  await fsp.mkdir(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  return file;
}
