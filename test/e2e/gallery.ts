// `npm run gallery`: pictures of every view people meet, in the dark, light and high-contrast
// themes, written to docs/gallery/*.png with an index (docs/gallery/index.md), and the contrast
// of their text and of the outlines drawn over the image measured on those pictures' pixels
// (WCAG AA: 4.5:1 for text, 3:1 for outlines). The webviews run in Chromium under the same
// harness as the page tests (webviewPage.ts); exits non-zero when a picture is below AA.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { imagePolicy } from '../../src/core/imageLimits';
import type { ConversationInitMessage, HostToWebview } from '../../src/core/protocol';
import { drawioSvg } from '../support/diagramFixtures';
import { markedPng } from '../support/markedImages';
import {
  designDocument,
  encryptedDocument,
  manyPagesDocument,
  slowPageDocument,
} from '../support/pdfFixtures';
import { multiPageTiff } from '../support/tiffFixtures';
import { importSupportScript } from '../support/supportScripts';
import { outlineContrast, textContrast, type TextRun } from './contrast';
import { overlayRects } from './markedImageOnScreen';
import { ANSWER, NO_API_KEY_ERROR } from './panelPage.fixtures';
import { THEMES } from './vscodeWebviewStyles';
import { decodeImage } from './pixelMeasure';
import {
  buildBundles,
  deliver,
  imageInit,
  launchChromium,
  nextFrames,
  openPage,
  ROOT,
  startServer,
  waitForAttachmentPrepared,
  waitForPost,
  type Server,
  type ServedImage,
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
  readonly images: Record<string, ServedImage>;
}

export interface Measured {
  readonly scene: string;
  readonly theme: string;
  readonly file: string;
  readonly worstText?: { ratio: number; text: string };
  readonly worstOutline?: { ratio: number; what: string };
  readonly below: string[];
}

/** What the panel is told when the provider is VS Code's own language models. */
const LANGUAGE_MODELS = {
  model: 'gpt-4.1',
  imagePolicy: imagePolicy({ maxSide: 1568, provider: 'vscode' }),
} as const;

async function showImage(
  page: Page,
  name: string,
  context: SceneContext,
  provider: Partial<typeof LANGUAGE_MODELS> = {},
): Promise<void> {
  await deliver(page, { ...imageInit(context.server, context.images, name), ...provider });
  await waitForPost(page, 'image/prepared');
  await nextFrames(page, 3);
}

/** A scene of the wide panel showing architecture.png, then whatever `then` adds. */
function architectureScene(
  name: string,
  title: string,
  then: (page: Page, context: SceneContext) => Promise<void>,
): Scene {
  return {
    name,
    title,
    page: 'panel',
    viewport: WIDE,
    act: async (page, context) => {
      await showImage(page, 'architecture.png', context);
      await then(page, context);
    },
  };
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
  architectureScene(
    'panel-wide',
    'Analysis panel, wide: the diagram beside an answered turn',
    answered,
  ),
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
  architectureScene(
    'region-selected',
    'A region selected by dragging, ready to ask about',
    async (page) => {
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
  ),
  architectureScene(
    'grounding-hover',
    'Show on diagram: hovering a name outlines its component',
    async (page) => {
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
  ),
  {
    name: 'zoom-trail',
    title:
      'The model zoomed into the original: its trail outlined, the crops listed, the cost beside Analyze',
    page: 'panel',
    viewport: WIDE,
    act: async (page, context) => {
      const name = 'architecture.png';
      const body = context.images[name].body;
      // A PNG's size is in its header (IHDR).
      const size = { width: body.readUInt32BE(16), height: body.readUInt32BE(20) };
      const zoom = (label: number, box: [number, number, number, number]) => {
        const [ymin, xmin, ymax, xmax] = box;
        const x = Math.floor((xmin * size.width) / 1000);
        const y = Math.floor((ymin * size.height) / 1000);
        const width = Math.ceil((xmax * size.width) / 1000) - x;
        const height = Math.ceil((ymax * size.height) / 1000) - y;
        return { label, image: 1, box, region: { x, y, width, height }, sent: { width, height } };
      };
      await deliver(page, {
        ...imageInit(context.server, context.images, name),
        imagePolicy: {
          maxSide: 1568,
          maxBytes: 20 * 1024 * 1024,
          maxPixels: 64_000_000,
          maxFileBytes: 50 * 1024 * 1024,
          detail: 'auto',
          zoom: true,
        },
        cost: { rule: 'openaiTiles', inputPricePerMillion: 2.5, maxZooms: 3 },
      } as HostToWebview);
      await waitForPost(page, 'image/prepared');
      await deliver(
        page,
        { type: 'turn/started', turnId: 'z1', task: 'what are the labels on the arrows?' },
        {
          type: 'turn/zoomed',
          turnId: 'z1',
          zooms: [zoom(1, [330, 380, 520, 620]), zoom(2, [780, 580, 960, 820])],
        },
        {
          type: 'turn/answerDelta',
          turnId: 'z1',
          text: 'Zoomed in, the arrow from the **API Gateway** to the services reads `HTTPS`, and the one into **Postgres** reads `orders (SQL)`.',
        },
        { type: 'turn/usage', turnId: 'z1', usage: { promptTokens: 3521, completionTokens: 212 } },
        { type: 'turn/ended', turnId: 'z1', status: 'done' },
      );
      await page.locator('.zoom-crop img:not([hidden])').nth(1).waitFor();
      await page
        .getByRole('textbox', { name: 'Task' })
        .fill('and which service talks to the queue?');
      await page.getByRole('button', { name: 'Zoom 2', exact: true }).hover();
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
  architectureScene('mermaid', 'A Mermaid diagram from the answer, drawn', async (page) => {
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
  }),
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
        thumbnails.push((await waitForAttachmentPrepared(page, `i${index}`)).thumbnail!);
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
    name: 'pdf-pages',
    title: 'A PDF: its pages in a strip, pages 2 and 3 chosen, page 2 shown',
    page: 'panel',
    viewport: WIDE,
    act: async (page, context) => {
      const message = imageInit(
        context.server,
        context.images,
        'design.pdf',
      ) as ConversationInitMessage;
      await deliver(page, { ...message, image: { ...message.image!, pages: [2, 3] } });
      await waitForPost(page, 'image/prepared');
      await page.waitForSelector('.page-thumb[data-page="6"][data-drawn="true"]');
    },
  },
  {
    name: 'pdf-long-sent',
    title: 'A 5,000-page PDF after a question: the first 200 pages listed, the chosen ones kept',
    page: 'panel',
    viewport: { width: 640, height: 900 },
    act: async (page, context) => {
      await deliver(page, imageInit(context.server, context.images, 'manual.pdf'));
      await waitForPost(page, 'image/prepared');
      await answered(page);
      await page.waitForSelector('.page-thumb[data-page="3"][data-drawn="true"]');
    },
  },
  {
    name: 'error-pdf-password',
    title: 'Error: a password-protected PDF',
    page: 'panel',
    viewport: WIDE,
    act: async (page, context) => {
      await deliver(page, imageInit(context.server, context.images, 'secret.pdf'));
      await waitForPost(page, 'image/prepareFailed');
    },
  },
  {
    name: 'error-pdf-page-slow',
    title: 'Error: a PDF page that takes too long to draw (the deadline shortened to 3 s)',
    page: 'panel',
    viewport: WIDE,
    act: async (page, context) => {
      // The panel's deadline is 20 s; the page tests shorten it the same way (pdfPages.test.ts).
      await page
        .locator('body')
        .evaluate((body) => body.setAttribute('data-pdf-page-timeout-ms', '3000'));
      await page.getByRole('textbox', { name: 'Task' }).fill('explain the checkout flow');
      await deliver(page, imageInit(context.server, context.images, 'slow.pdf', { pages: [2] }));
      await waitForPost(page, 'image/prepareFailed');
      await page.waitForSelector('.page-thumb[data-page="3"][data-drawn="true"]');
    },
  },
  {
    name: 'vscode-language-models-panel',
    title:
      'VS Code language models: the copy prepared as VS Code passes it (short side 768), an answer, tokens counted by the model',
    page: 'panel',
    viewport: WIDE,
    act: async (page, context) => {
      await showImage(page, 'architecture.png', context, LANGUAGE_MODELS);
      await deliver(
        page,
        { type: 'turn/started', turnId: 'v1', task: 'explain this architecture' },
        { type: 'turn/answerDelta', turnId: 'v1', text: ANSWER },
        { type: 'turn/usage', turnId: 'v1', usage: { promptTokens: 1_148, completionTokens: 402 } },
        { type: 'turn/ended', turnId: 'v1', status: 'done' },
      );
    },
  },
  {
    name: 'error-language-model-consent',
    title: 'VS Code language models: access not allowed, and how to allow it',
    page: 'panel',
    viewport: WIDE,
    act: async (page, context) => {
      await showImage(page, 'architecture.png', context, LANGUAGE_MODELS);
      await failedTurn(page, {
        code: 'unauthorized',
        message:
          'VS Code did not let Multimodal Reasoning use GPT-4.1 (copilot): access was not allowed. Ask again and choose Allow when VS Code asks, or allow it in the Accounts menu under Manage Language Model Access.',
        actions: ['retry', 'chooseProvider'],
      });
    },
  },
  {
    name: 'error-image-unreadable',
    title: 'Error: the file is not an image the panel can read',
    page: 'panel',
    viewport: WIDE,
    act: async (page, context) => {
      await deliver(page, imageInit(context.server, context.images, 'broken.png'));
      await waitForPost(page, 'image/prepareFailed');
    },
  },
  architectureScene('error-no-api-key', 'Error: no API key for the endpoint', async (page) => {
    await deliver(page, {
      type: 'request/failed',
      task: 'explain this architecture',
      error: NO_API_KEY_ERROR,
    });
  }),
  architectureScene(
    'error-unauthorized',
    'Error: the endpoint rejected the key (401), with Set API Key and Retry',
    async (page) => {
      await failedTurn(page, {
        code: 'unauthorized',
        message:
          'The endpoint rejected the API key for https://api.example.com. Set a valid key and retry.',
        actions: ['setApiKey', 'retry'],
        status: 401,
      });
    },
  ),
  architectureScene(
    'error-rate-limited',
    'Rate limited (429): a visible, cancellable wait',
    async (page) => {
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
  ),
  architectureScene('error-connection', 'Error: nothing listens at the endpoint', async (page) => {
    await failedTurn(page, {
      code: 'connectionRefused',
      message:
        'Nothing is listening at http://localhost:11434 (connection refused). Start the server, or check the base URL, then retry.',
      actions: ['openSettings', 'retry'],
    });
  }),
  architectureScene(
    'error-mermaid',
    'A Mermaid diagram that does not render says why',
    async (page) => {
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
  ),
];

/** Pictures of the workbench a journey writes here (they need VS Code itself, not a page). */
const WORKBENCH_PICTURES = [
  {
    name: 'vscode-language-models-choose-provider',
    title: 'Choose Provider on VS Code 1.139: VS Code language models first',
  },
  {
    name: 'vscode-language-models-consent',
    title: "VS Code's consent prompt before the first request to a gated model",
  },
  {
    name: 'vscode-language-models-answer',
    title: 'The answer from a VS Code language model in the analysis panel',
  },
  {
    name: 'analyze-image-tool-in-chat',
    title: "VS Code's chat offers the analyze_image tool as #analyzeImage",
  },
] as const;

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
      const rects = [...range.getClientRects()];
      // A node that wraps has a rectangle per line; each is measured with the words on it.
      const lineText = (rect: any): string => {
        if (rects.length === 1) return text;
        let inLine = '';
        const data = String(node.data);
        for (let index = 0; index < data.length; index++) {
          range.setStart(node, index);
          range.setEnd(node, index + 1);
          const glyph = range.getBoundingClientRect();
          if (
            glyph.width > 0 &&
            Math.abs(glyph.y + glyph.height / 2 - (rect.y + rect.height / 2)) < rect.height / 2
          )
            inLine += data[index];
        }
        return inLine.trim();
      };
      for (const rect of rects) {
        if (rect.width < 4 || rect.height < 6) continue;
        // A line holding only punctuation (the comma left at a line's end) has too few pixels of
        // ink, all of them anti-aliased, to say what colour the text is.
        if (!/[\p{L}\p{N}]/u.test(lineText(rect))) continue;
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
    // Those a hovered crop does not fade (as for grounding, the faded ones step back on purpose).
    [
      'zoom outline',
      '.overlay-zooms:not(.focused) rect.overlay-zoom, .overlay-zoom-group.active rect.overlay-zoom',
    ],
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

/** One picture the gallery drew, and what it measured on it. */
export interface GalleryPicture extends Measured {
  /** Errors the page threw while the scene was acted. */
  readonly pageErrors: readonly string[];
}

/**
 * Draws every scene (or those whose name contains `only`) in every theme into `outDir`, and
 * measures each picture's contrast. `npm run gallery` writes docs/gallery with it; the e2e tier
 * draws into test-output, so CI sees a view fall below AA or throw the day it does.
 */
export async function drawGallery(outDir: string, only?: string): Promise<GalleryPicture[]> {
  fs.mkdirSync(outDir, { recursive: true });
  const sample = await importSupportScript<{ renderArchitecturePng(): Buffer }>(
    'sample-diagram.mjs',
  );
  const images: SceneContext['images'] = {
    'architecture.png': { body: sample.renderArchitecturePng(), type: 'image/png' },
    'broken.png': { body: Buffer.from('not an image at all'), type: 'image/png' },
    'checkout.drawio.svg': { body: drawioSvg(true), type: 'image/svg+xml' },
    'scan.tiff': { body: await multiPageTiff(1200, 800), type: 'image/tiff' },
    'design.pdf': { body: designDocument(6), type: 'application/pdf' },
    'manual.pdf': { body: manyPagesDocument(5000), type: 'application/pdf' },
    'secret.pdf': { body: encryptedDocument(), type: 'application/pdf' },
    'slow.pdf': { body: slowPageDocument(), type: 'application/pdf' },
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
  const results: GalleryPicture[] = [];
  try {
    for (const scene of SCENES.filter((s) => !only || s.name.includes(only))) {
      for (const theme of Object.keys(THEMES)) {
        const { page, errors } = await openPage(browser, server, scene.page, {
          theme,
          viewport: scene.viewport,
        });
        const pageErrors = errors;
        await scene.act(page, { server, images });
        await nextFrames(page, 3);
        const file = path.join(outDir, `${scene.name}-${theme}.png`);
        await page.screenshot({ path: file });
        const result = { ...(await measure(page, file, scene, theme)), pageErrors };
        results.push(result);
        console.log(
          `${path.basename(file)}: text ${result.worstText?.ratio.toFixed(2) ?? '-'}:1, outline ${result.worstOutline?.ratio.toFixed(2) ?? '-'}:1${result.below.length ? `  BELOW AA: ${result.below.join('; ')}` : ''}${pageErrors.length ? `  page errors: ${pageErrors.join('; ')}` : ''}`,
        );
        await page.context().close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return results;
}

/** The scenes' names, for the test that expects a picture of each in each theme. */
export const GALLERY_SCENES: readonly string[] = SCENES.map((scene) => scene.name);

async function main(): Promise<void> {
  const only = process.argv[2];
  const results = await drawGallery(OUT, only);
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
  const workbench = WORKBENCH_PICTURES.filter((picture) =>
    fs.existsSync(path.join(OUT, `${picture.name}.png`)),
  );
  if (workbench.length) {
    lines.push(
      '## In the workbench',
      '',
      "VS Code's own parts (quick picks, dialogs, the chat) around the panel, in the dark theme: taken",
      'by journeys 14 and 15 (`test/e2e/journeys.languageModels.test.ts`) on the newest VS Code with',
      '`MMR_UPDATE_GALLERY=1 node test/support/run-e2e.mjs --vscode newest --grep "journey 1[45]"`.',
      '',
    );
    for (const picture of workbench)
      lines.push(`### ${picture.title}`, '', `![${picture.name}](${picture.name}.png)`, '');
  }
  fs.writeFileSync(path.join(OUT, 'index.md'), `${lines.join('\n')}\n`);
  fs.writeFileSync(
    path.join(OUT, 'contrast.json'),
    `${JSON.stringify({ textAA: TEXT_AA, outlineAA: OUTLINE_AA, worstText, worstOutline, pictures: results }, null, 1)}\n`,
  );
}

// Run as `npm run gallery`; imported by the e2e test, it only exports.
if (require.main === module) {
  void main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
