// What every test file of the analysis panel's page (panelPage.*.test.ts) shares: the panel's
// production bundle in Chromium (webviewPage.ts), the images it is shown, and a page per test.
// `panelPageSuite()` registers the hooks in the calling `describe`: the bundles, server and
// browser once per file; after each test, the pages it opened are closed and it fails on any
// script error or CSP violation they met.
//
// Run one file: npx tsc -p . && npx mocha --no-config --timeout 60000
// out/test/e2e/panelPage.image.test.js Screenshots land in test-output/e2e/panel-*.png;
// PANEL_BENCH=1 adds the streaming benchmark.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { HostToWebview, TurnView } from '../../src/core/protocol';
import { scriptedSvg } from '../support/imageFixtures';
import type { Box } from '../support/markedImages';
import { diagramPixel, diagramPng, SVG_WITHOUT_SIZE } from './panelPage.fixtures';
import { cropMismatches } from './pixelMeasure';
import {
  deliver,
  imageInit,
  openPage,
  pageHarness,
  ROOT,
  waitForPost,
  type PageHarness,
  type ServedImage,
} from './webviewPage';

export const OUTPUT = path.join(ROOT, 'test-output/e2e');
/** The long side the model gets (conversation/init's maxImageSide). */
export const MAX_SIDE = 1568;

export interface PanelPageSuite extends PageHarness {
  readonly images: Record<string, ServedImage>;
  /** Errors of the page opened last; a test that expects one takes it out. */
  errors: string[];
  /** `shownAs`: the file name the host reports, when it differs from the served file's. */
  readonly init: (name: string, turns?: TurnView[], shownAs?: string) => HostToWebview;
  readonly openPanel: (
    theme?: string,
    viewport?: { width: number; height: number },
    l10nBundle?: Record<string, string>,
  ) => Promise<Page>;
  /** The panel showing large.png (3000×1800), once it has posted the copy the model sees. */
  readonly openPreparedPanel: (
    theme?: string,
    viewport?: { width: number; height: number },
  ) => Promise<Page>;
  /** The markdown harness page (markdownHarness.browser.ts): the renderers on their own. */
  readonly openMarkdownHarness: () => Promise<Page>;
  readonly screenshot: (target: Page, name: string) => Promise<Buffer>;
}

export function panelPageSuite(): PanelPageSuite {
  const contexts: BrowserContext[] = [];
  const images: Record<string, ServedImage> = {
    'large.png': { body: diagramPng(3000, 1800), type: 'image/png' },
    'small.png': { body: diagramPng(320, 200), type: 'image/png' },
    'unsized.svg': { body: SVG_WITHOUT_SIZE, type: 'image/svg+xml' },
    'broken.png': { body: Buffer.from('not an image at all'), type: 'image/png' },
  };

  const harness = pageHarness(images, {
    output: OUTPUT,
    // Made once the server's origin is known: its script would call back to it if it ran.
    started: (server) =>
      void (images['scripted.svg'] = { body: scriptedSvg(server.origin), type: 'image/svg+xml' }),
  });

  const open = async (...args: Parameters<typeof openPage>): Promise<Page> => {
    const opened = await openPage(...args);
    contexts.push(opened.page.context());
    suite.errors = opened.errors;
    return opened.page;
  };

  const suite: PanelPageSuite = {
    get server() {
      return harness.server;
    },
    get browser() {
      return harness.browser;
    },
    images,
    errors: [],
    init: (name, turns = [], shownAs = name) =>
      imageInit(suite.server, images, name, { turns, shownAs }),
    openPanel: (theme = 'dark', viewport = { width: 1280, height: 820 }, l10nBundle) =>
      open(suite.browser, suite.server, 'panel', { theme, viewport, l10n: l10nBundle }),
    openPreparedPanel: async (theme = 'dark', viewport) => {
      const opened = await suite.openPanel(theme, viewport);
      await deliver(opened, suite.init('large.png'));
      await waitForPost(opened, 'image/prepared');
      return opened;
    },
    openMarkdownHarness: () => open(suite.browser, suite.server, 'markdownHarness'),
    screenshot: (target, name) =>
      target.screenshot({ path: path.join(OUTPUT, `panel-${name}.png`) }),
  };

  afterEach(async () => {
    const errors = suite.errors;
    suite.errors = [];
    for (const context of contexts.splice(0)) {
      await context.close().catch(() => undefined);
    }
    assert.deepEqual(errors, [], 'no script errors or CSP violations');
  });

  return suite;
}

/** Pixels of a crop of large.png (diagramPng 3000×1800) that differ from the source region. */
export function largeCropMismatches(dataUrl: string, box: Box): Promise<number> {
  return cropMismatches(Buffer.from(dataUrl.split(',')[1], 'base64'), box, (x, y) =>
    diagramPixel(x, y, 3000, 1800),
  );
}

/** `text` cut into pieces of 1 to `maxLength` characters, the same for the same seed. */
export function randomChunks(text: string, seed: number, maxLength: number): string[] {
  let state = seed;
  const random = (): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const chunks: string[] = [];
  for (let index = 0; index < text.length;) {
    const length = 1 + Math.floor(random() * maxLength);
    chunks.push(text.slice(index, index + length));
    index += length;
  }
  return chunks;
}

/** Delivers `chunks` as deltas of one kind, letting a frame pass every `framesEvery` of them. */
export async function stream(
  page: Page,
  type: 'turn/reasoningDelta' | 'turn/answerDelta',
  turnId: string,
  chunks: readonly string[],
  framesEvery = 7,
): Promise<void> {
  await page.evaluate(
    async ([kind, id, parts, every]) => {
      const host = (globalThis as any).__host;
      for (let index = 0; index < parts.length; index++) {
        host.deliver({ type: kind, turnId: id, text: parts[index] });
        if (index % every === every - 1) {
          await new Promise((resolve) => (globalThis as any).requestAnimationFrame(resolve));
        }
      }
    },
    [type, turnId, chunks, framesEvery] as const,
  );
}
