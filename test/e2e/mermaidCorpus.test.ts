// Every diagram of test/fixtures/mermaid (written the way models write them) drawn by the shipped
// Mermaid bundle and the webview's diagram code in a real Chromium, under the panel's CSP and
// stylesheet, in the dark, light and high-contrast themes, and checked by what is on the screen:
// the diagram's element has the drawing's aspect, and a screenshot of it holds ink spread over it.
// A broken image has no ink, so it cannot pass. A property test feeds random labels (markup,
// entities, quotes, unicode, very long text) into a flowchart: each one draws or says why, never
// silently.
//
// Run: npx tsc -p . && npx mocha --no-config --timeout 180000 out/test/e2e/mermaidCorpus.test.js
// Screenshots land in test-output/e2e/mermaid/<theme>-<diagram>.png.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { Page } from 'playwright-core';
import { labelContrastOn, measureInk } from './diagramInk';
import { openPage as openWebviewPage, pageHarness, ROOT } from './webviewPage';

const CORPUS = path.join(ROOT, 'test/fixtures/mermaid');
const OUTPUT = path.join(ROOT, 'test-output/e2e/mermaid');
/** The answer column's width in a default-size panel: wide diagrams are drawn smaller in it. */
const COLUMN_WIDTH = 640;

const corpus = fs
  .readdirSync(CORPUS)
  .filter((file) => file.endsWith('.mmd'))
  .sort()
  .map((file) => ({
    name: path.basename(file, '.mmd'),
    source: fs.readFileSync(path.join(CORPUS, file), 'utf8'),
  }));

interface Rendered {
  readonly failures: { source: string; error: string; unavailable: boolean }[];
}

async function renderAnswer(page: Page, answer: string): Promise<Rendered> {
  return page.evaluate((text) => (globalThis as any).mermaidHarness.renderAnswer(text), answer);
}

const fence = (source: string): string => `\`\`\`mermaid\n${source.replace(/\n?$/, '\n')}\`\`\`\n`;

/** What the reader sees of a drawn diagram: its element's size against the drawing's, and ink. */
async function looksDrawn(page: Page, screenshotPath: string): Promise<string[]> {
  const problems: string[] = [];
  const image = page.locator('.mermaid-figure .mermaid-image');
  if ((await image.count()) !== 1) {
    return [`no diagram image (${await page.locator('.mermaid-figure').innerText()})`];
  }
  const facts = await image.evaluate((element: any) => {
    const box = element.getBoundingClientRect();
    // The colour behind the drawing: the first ancestor that paints a background.
    let background = 'rgb(0, 0, 0)';
    for (let node = element.parentElement; node; node = node.parentElement) {
      const colour = (globalThis as any).getComputedStyle(node).backgroundColor as string;
      if (!/^rgba\(.*,\s*0\)$|^transparent$/.test(colour)) {
        background = colour;
        break;
      }
    }
    return {
      background: background.match(/\d+/g)!.slice(0, 3).map(Number),
      complete: element.complete as boolean,
      naturalWidth: element.naturalWidth as number,
      naturalHeight: element.naturalHeight as number,
      width: box.width as number,
      height: box.height as number,
    };
  });
  if (!facts.complete || facts.naturalWidth === 0 || facts.naturalHeight === 0) {
    return [`the image did not load (${facts.naturalWidth}×${facts.naturalHeight})`];
  }
  if (facts.width < 1 || facts.height < 1) {
    problems.push(`displayed at ${facts.width}×${facts.height}`);
  }
  const shownAspect = facts.width / facts.height;
  const naturalAspect = facts.naturalWidth / facts.naturalHeight;
  // Displayed boxes are whole-ish CSS pixels: allow one pixel of rounding on the short side.
  const tolerance = Math.max(0.01, 1 / Math.min(facts.width, facts.height));
  if (Math.abs(shownAspect / naturalAspect - 1) > tolerance) {
    problems.push(
      `drawn at aspect ${shownAspect.toFixed(3)}, the drawing's is ${naturalAspect.toFixed(3)}`,
    );
  }
  if (facts.width > COLUMN_WIDTH + 0.5) {
    problems.push(`wider (${facts.width} px) than the answer column`);
  }
  const [red, green, blue] = facts.background;
  const ink = await measureInk(
    await image.screenshot({ path: screenshotPath }),
    (red << 16) | (green << 8) | blue,
  );
  // A diagram's drawing fills its viewBox up to a small margin, so its ink spans most of the
  // element both ways and reaches most of a 4×4 grid; text and lines alone are a few percent.
  if (ink.fraction < 0.01) {
    problems.push(`only ${(ink.fraction * 100).toFixed(2)} % of its pixels are ink`);
  }
  if (ink.extent.width < 0.75 || ink.extent.height < 0.75) {
    problems.push(
      `its ink spans ${(ink.extent.width * 100).toFixed(0)} % × ${(ink.extent.height * 100).toFixed(0)} % of it`,
    );
  }
  if (ink.cellsWithInk < 8) {
    problems.push(`ink in ${ink.cellsWithInk} of 16 cells`);
  }
  return problems;
}

describe('Mermaid diagrams as models write them, drawn in Chromium', function () {
  this.timeout(180_000);

  const harness = pageHarness({}, { output: OUTPUT });
  let pageErrors: string[];

  async function openPage(theme: string): Promise<Page> {
    const { page, errors } = await openWebviewPage(
      harness.browser,
      harness.server,
      'mermaidHarness',
      {
        theme,
        viewport: { width: COLUMN_WIDTH + 40, height: 1800 },
      },
    );
    pageErrors = errors;
    await page.evaluate((width) => {
      const app = (globalThis as any).document.getElementById('app');
      app.style.width = `${width}px`;
      app.style.padding = '0';
    }, COLUMN_WIDTH);
    return page;
  }

  it(`has a corpus of at least 30 diagrams (${corpus.length})`, () => {
    assert.ok(corpus.length >= 30, `${corpus.length} diagrams`);
  });

  for (const theme of ['dark', 'light', 'high-contrast']) {
    it(`draws every diagram of the corpus with visible ink in the ${theme} theme`, async () => {
      const page = await openPage(theme);
      const problems: string[] = [];
      for (const diagram of corpus) {
        const { failures } = await renderAnswer(page, fence(diagram.source));
        if (failures.length > 0) {
          problems.push(`${diagram.name}: did not render: ${failures[0].error.split('\n')[0]}`);
          continue;
        }
        const shot = path.join(OUTPUT, `${theme}-${diagram.name}.png`);
        for (const problem of await looksDrawn(page, shot)) {
          problems.push(`${diagram.name}: ${problem}`);
        }
      }
      assert.deepEqual(problems, [], `of ${corpus.length} diagrams`);
      assert.deepEqual(pageErrors, []);
      await page.context().close();
    });
  }

  for (const theme of ['dark', 'light']) {
    it(`writes labels readably on fills the model chose without a text colour (${theme})`, async () => {
      const page = await openPage(theme);
      // Colours for a white page, as models write them; no `color:` for the text.
      const fills = { pale: 0xfcf3cf, dark: 0x2c3e50, mid: 0x3498db };
      const source = [
        'flowchart LR',
        '  A{Authenticated?} --> B[Deploy service] --> C[Load balancer]',
        '  classDef pale fill:#fcf3cf,stroke:#b7950b',
        '  style B fill:#2c3e50',
        '  classDef mid fill:#3498db',
        '  class A pale',
        '  class C mid',
      ].join('\n');
      const { failures } = await renderAnswer(page, fence(source));
      assert.deepEqual(failures, []);
      const shot = await page
        .locator('.mermaid-image')
        .screenshot({ path: path.join(OUTPUT, `${theme}-label-contrast.png`) });
      const contrasts: Record<string, string> = {};
      for (const [name, fill] of Object.entries(fills)) {
        contrasts[name] = (await labelContrastOn(shot, fill))?.toFixed(1) ?? 'no such fill';
      }
      for (const [name, ratio] of Object.entries(contrasts)) {
        assert.ok(Number(ratio) >= 4.5, `label on the ${name} fill: contrast ${ratio} (${theme})`);
      }
      await page.context().close();
    });
  }

  it('reports each way a picture can fail to show: not decodable, no size, nothing visible', async () => {
    const page = await openPage('dark');
    const svg = (body: string, size = 'width="40" height="20"'): string =>
      `<svg xmlns="http://www.w3.org/2000/svg" ${size} viewBox="0 0 40 20">${body}</svg>`;
    const cases = [
      // What Mermaid's HTML labels were before they were written out as XML.
      [svg('<foreignObject width="40" height="20"><div>a<br>b</div></foreignObject>'), 40, 20],
      [svg('<rect width="40" height="20"/>', 'width="0" height="0"'), 40, 20],
      [svg('<rect width="40" height="20" fill="none"/><text fill="transparent">x</text>'), 40, 20],
      [svg('<rect width="40" height="20" fill="#123"/>'), 40, 20],
    ] as const;
    const reasons = [];
    for (const [xml, width, height] of cases) {
      reasons.push(
        await page.evaluate(
          ([x, w, h]) => (globalThis as any).mermaidHarness.displayFailure(x, w, h),
          [xml, width, height] as const,
        ),
      );
    }
    assert.deepEqual(reasons, [
      'The browser could not display the picture Mermaid drew (its SVG did not decode).',
      'The picture Mermaid drew displays at no size (0×0 px).',
      'Mermaid drew an empty picture, with nothing visible in it.',
      undefined,
    ]);
    await page.context().close();
  });

  it('A09 · Mermaid labels of random markup, entities, quotes, unicode and 4,000-character text → each diagram draws or says why in the panel, never a silent broken image', async () => {
    const page = await openPage('dark');
    // Pieces models put in labels, and characters that break markup, in any order and length.
    const piece = fc.oneof(
      fc.constantFrom(
        '<br/>',
        '<br>',
        '<b>',
        '</b>',
        '<i>x</i>',
        '&amp;',
        '&nbsp;',
        '&lt;',
        '#quot;',
        "'",
        '&',
        '<',
        '>',
        '/',
        '(',
        ')',
        '%',
        '$',
        '@',
        '\\',
        ':',
        ';',
        '|',
        '🙂',
        '数据',
        'é',
        '→',
        '\u00a0',
        '\u200b',
        'xlink:href',
        '<a href="https://example.com">x</a>',
        ' ',
      ),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
    );
    const label = fc.array(piece, { minLength: 1, maxLength: 20 }).map((parts) => parts.join(''));
    const longLabel = fc.string({ unit: 'grapheme-ascii', minLength: 2000, maxLength: 4000 });
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 9, arbitrary: label }, longLabel), async (text) => {
        const quoted = text.replace(/"/g, '#quot;').replace(/\n/g, ' ');
        const source = `flowchart LR\n  A["${quoted}"] --> B[Next]\n  click A href "https://example.com/a"`;
        const { failures } = await renderAnswer(page, fence(source));
        if (failures.length > 0) {
          // A failure is said in the panel, in words, and would reach the repair turn.
          const shown = await page.locator('.mermaid-figure.failed').innerText();
          assert.match(shown, /did not render: \S/);
          assert.equal(await page.locator('.mermaid-figure img').count(), 0);
          return;
        }
        const drawn = await page.locator('.mermaid-image').evaluate((element: any) => ({
          width: element.naturalWidth as number,
          height: element.naturalHeight as number,
        }));
        assert.ok(drawn.width > 0 && drawn.height > 0, `drawn at ${drawn.width}×${drawn.height}`);
      }),
      { numRuns: 40, seed: 16 },
    );
    assert.deepEqual(pageErrors, []);
    await page.context().close();
  });
});
