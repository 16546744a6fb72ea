// Helpers for end-to-end journeys: a real VS Code workbench (code-server: VS Code 1.100.3, or
// the newest target with MMR_VSCODE=newest, see test/support/offline-vscode.mjs) in headless
// Chromium, with this extension loaded through extensionDevelopmentPath exactly as a developer
// runs it, or installed from the packaged .vsix exactly as a user gets it (always on a VS Code
// that ignores extensions passed in the URL). Every helper waits for what a person would see
// (roles, names, text), never for a fixed time.
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Frame, type Locator, type Page } from 'playwright-core';
import { importSupportScript } from '../support/supportScripts';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
/** Where screenshots and evidence go; run-e2e.mjs gives each VS Code version its own folder. */
export const E2E_OUTPUT = process.env.MMR_E2E_OUTPUT ?? path.join(REPO_ROOT, 'test-output', 'e2e');
/** How long a helper waits for the workbench to show something before failing. */
export const UI_TIMEOUT_MS = 30_000;

interface CodeServer {
  url: string;
  port: number;
  output(): string;
  stop(): Promise<void>;
}
interface OfflineVscodeModule {
  ensureOfflineVscode(): Promise<unknown>;
  vscodeTarget(): { vscode: string; loadsExtensionFromPayload: boolean };
  startCodeServer(options: {
    workspaceFolder: string;
    userDataDir: string;
    extensionsDir: string;
    userSettings?: Record<string, unknown>;
    env?: Record<string, string>;
    logFile?: string;
    proposedApiExtensions?: readonly string[];
  }): Promise<CodeServer>;
  installExtension(options: {
    vsix: string;
    extensionsDir: string;
    userDataDir: string;
  }): Promise<string>;
}
interface CommonModule {
  CHROMIUM_PATH: string;
  CHROMIUM_ARGS: string[];
  assertChromium(): void;
  workbenchUrl(options: {
    port: number;
    folder: string;
    extensionDevelopmentPath?: string;
  }): string;
}
interface SampleModule {
  generateSampleWorkspace(outDir?: string): Promise<string>;
}

export type Theme = 'light' | 'dark' | 'high-contrast';
const THEMES: Record<Theme, string> = {
  light: 'Default Light Modern',
  dark: 'Default Dark Modern',
  'high-contrast': 'Default High Contrast',
};

export interface OpenWorkbenchOptions {
  /** The folder to open; default: a fresh copy of the sample workspace (architecture.png …). */
  workspaceFolder?: string;
  /** Merged over the defaults (workspace trust off, no startup editor). */
  userSettings?: Record<string, unknown>;
  theme?: Theme;
  /** Default: this repository. */
  extensionDevelopmentPath?: string;
  /**
   * Install this .vsix (`--install-extension`) and run that copy instead of
   * extensionDevelopmentPath.
   */
  installVsix?: string;
  /** Other extensions to install beside it (test-only ones: test/support/testExtensions.mjs). */
  alsoInstall?: readonly {
    readonly vsix: string;
    readonly id: string;
    readonly proposedApi?: boolean;
  }[];
  /** Extra environment for code-server and so for the extension host. */
  env?: Record<string, string>;
  viewport?: { width: number; height: number };
}

export interface Workbench {
  page: Page;
  browser: Browser;
  url: string;
  workspaceFolder: string;
  /** The folder the .vsix was installed into, when `installVsix` was given. */
  installedExtension?: string;
  /** Everything the page logged (console, page errors), oldest first. */
  consoleLines: string[];
  /** Saves test-output/e2e/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  /** Saves the workbench console and the code-server output to test-output/e2e/<name>.log. */
  saveLog(name: string): Promise<string>;
  stop(): Promise<void>;
}

function fileSafe(name: string): string {
  return (
    name
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 120) || 'unnamed'
  );
}

/** Starts code-server with the extension loaded and opens the workbench in headless Chromium. */
export async function openWorkbench(options: OpenWorkbenchOptions = {}): Promise<Workbench> {
  const [offline, common, sample] = await Promise.all([
    importSupportScript<OfflineVscodeModule>('offline-vscode.mjs'),
    importSupportScript<CommonModule>('common.mjs'),
    importSupportScript<SampleModule>('sample-diagram.mjs'),
  ]);
  common.assertChromium();
  await offline.ensureOfflineVscode();

  const scratch = await fsp.mkdtemp(path.join(os.tmpdir(), 'mmr-e2e-'));
  let workspaceFolder = options.workspaceFolder;
  if (!workspaceFolder) {
    workspaceFolder = path.join(scratch, 'sample-workspace');
    await fsp.cp(await sample.generateSampleWorkspace(), workspaceFolder, { recursive: true });
  }
  const userSettings = { ...options.userSettings };
  if (options.theme) userSettings['workbench.colorTheme'] = THEMES[options.theme];

  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    await fsp.rm(scratch, { recursive: true, force: true }).catch(() => undefined);
  };
  try {
    // A workbench that ignores extensions passed in the URL runs the installed .vsix instead.
    const installVsix =
      options.installVsix ??
      (offline.vscodeTarget().loadsExtensionFromPayload ? undefined : runnerVsix());
    const installedExtension = installVsix
      ? await offline.installExtension({
          vsix: installVsix,
          extensionsDir: path.join(scratch, 'extensions'),
          userDataDir: path.join(scratch, 'user-data'),
        })
      : undefined;
    for (const extension of options.alsoInstall ?? [])
      await offline.installExtension({
        vsix: extension.vsix,
        extensionsDir: path.join(scratch, 'extensions'),
        userDataDir: path.join(scratch, 'user-data'),
      });
    server = await offline.startCodeServer({
      workspaceFolder,
      userDataDir: path.join(scratch, 'user-data'),
      extensionsDir: path.join(scratch, 'extensions'),
      userSettings,
      env: options.env,
      proposedApiExtensions: (options.alsoInstall ?? [])
        .filter((extension) => extension.proposedApi)
        .map((extension) => extension.id),
    });
    browser = await chromium.launch({
      executablePath: common.CHROMIUM_PATH,
      args: common.CHROMIUM_ARGS,
      headless: true,
    });
    const page = await browser.newPage({
      viewport: options.viewport ?? { width: 1400, height: 900 },
    });
    const consoleLines: string[] = [];
    page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) =>
      consoleLines.push(`[pageerror] ${error.stack ?? error.message}`),
    );

    const url = common.workbenchUrl({
      port: server.port,
      folder: workspaceFolder,
      extensionDevelopmentPath: installedExtension
        ? undefined
        : (options.extensionDevelopmentPath ?? REPO_ROOT),
    });
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    try {
      await waitForWorkbench(page, {
        expectFiles: (await fsp.readdir(workspaceFolder)).length > 0,
      });
    } catch (error) {
      await fsp.mkdir(E2E_OUTPUT, { recursive: true });
      const evidence = path.join(E2E_OUTPUT, 'FAILED-openWorkbench');
      await page.screenshot({ path: `${evidence}.png` }).catch(() => undefined);
      await fsp
        .writeFile(
          `${evidence}.log`,
          `${consoleLines.join('\n')}\n\n## code-server\n${server.output()}\n`,
        )
        .catch(() => undefined);
      throw new Error(
        `the workbench did not come up (${(error as Error).message.split('\n')[0]}); see ${evidence}.png/.log`,
      );
    }

    const running = server;
    const openedBrowser = browser;
    let stopped: Promise<void> | undefined;
    return {
      page,
      browser: openedBrowser,
      url,
      workspaceFolder,
      installedExtension,
      consoleLines,
      async screenshot(name) {
        await fsp.mkdir(E2E_OUTPUT, { recursive: true });
        const file = path.join(E2E_OUTPUT, `${fileSafe(name)}.png`);
        await page.screenshot({ path: file });
        return file;
      },
      async saveLog(name) {
        await fsp.mkdir(E2E_OUTPUT, { recursive: true });
        const file = path.join(E2E_OUTPUT, `${fileSafe(name)}.log`);
        const serverLogs = await extensionHostLogs(path.join(scratch, 'user-data', 'logs'));
        await fsp.writeFile(
          file,
          `# workbench ${url}\n\n## browser console\n${consoleLines.join('\n')}\n\n## code-server\n${running.output()}\n${serverLogs}`,
        );
        return file;
      },
      stop() {
        return (stopped ??= cleanup());
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** The .vsix test/support/run-e2e.mjs packaged for this run. */
function runnerVsix(): string {
  const vsix = process.env.MMR_E2E_VSIX;
  if (!vsix)
    throw new Error('no packaged .vsix: run the e2e tier through test/support/run-e2e.mjs');
  return vsix;
}

/**
 * The extension host's own logs (its log file and every output channel an extension wrote to,
 * "Multimodal Reasoning" among them), each under a heading; the last 64 KB of each.
 */
async function extensionHostLogs(logsDir: string): Promise<string> {
  const files = await fsp.readdir(logsDir, { recursive: true }).catch(() => [] as string[]);
  const sections: string[] = [];
  for (const relative of files
    .filter((name) => name.endsWith('.log') && /exthost/i.test(name))
    .sort()) {
    const text = await fsp.readFile(path.join(logsDir, relative), 'utf8').catch(() => '');
    if (text.trim())
      sections.push(`\n## ${relative}\n${text.length > 65_536 ? `…${text.slice(-65_536)}` : text}`);
  }
  return sections.join('');
}

/**
 * Waits until the workbench is usable as a person sees it: the activity and status bars, the
 * Explorer listing the folder's files (when it has any), and the colour theme applied. The
 * theme is the last thing to arrive: its class lands on the workbench once the extensions'
 * contributions (themes, commands, menus) are registered, seconds after the Explorer shows.
 */
export async function waitForWorkbench(
  page: Page,
  { timeout = 60_000, expectFiles = true } = {},
): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
  await page.locator('[id="workbench.parts.statusbar"]').waitFor({ state: 'visible', timeout });
  const explorer = page.getByRole('tree', { name: 'Files Explorer' });
  await explorer.waitFor({ state: 'visible', timeout });
  if (expectFiles)
    await explorer.getByRole('treeitem').first().waitFor({ state: 'visible', timeout });
  await page
    .locator('.monaco-workbench[class*="vscode-theme-"]')
    .waitFor({ state: 'attached', timeout });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * F1, type the command's title, Enter (or a click on the entry when it is not the first).
 * The palette lists the commands known when it opened; right after start-up the extensions'
 * commands may still be arriving, so when the entry does not show, close it and open it again,
 * as a person would.
 */
export async function runCommandFromPalette(
  page: Page,
  title: string,
  timeout = UI_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeout;
  const titlePattern = new RegExp(`^${escapeRegExp(title)}(,|$)`);
  // role="textbox" in 1.100, "combobox" in later releases: find it by its place instead.
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const list = page.locator('.quick-input-widget .quick-input-list');
  const entry = list.getByRole('option', { name: titlePattern }).first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: Math.max(1000, deadline - Date.now()) });
    await input.fill(`>${title}`);
    const found = await entry
      .waitFor({ state: 'visible', timeout: Math.min(5000, Math.max(1000, deadline - Date.now())) })
      .then(
        () => true,
        () => false,
      );
    if (found) break;
    if (Date.now() >= deadline) {
      const shown = await list
        .getByRole('option')
        .evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
      throw new Error(
        `the command palette has no "${title}" after ${attempt} tries; it shows: ${JSON.stringify(shown)}`,
      );
    }
    await page.keyboard.press('Escape');
    await input.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  }
  const first = await list.getByRole('option').first().getAttribute('aria-label');
  if (first && titlePattern.test(first)) await page.keyboard.press('Enter');
  else await entry.click();
  // The palette closes; a command that asks for something (a quick pick, an input box) reuses
  // the same widget, which then shows its own, empty, value instead of the ">command" text.
  await page.waitForFunction(
    () => {
      const box = (globalThis as any).document.querySelector(
        '.quick-input-widget .quick-input-box input',
      );
      return !box || !box.checkVisibility() || !String(box.value).startsWith('>');
    },
    undefined,
    { timeout: UI_TIMEOUT_MS },
  );
}

/** The Explorer row for a file or folder name (shown when the Explorer is open). */
export function explorerItem(page: Page, fileName: string): Locator {
  return page
    .getByRole('tree', { name: 'Files Explorer' })
    .getByRole('treeitem', { name: fileName, exact: true });
}

/**
 * Right-clicks a file in the Explorer and waits for the context menu. With `expectItem`, waits
 * for that entry too: extensions' menu entries appear only once the extension host has
 * registered them, so until then close the menu and right-click again, as a person would.
 */
export async function rightClickExplorerItem(
  page: Page,
  fileName: string,
  { expectItem, timeout = UI_TIMEOUT_MS }: { expectItem?: string; timeout?: number } = {},
): Promise<Locator> {
  const deadline = Date.now() + timeout;
  const explorer = page.getByRole('tree', { name: 'Files Explorer' });
  if (!(await explorer.isVisible())) await page.keyboard.press('Control+Shift+E');
  const item = explorerItem(page, fileName);
  await item.waitFor({ state: 'visible', timeout });
  for (;;) {
    await item.click({ button: 'right' });
    const menu = await contextMenu(page);
    if (!expectItem) return menu;
    const wanted = contextMenuItem(page, expectItem);
    const found = await wanted
      .waitFor({ state: 'visible', timeout: Math.min(3000, Math.max(500, deadline - Date.now())) })
      .then(
        () => true,
        () => false,
      );
    if (found) return menu;
    if (Date.now() >= deadline) {
      const labels = await page.locator('.context-view .monaco-menu .action-label').allInnerTexts();
      throw new Error(
        `the context menu of ${fileName} has no "${expectItem}"; it shows: ${JSON.stringify(labels)}`,
      );
    }
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  }
}

/** The open context menu (VS Code draws its own, inside a shadow root Playwright pierces). */
export async function contextMenu(page: Page): Promise<Locator> {
  const menu = page.locator('.context-view .monaco-menu').getByRole('menu');
  await menu.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  return menu.first();
}

/** An entry of the open context menu by its label (the keybinding shown beside it is ignored). */
export function contextMenuItem(page: Page, label: string): Locator {
  return page
    .locator('.context-view .monaco-menu')
    .getByRole('menuitem')
    .filter({ has: page.locator('.action-label').getByText(label, { exact: true }) });
}

/**
 * Clicks an entry of the open context menu and waits for the menu to close. VS Code's menu
 * items start listening for the mouse-up only 100 ms after the menu is drawn (a guard against
 * the right-click that opened it), so a click that fast is ignored; a person then clicks again,
 * and so does this.
 */
export async function clickContextMenuItem(page: Page, label: string): Promise<void> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  const item = contextMenuItem(page, label);
  const menu = page.locator('.context-view .monaco-menu');
  await item.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  for (;;) {
    await item.click({ timeout: 2000 }).catch(() => undefined); // gone already: the menu closed
    const closed = await menu.waitFor({ state: 'hidden', timeout: 1000 }).then(
      () => true,
      () => false,
    );
    if (closed) return;
    if (Date.now() > deadline)
      throw new Error(`the context menu stayed open after clicking "${label}"`);
  }
}

/**
 * A webview's content frame: each webview panel is an iframe (VS Code's host page) holding
 * another iframe with the extension's HTML. Returns the frame in which `selector` matches,
 * waiting until one does.
 */
export async function findWebviewFrame(
  page: Page,
  selector: string,
  timeout = UI_TIMEOUT_MS,
): Promise<Frame> {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame() || frame.isDetached()) continue;
      const found = await frame
        .locator(selector)
        .count()
        .catch(() => 0);
      if (found > 0) return frame;
    }
    if (Date.now() > deadline) {
      const urls = page
        .frames()
        .map((frame) => frame.url())
        .join('\n  ');
      throw new Error(
        `no webview frame contains ${selector} after ${timeout / 1000} s; frames:\n  ${urls}`,
      );
    }
    // Frames appear as the webview loads: poll page.frames() again shortly.
    await page.waitForEvent('framenavigated', { timeout: 250 }).catch(() => undefined);
  }
}

/**
 * Call from `afterEach` (with `this`): on a failed test, keeps a screenshot and the logs under
 * test-output/e2e/ named after the test.
 */
export async function keepEvidenceOnFailure(
  context: Mocha.Context,
  workbench: Workbench | undefined,
): Promise<void> {
  const test = context.currentTest;
  if (!workbench || !test || test.state !== 'failed') return;
  const name = `FAILED-${test.fullTitle()}`;
  const [shot, log] = await Promise.all([
    workbench.screenshot(name).catch((error: Error) => `(screenshot failed: ${error.message})`),
    workbench.saveLog(name).catch((error: Error) => `(log failed: ${error.message})`),
  ]);
  console.log(
    `      evidence: ${path.relative(REPO_ROOT, shot)}, ${path.relative(REPO_ROOT, log)}`,
  );
}

/** True when the built extension is there to load (dist/extension.js). */
export function extensionIsBuilt(): boolean {
  return fs.existsSync(path.join(REPO_ROOT, 'dist', 'extension.js'));
}
