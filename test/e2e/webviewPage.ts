// The webviews' pages in a real Chromium, without a workbench: the production bundles and
// stylesheets served from a loopback server in the one test page (webviewPageHtml.ts: the panel's
// CSP, VS Code's default stylesheet and a theme, the `acquireVsCodeApi` stand-in). Harness pages
// load the webview's own modules the same way. Used by the page tests (panelPage.*.test.ts,
// imageGeometry, imageFormats, mermaidCorpus) and the gallery (npm run gallery).

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { HostToWebview, TurnView, WebviewToHost } from '../../src/core/protocol';
import { importRepoScript, importSupportScript } from '../support/supportScripts';
import { themeCss } from './vscodeWebviewStyles';
import { HOST_STAND_IN, HOST_STAND_IN_PATH, webviewPageHtml } from './webviewPageHtml';

export const ROOT = path.resolve(__dirname, '../../..');
const BUNDLES = path.join(__dirname, 'webviewPage-bundles');

/** Test pages bundled from test/e2e/<name>.browser.ts, each exposing a global of its name. */
const HARNESSES = ['markdownHarness', 'mermaidHarness', 'imageFormats'] as const;

/** Each page the server knows: the shipped panel and side view, and the harness pages. */
const PAGES: Record<string, { readonly scripts: string[]; readonly styles: string[] }> = {
  panel: { scripts: ['/bundles/panel.js'], styles: ['/media/panel.css'] },
  // The side view adds chat.css, as src/host/webviewHtml.ts does.
  chat: { scripts: ['/bundles/chat.js'], styles: ['/media/panel.css', '/media/chat.css'] },
  ...Object.fromEntries(
    HARNESSES.map((name) => [
      name,
      { scripts: [`/bundles/${name}.js`], styles: ['/media/panel.css'] },
    ]),
  ),
};
export type PageName = 'panel' | 'chat' | (typeof HARNESSES)[number];

// ── The server ──────────────────────────────────────────────────────────────────────────────

export interface ServedImage {
  readonly body: Buffer;
  readonly type: string;
}

export interface Server {
  readonly origin: string;
  /** A second origin for images, as VS Code serves resources from another origin with CORS. */
  readonly resourceOrigin: string;
  readonly hits: string[];
  close(): Promise<void>;
}

/** Serves the pages, what they load, and `images` under /images/ (read when asked for). */
export async function startServer(images: Record<string, ServedImage>): Promise<Server> {
  const hits: string[] = [];
  const nonce = 'dGVzdC1ub25jZS0xMjM0NQ';
  let origin = '';
  let resourceOrigin = '';
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    hits.push(url.pathname);
    const send = (
      status: number,
      type: string,
      body: string | Buffer,
      headers: Record<string, string> = {},
    ): void => {
      response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
      response.end(body);
    };
    const page = PAGES[/^\/(\w+)\.html$/.exec(url.pathname)?.[1] ?? ''];
    if (page) {
      const html = webviewPageHtml({
        cspSource: `${origin} ${resourceOrigin}`,
        nonce,
        theme: url.searchParams.get('theme') ?? undefined,
        l10n: url.searchParams.get('l10n') ?? undefined,
        ...page,
      });
      send(200, 'text/html; charset=utf-8', html);
    } else if (url.pathname === HOST_STAND_IN_PATH) {
      send(200, 'text/javascript', HOST_STAND_IN);
    } else if (url.pathname.startsWith('/theme/')) {
      send(200, 'text/css', themeCss(path.basename(url.pathname, '.css')));
    } else if (url.pathname === '/media/panel.css' || url.pathname === '/media/chat.css') {
      send(200, 'text/css', fs.readFileSync(path.join(ROOT, url.pathname)));
    } else if (url.pathname.startsWith('/bundles/mermaid/')) {
      // The lazily imported Mermaid bundle, where the panel's script finds it (next to itself).
      send(
        200,
        'text/javascript',
        fs.readFileSync(path.join(ROOT, 'dist/webview/mermaid', path.basename(url.pathname))),
      );
    } else if (url.pathname.startsWith('/bundles/tiff/')) {
      // The TIFF worker, fetched by the page the first time a TIFF is opened (next to its script).
      send(
        200,
        'text/javascript',
        fs.readFileSync(path.join(ROOT, 'dist/webview/tiff', path.basename(url.pathname))),
      );
    } else if (url.pathname.startsWith('/bundles/pdf/')) {
      // pdf.js and its worker, loaded by the panel only when its file is a PDF.
      send(
        200,
        'text/javascript',
        fs.readFileSync(path.join(ROOT, 'dist/webview/pdf', path.basename(url.pathname))),
        { 'Access-Control-Allow-Origin': '*' },
      );
    } else if (url.pathname.startsWith('/bundles/')) {
      send(
        200,
        'text/javascript',
        fs.readFileSync(path.join(BUNDLES, path.basename(url.pathname))),
      );
    } else if (url.pathname.startsWith('/images/') && images[path.basename(url.pathname)]) {
      const image = images[path.basename(url.pathname)];
      send(200, image.type, image.body, { 'Access-Control-Allow-Origin': '*' });
    } else if (url.pathname === '/favicon.ico') {
      send(204, 'image/x-icon', '');
    } else {
      send(404, 'text/plain', 'not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  resourceOrigin = `http://localhost:${port}`;
  return {
    origin,
    resourceOrigin,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let built: Promise<void> | undefined;

/**
 * The shipped bundles, built the way the package is built, and the harness pages with the same
 * options (scripts/webviewBuildOptions.mjs). Once per test run: every page test file asks.
 */
export function buildBundles(): Promise<void> {
  built ??= (async () => {
    execFileSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, stdio: 'pipe' });
    fs.mkdirSync(BUNDLES, { recursive: true });
    for (const bundle of ['panel.js', 'chat.js']) {
      fs.copyFileSync(path.join(ROOT, 'dist/webview', bundle), path.join(BUNDLES, bundle));
    }
    const { webviewBuildOptions } = await importRepoScript<{
      webviewBuildOptions: () => esbuild.BuildOptions;
    }>('scripts/webviewBuildOptions.mjs');
    await esbuild.build({
      ...webviewBuildOptions(),
      entryPoints: Object.fromEntries(
        HARNESSES.map((name) => [name, path.join(ROOT, `test/e2e/${name}.browser.ts`)]),
      ),
      outdir: BUNDLES,
      logLevel: 'warning',
    });
  })();
  return built;
}

export async function launchChromium(): Promise<Browser> {
  const { CHROMIUM_ARGS, CHROMIUM_PATH } = await importSupportScript<{
    CHROMIUM_ARGS: string[];
    CHROMIUM_PATH: string;
  }>('common.mjs');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** The server and browser a describe's tests share (see `pageHarness`). */
export interface PageHarness {
  readonly server: Server;
  readonly browser: Browser;
}

/**
 * Registers, in the calling `describe`, hooks that build the bundles and start the server (with
 * `images`, read as they are asked for) and Chromium once before its tests, make `output` if
 * given, and stop both after them.
 */
export function pageHarness(
  images: Record<string, ServedImage>,
  { output, started }: { output?: string; started?: (server: Server) => void } = {},
): PageHarness {
  let server: Server | undefined;
  let browser: Browser | undefined;
  before(async () => {
    if (output) fs.mkdirSync(output, { recursive: true });
    await buildBundles();
    server = await startServer(images);
    started?.(server);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the server starts before the tests');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the browser starts before the tests');
      return browser;
    },
  };
}

// ── Opening a page ──────────────────────────────────────────────────────────────────────────

export interface OpenOptions {
  readonly theme?: string;
  readonly viewport?: { width: number; height: number };
  readonly deviceScaleFactor?: number;
  /**
   * VS Code's localisation bundle for the page (src/host/webviewHtml.ts passes it the same way).
   */
  readonly l10n?: Record<string, string>;
}

export interface OpenedPage {
  readonly page: Page;
  /** Script errors, console errors and CSP violations of the page, as they happen. */
  readonly errors: string[];
}

/** `name` in a fresh context (nothing cached); a webview page has said `webview/ready`. */
export async function openPage(
  browser: Browser,
  server: Server,
  name: PageName,
  options: OpenOptions = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 820 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') {
      errors.push(message.text());
    }
  });
  const query = new URLSearchParams({ theme: options.theme ?? 'dark' });
  if (options.l10n) query.set('l10n', JSON.stringify(options.l10n));
  await page.goto(`${server.origin}/${name}.html?${query.toString()}`);
  if (name === 'panel' || name === 'chat') {
    await waitForPost(page, 'webview/ready');
  } else {
    await page.waitForFunction((global) => global in globalThis, name);
  }
  return { page, errors };
}

/**
 * Opens pages for the tests of the calling `describe` and checks them: after each test its pages
 * are closed, and the test fails on any script error or CSP violation they met.
 */
export function checkedPages(
  harness: PageHarness,
): (name: PageName, options?: OpenOptions) => Promise<Page> {
  const opened: OpenedPage[] = [];
  afterEach(async () => {
    const errors = opened.flatMap((each) => each.errors);
    for (const each of opened.splice(0)) {
      await each.page
        .context()
        .close()
        .catch(() => undefined);
    }
    assert.deepEqual(errors, [], 'no script errors or CSP violations');
  });
  return async (name, options) => {
    const page = await openPage(harness.browser, harness.server, name, options);
    opened.push(page);
    return page.page;
  };
}

export interface ImageInitOptions {
  readonly turns?: TurnView[];
  /** The file name the host reports, when it differs from the served file's. */
  readonly shownAs?: string;
  /** A document's pages the host asks for (a PDF). */
  readonly pages?: number[];
  readonly maxImageSide?: number;
}

/** `conversation/init` for the panel showing `images[name]`, served from the resource origin. */
export function imageInit(
  server: Server,
  images: Record<string, ServedImage>,
  name: string,
  { turns = [], shownAs = name, pages, maxImageSide = 1568 }: ImageInitOptions = {},
): HostToWebview {
  return {
    type: 'conversation/init',
    image: {
      name: shownAs,
      src: `${server.resourceOrigin}/images/${name}`,
      mime: images[name].type,
      bytes: images[name].body.length,
      ...(pages ? { pages } : {}),
    },
    turns,
    model: 'gpt-4o',
    maxImageSide,
  };
}

// ── Helpers that run in the page ─────────────────────────────────────────────────────────────

export async function deliver(page: Page, ...messages: HostToWebview[]): Promise<void> {
  for (const message of messages) {
    await page.evaluate((m) => (globalThis as any).__host.deliver(m), message);
  }
}

export async function posted(page: Page): Promise<WebviewToHost[]> {
  return page.evaluate(() => (globalThis as any).__host.posted);
}

export async function waitForPost<T extends WebviewToHost['type']>(
  page: Page,
  type: T,
  after = 0,
): Promise<Extract<WebviewToHost, { type: T }>> {
  const handle = await page.waitForFunction(
    ([wanted, skip]) =>
      (globalThis as any).__host.posted
        .slice(skip)
        .find((m: { type: string }) => m.type === wanted),
    [type, after] as const,
    { timeout: 20_000 },
  );
  return (await handle.jsonValue()) as Extract<WebviewToHost, { type: T }>;
}

/** The `attachments/prepared` the page posts for attachment `id`. */
export async function waitForAttachmentPrepared(
  page: Page,
  id: string,
): Promise<Extract<WebviewToHost, { type: 'attachments/prepared' }>> {
  const handle = await page.waitForFunction(
    (wanted) =>
      (globalThis as any).__host.posted.find(
        (m: any) => m.type === 'attachments/prepared' && m.id === wanted,
      ),
    id,
  );
  return (await handle.jsonValue()) as Extract<WebviewToHost, { type: 'attachments/prepared' }>;
}

export async function nextFrames(page: Page, count = 2): Promise<void> {
  await page.evaluate(
    (n) =>
      new Promise<void>((resolve) => {
        const step = (left: number): void =>
          left === 0
            ? resolve()
            : void (globalThis as any).requestAnimationFrame(() => step(left - 1));
        step(n);
      }),
    count,
  );
}
