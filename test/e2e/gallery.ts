// `npm run gallery`: pictures of every view people meet, in the dark, light and high-contrast
// themes, written to docs/gallery/*.png with an index (docs/gallery/index.md), and the contrast
// of their text and of the outlines drawn over the image measured on those pictures' pixels
// (WCAG AA: 4.5:1 for text, 3:1 for outlines). The webviews run in Chromium under the same
// harness as the page tests (webviewPage.ts); exits non-zero when a picture is below AA.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { HostToWebview } from '../../src/core/protocol';
import { drawioSvg } from '../support/diagramFixtures';
import { markedPng } from '../support/markedImages';
import { multiPageTiff } from '../support/tiffFixtures';
import { importSupportScript } from '../support/supportScripts';
import { outlineContrast, textContrast, type TextRun } from './contrast';
import { overlayRects } from './markedImageOnScreen';
import { ANSWER, THEMES } from './panelPage.fixtures';
import { decodeImage } from './pixelMeasure';
import {
  buildBundles,
  deliver,
  launchChromium,
  nextFrames,
  ROOT,
  startServer,
  waitForPost,
  type Server,
} from './webviewPage';

const OUT = path.join(ROOT, 'docs', 'gallery');
const TEXT_AA = 4.5;
const OUTLINE_AA = 3;
const WIDE = { width: 1280, height: 820 };

interface Scene {
  readonly name: string;
  readonly title: string;
  readonly page: 'panel' | 'chat';
  readonly viewport: { width: number; height: number };
  /** Puts the page into the state to show. */
  readonly act: (page: Page, context: SceneContext) => Promise<void>;
}

interface SceneContext {
  readonly server: Server;
  readonly images: Record<string, { body: Buffer; type: string }>;
}

interface Measured {
  readonly scene: string;
  readonly theme: string;
  readonly file: string;
  readonly worstText?: { ratio: number; text: string };
  readonly worstOutline?: { ratio: number; what: string };
  readonly below: string[];
}

function init(name: string, context: SceneContext, turns: unknown[] = []): HostToWebview {
  return {
    type: 'conversation/init',
    image: {
      name,
      src: `${context.server.resourceOrigin}/images/${name}`,
      mime: context.images[name].type,
      bytes: context.images[name].body.length,
    },
    turns: turns as never,
    model: 'gpt-4o',
    maxImageSide: 1568,
  };
}

async function showImage(page: Page, name: string, context: SceneContext): Promise<void> {
  await deliver(page, init(name, context));
  await waitForPost(page, 'image/prepared');
  await nextFrames(page, 3);
}

async function answered(page: Page): Promise<void> {
  await deliver(
    page,
    { type: 'turn/started', turnId: 't1', task: 'explain this architecture' },
    {
      type: 'turn/reasoningDelta',
      turnId: 't1',
      text: 'Boxes left to right: a CDN, a gateway, services, a database.',
    },
    { type: 'turn/answerDelta', turnId: 't1', text: ANSWER },
    { type: 'turn/usage', turnId: 't1', usage: { reasoningTokens: 512 } },
    { type: 'turn/ended', turnId: 't1', status: 'done', reasoningMs: 6400 },
  );
}

async function failedTurn(page: Page, error: Record<string, unknown>): Promise<void> {
  await deliver(
    page,
    { type: 'turn/started', turnId: 'e1', task: 'explain this architecture' },
    { type: 'turn/ended', turnId: 'e1', status: 'error', error: error as never },
  );
}

const SCENES: Scene[] = [
  {
    name: 'panel-wide',
    title: 'Analysis panel, wide: the diagram beside an answered turn',
    page: 'panel',
    viewport: WIDE,
    act: async (page, context) => {
      await showImage(page, 'architecture.png', context);
      await answered(page);
    },
  },
  {
    name: 'panel-narrow',
    title: 'Analysis panel, narrow: image above the conversation',
    page: 'panel',
    viewport: { width: 640, height: 900 },
    act: async (page, context) => {
      await showImage(page, 'architecture.png', context);
      await answered(page);
    },
  },
  {
    name: 'image-tall',
    title: 'A tall 600×3000 image, fitted in both dimensions',
    page: 'panel',
    viewport: WIDE,
    act: (page, context) => showImage(page, 'marked-600x3000.png', context),
  },
  {
    name: 'image-wide',
    title: 'A wide 4000×3000 photo-sized image, fitted',
    page: 'panel',
    viewport: WIDE,
    act: (page, context) => showImage(page, 'marked-4000x3000.png', context),
  },
  {
    name: 'region-selected',
    title: 'A region selected by dragging, ready to ask about',
    page: 'panel',
    viewport: WIDE,
    act: async (page, context) => {
      await showImage(page, 'architecture.png', context);
      await page.getByRole('button', { name: 'Select region' }).click();
      const image = (await page.locator('.image-content').boundingBox())!;
      await page.mouse.move(image.x + image.width * 0.33, image.y + image.height * 0.3);
      await page.mouse.down();
      await page.mouse.move(image.x + image.width * 0.62, image.y + image.height * 0.62, {
        steps: 5,
      });
      await page.mouse.up();
      await page.mouse.move(5, 5);
    },
  },
  {
    name: 'grounding-hover',
    title: 'Show on diagram: hovering a name outlines its component',
    page: 'panel',
    viewport: WIDE,
    act: async (page, context) => {
      await showImage(page, 'architecture.png', context);
      await deliver(
        page,
        {
          type: 'turn/started',
          turnId: 'g1',
          task: 'where are the single points of failure?',
          groundingRequested: true,
        },
        {
          type: 'turn/answerDelta',
          turnId: 'g1',
          text: 'Requests enter through the **API Gateway**; orders live in **Postgres**, a single instance.',
        },
        {
          type: 'turn/ended',
          turnId: 'g1',
          status: 'done',
          grounding: [
            { name: 'API Gateway', box: { left: 0.42, top: 0.37, right: 0.58, bottom: 0.49 } },
            { name: 'Postgres', box: { left: 0.62, top: 0.815, right: 0.785, bottom: 0.935 } },
          ],
        },
      );
      await page.locator('.grounded-name', { hasText: 'Postgres' }).first().hover();
    },
  },
  {
    name: 'tiles-preview',
    title: 'What the model sees: the overview with the full-resolution tiles outlined',
    page: 'panel',
    viewport: WIDE,
    act: async (page, context) => {
      await showImage(page, 'marked-4000x3000.png', context);
      await page.getByRole('button', { name: 'What the model sees' }).click();
    },
  },
  {
    name: 'diagram-source',
    title: "A draw.io diagram answered with its source: the turn's tag says the scene went too",
    page: 'panel',
    viewport: WIDE,
    act: async (page, context) => {
      await showImage(page, 'checkout.drawio.svg', context);
      await deliver(
        page,
        {
          type: 'turn/started',
          turnId: 's1',
          task: 'explain this architecture',
          diagramSources: [{ name: 'checkout.drawio.svg', format: 'drawio', items: 8 }],
        },
        {
          type: 'turn/answerDelta',
          turnId: 's1',
          text: 'The **Browser** calls the **API gateway** over HTTPS; the gateway calls the **Orders service** (REST), which keeps its data in **Orders DB** (SQL). Both services sit in the *Backend* container.',
        },
        { type: 'turn/ended', turnId: 's1', status: 'done' },
      );
    },
  },
  {
    name: 'tiff-pages',
    title:
      'A three-page TIFF scan on its second page, chosen with the page picker, and asked about',
    page: 'panel',
    viewport: WIDE,
    act: async (page, context) => {
      await showImage(page, 'scan.tiff', context);
      await page.getByRole('button', { name: 'Next page' }).click();
      await waitForPost(page, 'image/prepared', 2);
      await page.mouse.move(640, 700); // off the button: no hover in the picture
      await deliver(
        page,
        {
          type: 'turn/started',
          turnId: 'p1',
          task: 'what is on this page?',
          pages: [{ name: 'scan.tiff', number: 2, count: 3 }],
        },
        {
          type: 'turn/answerDelta',
          turnId: 'p1',
          text: 'Page 2 is green, with a dark bar across its upper third.',
        },
        { type: 'turn/ended', turnId: 'p1', status: 'done' },
      );
    },
  },
  {
    name: 'mermaid',
    title: 'A Mermaid diagram from the answer, drawn',
    page: 'panel',
    viewport: WIDE,
    act: async (page, context) => {
      await showImage(page, 'architecture.png', context);
      await deliver(
        page,
        { type: 'turn/started', turnId: 'm1', task: 'Generate Mermaid' },
        {
          type: 'turn/answerDelta',
          turnId: 'm1',
          text: '```mermaid\nflowchart LR\n  Browser --> CDN --> Gateway[API Gateway]\n  Gateway --> Auth[Auth Service]\n  Gateway --> Orders[Orders Service]\n  Orders --> DB[(Postgres)]\n```\n',
        },
        { type: 'turn/ended', turnId: 'm1', status: 'done' },
      );
      await page.locator('.mermaid-figure').first().waitFor({ state: 'visible', timeout: 30_000 });
      await page.waitForTimeout(500);
      await page.locator('.mermaid-figure').first().scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'side-chat-three-images',
    title: 'Side chat with three images attached and an answer',
    page: 'chat',
    viewport: { width: 420, height: 820 },
    act: async (page, context) => {
      const names = ['architecture.png', 'marked-1600x900.png', 'marked-600x3000.png'];
      for (const [index, name] of names.entries()) {
        const body = context.images[name].body;
        await deliver(page, {
          type: 'attachments/prepare',
          image: {
            id: `i${index}`,
            name,
            src: `data:image/png;base64,${body.toString('base64')}`,
            mime: 'image/png',
            bytes: body.length,
          },
        });
      }
      const thumbnails: string[] = [];
      for (const index of names.keys()) {
        const prepared = await page.waitForFunction(
          (id) =>
            (globalThis as any).__host.posted.find(
              (m: any) => m.type === 'attachments/prepared' && m.id === id,
            ),
          `i${index}`,
        );
        thumbnails.push(((await prepared.jsonValue()) as { thumbnail: string }).thumbnail);
      }
      await deliver(page, {
        type: 'attachments/list',
        attachments: names.map((name, index) => ({
          id: `i${index}`,
          name,
          thumbnail: thumbnails[index],
          sent: index === 0,
        })),
      });
      await deliver(
        page,
        { type: 'turn/started', turnId: 'c1', task: 'compare these images' },
        {
          type: 'turn/answerDelta',
          turnId: 'c1',
          text: '## Comparison\n\nThe first is the **architecture**; the other two are test cards with four coloured boxes.',
        },
        { type: 'turn/ended', turnId: 'c1', status: 'done' },
      );
    },
  },
  {
    name: 'history',
    title: 'History of conversations in the side view',
    page: 'chat',
    viewport: { width: 420, height: 820 },
    act: async (page, context) => {
      const thumbnail = `data:image/png;base64,${context.images['architecture.png'].body.toString('base64')}`;
      await deliver(page, {
        type: 'history/list',
        entries: [
          {
            id: 'h1',
            kind: 'panel',
            title: 'explain this architecture',
            imageNames: ['architecture.png'],
            thumbnail,
            model: 'gpt-4o',
            updatedAt: Date.UTC(2026, 11, 4, 15, 30),
            turnCount: 3,
          },
          {
            id: 'h2',
            kind: 'chat',
            title: 'compare these images',
            imageNames: ['architecture.png', 'marked-600x3000.png'],
            updatedAt: Date.UTC(2026, 11, 3, 9, 5),
            turnCount: 1,
          },
          {
            id: 'h3',
            kind: 'panel',
            title: 'where are the single points of failure?',
            imageNames: ['marked-1600x900.png'],
            updatedAt: Date.UTC(2026, 10, 28, 18, 0),
            turnCount: 2,
          },
        ],
      });
      await page.getByRole('button', { name: 'History' }).click();
    },
  },
  {
    name: 'error-image-unreadable',
    title: 'Error: the file is not an image the panel can read',
    page: 'panel',
    viewport: WIDE,
    act: async (page, context) => {
      await deliver(page, init('broken.png', context));
      await waitForPost(page, 'image/prepareFailed');
    },
  },
  {
    name: 'error-no-api-key',
    title: 'Error: no API key for the endpoint',
    page: 'panel',
    viewport: WIDE,
    act: async (page, context) => {
      await showImage(page, 'architecture.png', context);
      await deliver(page, {
        type: 'request/failed',
        task: 'explain this architecture',
        error: {
          code: 'noApiKey',
          message: 'No API key is set for https://api.example.com.',
          actions: ['setApiKey'],
        },
      });
    },
  },
  {
    name: 'error-unauthorized',
    title: 'Error: the endpoint rejected the key (401), with Set API Key and Retry',
    page: 'panel',
    viewport: WIDE,
    act: async (page, context) => {
      await showImage(page, 'architecture.png', context);
      await failedTurn(page, {
        code: 'unauthorized',
        message:
          'The endpoint rejected the API key for https://api.example.com. Set a valid key and retry.',
        actions: ['setApiKey', 'retry'],
        status: 401,
      });
    },
  },
  {
    name: 'error-rate-limited',
    title: 'Rate limited (429): a visible, cancellable wait',
    page: 'panel',
    viewport: WIDE,
    act: async (page, context) => {
      await showImage(page, 'architecture.png', context);
      await deliver(
        page,
        { type: 'turn/started', turnId: 'w1', task: 'where is the bottleneck?' },
        {
          type: 'turn/rateLimited',
          turnId: 'w1',
          seconds: 30,
          message:
            'https://api.example.com is rate limiting requests (429) and asked to wait 30 s.',
        },
      );
    },
  },
  {
    name: 'error-connection',
    title: 'Error: nothing listens at the endpoint',
    page: 'panel',
    viewport: WIDE,
    act: async (page, context) => {
      await showImage(page, 'architecture.png', context);
      await failedTurn(page, {
        code: 'connectionRefused',
        message:
          'Nothing is listening at http://localhost:11434 (connection refused). Start the server, or check the base URL, then retry.',
        actions: ['openSettings', 'retry'],
      });
    },
  },
  {
    name: 'error-mermaid',
    title: 'A Mermaid diagram that does not render says why',
    page: 'panel',
    viewport: WIDE,
    act: async (page, context) => {
      await showImage(page, 'architecture.png', context);
      await deliver(
        page,
        { type: 'turn/started', turnId: 'b1', task: 'Generate Mermaid', repairOf: 'b0' },
        {
          type: 'turn/answerDelta',
          turnId: 'b1',
          text: '```mermaid\nflowchart LR\n  A[Gateway --> B\n```\n',
        },
        { type: 'turn/ended', turnId: 'b1', status: 'done' },
      );
      await page.locator('.mermaid-figure.failed').first().waitFor({ timeout: 30_000 });
    },
  },
];

/** Every visible line of text on the page, with where it is (CSS pixels). */
function textRuns(page: Page): Promise<TextRun[]> {
  return page.evaluate(() => {
    const G = globalThis as any;
    const runs: { text: string; box: { x: number; y: number; width: number; height: number } }[] =
      [];
    const walker = G.document.createTreeWalker(G.document.body, 4 /* NodeFilter.SHOW_TEXT */);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = String(node.data).trim();
      const element = node.parentElement;
      if (!text || !element || element.closest('.visually-hidden, [hidden], svg, :disabled'))
        continue;
      const style = G.getComputedStyle(element);
      if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
      const range = G.document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) {
        if (rect.width < 4 || rect.height < 6) continue;
        if (rect.x < 0 || rect.y < 0 || rect.right > G.innerWidth || rect.bottom > G.innerHeight)
          continue;
        // Only text that is seen: not scrolled out of its pane, not under something else.
        const seen = G.document.elementFromPoint(rect.x + rect.width / 2, rect.y + rect.height / 2);
        if (!seen || !(seen === element || element.contains(seen) || seen.contains(element)))
          continue;
        runs.push({
          text: text.slice(0, 40),
          box: { x: rect.x, y: rect.y, width: rect.width, height: rect.height },
        });
      }
    }
    return runs;
  });
}

async function measure(page: Page, file: string, scene: Scene, theme: string): Promise<Measured> {
  const raster = await decodeImage(fs.readFileSync(file));
  const below: string[] = [];
  let worstText: Measured['worstText'];
  for (const run of await textRuns(page)) {
    const result = textContrast(raster, run.box);
    if (!result) continue;
    if (!worstText || result.ratio < worstText.ratio) {
      worstText = { ratio: result.ratio, text: run.text };
    }
    if (result.ratio < TEXT_AA) {
      below.push(`text "${run.text}" ${result.ratio.toFixed(2)}:1`);
    }
  }
  let worstOutline: Measured['worstOutline'];
  const outlines = [
    ['selection', '.overlay-selection'],
    ['grounding outline', '.overlay-component-group.active rect.overlay-component'],
    ['region outline', 'rect.overlay-region'],
  ] as const;
  for (const [what, selector] of outlines) {
    const locator = page.locator(selector);
    if ((await locator.count()) === 0 || !(await locator.first().isVisible())) continue;
    const widths = await locator.first().evaluate((rect: any) => {
      const halo = rect.parentElement.querySelector('.overlay-halo') ?? rect.previousElementSibling;
      return [rect, halo].map((element: any) =>
        parseFloat((globalThis as any).getComputedStyle(element).strokeWidth),
      );
    });
    for (const box of await overlayRects(locator)) {
      const result = outlineContrast(raster, box, widths[0], widths[1]);
      if (!result) continue;
      const ratio = Math.min(result.strokeVsHalo, result.outlineVsImage);
      if (!worstOutline || ratio < worstOutline.ratio) {
        worstOutline = {
          ratio,
          what: `${what}: stroke vs halo ${result.strokeVsHalo.toFixed(2)}, outline vs image ${result.outlineVsImage.toFixed(2)}`,
        };
      }
      if (ratio < OUTLINE_AA) below.push(`${what} ${ratio.toFixed(2)}:1`);
    }
  }
  return { scene: scene.name, theme, file: path.basename(file), worstText, worstOutline, below };
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const sample = await importSupportScript<{ renderArchitecturePng(): Buffer }>(
    'sample-diagram.mjs',
  );
  const images: SceneContext['images'] = {
    'architecture.png': { body: sample.renderArchitecturePng(), type: 'image/png' },
    'broken.png': { body: Buffer.from('not an image at all'), type: 'image/png' },
    'checkout.drawio.svg': { body: drawioSvg(true), type: 'image/svg+xml' },
    'scan.tiff': { body: await multiPageTiff(1200, 800), type: 'image/tiff' },
  };
  for (const [width, height] of [
    [1600, 900],
    [4000, 3000],
    [600, 3000],
  ]) {
    images[`marked-${width}x${height}.png`] = {
      body: await markedPng(width, height),
      type: 'image/png',
    };
  }
  await buildBundles();
  const server = await startServer(images);
  const browser: Browser = await launchChromium();
  const results: Measured[] = [];
  const only = process.argv[2];
  try {
    for (const scene of SCENES.filter((s) => !only || s.name.includes(only))) {
      for (const theme of Object.keys(THEMES)) {
        const context = await browser.newContext({
          viewport: scene.viewport,
          deviceScaleFactor: 1,
        });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(String(error)));
        await page.goto(`${server.origin}/${scene.page}.html?theme=${theme}`);
        await waitForPost(page, 'webview/ready');
        await scene.act(page, { server, images });
        await nextFrames(page, 3);
        const file = path.join(OUT, `${scene.name}-${theme}.png`);
        await page.screenshot({ path: file });
        const result = await measure(page, file, scene, theme);
        results.push(result);
        console.log(
          `${path.basename(file)}: text ${result.worstText?.ratio.toFixed(2) ?? '-'}:1, outline ${result.worstOutline?.ratio.toFixed(2) ?? '-'}:1${result.below.length ? `  BELOW AA: ${result.below.join('; ')}` : ''}${errors.length ? `  page errors: ${errors.join('; ')}` : ''}`,
        );
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  if (!only) writeIndex(results);
  const failing = results.filter((result) => result.below.length > 0);
  if (failing.length) {
    console.error(`${failing.length} pictures have text or outlines below WCAG AA`);
    process.exitCode = 1;
  }
}

function writeIndex(results: Measured[]): void {
  const themes = Object.keys(THEMES);
  const worstText = Math.min(...results.map((r) => r.worstText?.ratio ?? Infinity));
  const outlines = results.filter((r) => r.worstOutline);
  const worstOutline = Math.min(...outlines.map((r) => r.worstOutline!.ratio));
  const lines = [
    '# Gallery',
    '',
    'Every view, in the dark, light and high-contrast themes, as `npm run gallery` draws it: the',
    "webviews' production bundles and stylesheets in Chromium, under VS Code's own webview",
    "stylesheet. Contrast is measured on these pictures' pixels (WCAG AA: 4.5:1 for text, 3:1 for",
    `the outlines drawn over the image). Worst text contrast: **${worstText.toFixed(2)}:1**; worst outline: **${worstOutline.toFixed(2)}:1**.`,
    '',
  ];
  for (const scene of SCENES) {
    lines.push(`## ${scene.title}`, '');
    lines.push(`| ${themes.join(' | ')} |`, `|${themes.map(() => '---').join('|')}|`);
    lines.push(
      `| ${themes.map((theme) => `![${scene.name} ${theme}](${scene.name}-${theme}.png)`).join(' | ')} |`,
    );
    lines.push(
      `| ${themes
        .map((theme) => {
          const r = results.find((x) => x.scene === scene.name && x.theme === theme);
          const text = r?.worstText ? `text ≥ ${r.worstText.ratio.toFixed(2)}:1` : 'no text';
          const outline = r?.worstOutline ? `, outline ≥ ${r.worstOutline.ratio.toFixed(2)}:1` : '';
          return `${text}${outline}`;
        })
        .join(' | ')} |`,
      '',
    );
  }
  fs.writeFileSync(path.join(OUT, 'index.md'), `${lines.join('\n')}\n`);
  fs.writeFileSync(
    path.join(OUT, 'contrast.json'),
    `${JSON.stringify({ textAA: TEXT_AA, outlineAA: OUTLINE_AA, worstText, worstOutline, pictures: results }, null, 1)}\n`,
  );
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
