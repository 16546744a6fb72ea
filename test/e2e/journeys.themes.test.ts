// The panel in Dark, Light and High Contrast: its colours come from the workbench theme, so the
// answer stays legible in each. Checked the way a reviewer would: a screenshot of each, the
// contrast of the text actually drawn (computed styles in the webview), and the stylesheet.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { textReply } from '../support/loopbackServer';
import {
  analyzeFromExplorer,
  ARCHITECTURE_ANSWER,
  journeyHooks,
  quickInput,
  typeIntoInput,
  setApiKeyFromPalette,
  type AnalysisPanel,
} from './journey';
import { REPO_ROOT, runCommandFromPalette, UI_TIMEOUT_MS } from './workbench';

const THEMES = [
  // label in "Preferences: Color Theme", ids (workbench.colorTheme), the workbench's theme class.
  // VS Code 1.100 calls the Modern themes "Default Dark Modern" and "Default Light Modern"; later
  // releases (1.139 here) dropped "Default " from their ids and migrate the old setting value.
  {
    file: 'theme-dark',
    label: 'Dark Modern',
    ids: ['Default Dark Modern', 'Dark Modern'],
    workbenchClass: 'vs-dark',
  },
  {
    file: 'theme-light',
    label: 'Light Modern',
    ids: ['Default Light Modern', 'Light Modern'],
    workbenchClass: 'vs',
  },
  {
    file: 'theme-high-contrast',
    label: 'Dark High Contrast',
    ids: ['Default High Contrast'],
    workbenchClass: 'hc-black',
  },
] as const;

/** What is read in each theme: text in the answer and the task it answers. */
const SAMPLES: Readonly<Record<string, string>> = {
  'answer paragraph': '[role="region"][aria-label="Answer"] p',
  'answer heading': '[role="region"][aria-label="Answer"] h2',
  'answer list item': '[role="region"][aria-label="Answer"] li',
  'answer table header': '[role="region"][aria-label="Answer"] th',
  'answer table cell': '[role="region"][aria-label="Answer"] td',
  'task of the turn': 'article .turn-task',
};

const MIN_CONTRAST = 4.5; // WCAG AA for body text

describe('journeys: themes in a real workbench', function () {
  const journey = journeyHooks();

  it('journey 8: the panel is legible in Dark+, Light+ and High Contrast, with colours from the theme', async () => {
    const { page, server, screenshot } = await journey.start({ theme: 'dark' });
    await setApiKeyFromPalette(page, server, 'sk-journey-8');
    server.enqueue(
      textReply(ARCHITECTURE_ANSWER, {
        reasoning: 'Reading the diagram left to right.',
        chunkSize: 40,
      }),
    );
    const panel = await analyzeFromExplorer(page, 'architecture.png');
    const turn = await panel.ask('explain this architecture');
    await panel.waitForRenderedAnswer(turn, 'Overview');
    await panel.waitUntilIdle();

    const backgrounds = new Map<string, string>();
    for (const [index, theme] of THEMES.entries()) {
      // The first theme comes from the user settings; the others are picked as a person does.
      if (index > 0) await chooseColorTheme(page, theme.label);
      await page
        .locator(`.monaco-workbench.${theme.workbenchClass}`)
        .waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
      await panel.frame
        .locator(theme.ids.map((id) => `body[data-vscode-theme-id="${id}"]`).join(', '))
        .waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
      await screenshot(theme.file);

      const measured = await measureContrast(panel);
      for (const sample of measured) {
        assert.ok(
          sample.ratio >= MIN_CONTRAST,
          `${theme.label}: ${sample.name} is ${sample.color} on ${sample.background}, contrast ${sample.ratio.toFixed(2)} < ${MIN_CONTRAST}`,
        );
      }
      console.log(
        `      ${theme.label}: contrast ${measured.map((sample) => `${sample.name} ${sample.ratio.toFixed(1)}`).join(', ')}`,
      );
      backgrounds.set(theme.label, measured[0].background);
    }
    assert.equal(
      new Set(backgrounds.values()).size,
      THEMES.length,
      `the panel's background follows the theme: ${JSON.stringify([...backgrounds])}`,
    );

    // The stylesheet takes its colours from the workbench: --vscode-* variables, nothing fixed.
    const css = fs.readFileSync(path.join(REPO_ROOT, 'media', 'panel.css'), 'utf8');
    assert.deepEqual(
      hardCodedColours(css),
      [],
      'media/panel.css uses no hard-coded colour (only var(--vscode-…), transparent, currentColor)',
    );
    assert.ok(
      (css.match(/var\(--vscode-[\w-]+/g) ?? []).length >= 10,
      'media/panel.css colours come from --vscode-* variables',
    );
  });
});

async function chooseColorTheme(page: Page, label: string): Promise<void> {
  await runCommandFromPalette(page, 'Preferences: Color Theme');
  const pick = quickInput(page);
  await pick.input.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await typeIntoInput(pick.input, label);
  // "Light Modern, light themes" in 1.100; just "Light Modern" in 1.139.
  const option = pick.widget.getByRole('option', { name: new RegExp(`^${label}(,|$)`) });
  await option.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await option.click();
  await pick.widget.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}

// ── Contrast, from what the webview computed ──────────────────────────────────────────────

interface Measured {
  readonly name: string;
  readonly color: string;
  readonly background: string;
  readonly ratio: number;
}

interface Rgba {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly a: number;
}

async function measureContrast(panel: AnalysisPanel): Promise<Measured[]> {
  const styles = await panel.frame.evaluate((samples) => {
    const doc = (globalThis as any).document;
    const view = (globalThis as any).window;
    return Object.entries(samples).map(([name, selector]) => {
      const element = doc.querySelector(selector);
      if (!element) return { name, selector, color: '', opacity: 1, backgrounds: [] as string[] };
      const backgrounds: string[] = [];
      let opacity = 1;
      for (let node = element; node; node = node.parentElement) {
        const style = view.getComputedStyle(node);
        backgrounds.push(style.backgroundColor);
        opacity *= Number(style.opacity);
      }
      return {
        name,
        selector,
        color: view.getComputedStyle(element).color as string,
        opacity,
        backgrounds,
      };
    });
  }, SAMPLES);
  return styles.map(({ name, selector, color, opacity, backgrounds }) => {
    assert.ok(color, `the panel shows no ${name} (${selector})`);
    const background = effectiveBackground(backgrounds.map(parseColour), name);
    const text = parseColour(color);
    const drawn = over({ ...text, a: text.a * opacity }, background);
    return { name, color, background: css(background), ratio: contrastRatio(drawn, background) };
  });
}

/**
 * Composites the element's and its ancestors' backgrounds (innermost first) down to an opaque one.
 */
function effectiveBackground(layers: Rgba[], name: string): Rgba {
  const opaque = layers.findIndex((layer) => layer.a >= 1);
  assert.ok(opaque >= 0, `no opaque background behind the ${name}`);
  let colour = layers[opaque];
  for (let index = opaque - 1; index >= 0; index--) colour = over(layers[index], colour);
  return colour;
}

function over(top: Rgba, bottom: Rgba): Rgba {
  const mix = (a: number, b: number) => a * top.a + b * (1 - top.a);
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1 };
}

function parseColour(value: string): Rgba {
  const alpha = (text: string | undefined) =>
    text === undefined ? 1 : text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  let match = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(
    value,
  );
  if (match)
    return { r: Number(match[1]), g: Number(match[2]), b: Number(match[3]), a: alpha(match[4]) };
  match = /^color\(srgb\s+([\d.e-]+)\s+([\d.e-]+)\s+([\d.e-]+)(?:\s*\/\s*([\d.]+%?))?\s*\)$/.exec(
    value,
  );
  if (match)
    return {
      r: Number(match[1]) * 255,
      g: Number(match[2]) * 255,
      b: Number(match[3]) * 255,
      a: alpha(match[4]),
    };
  throw new Error(`cannot read the computed colour "${value}"`);
}

function css({ r, g, b }: Rgba): string {
  return `rgb(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)})`;
}

/** WCAG 2 contrast ratio of two opaque colours. */
function contrastRatio(first: Rgba, second: Rgba): number {
  const luminance = ({ r, g, b }: Rgba) => {
    const channel = (value: number) => {
      const c = value / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}

// ── The stylesheet ────────────────────────────────────────────────────────────────────────

const NAMED_COLOURS = new Set(
  (
    'aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown burlywood ' +
    'cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan darkgoldenrod darkgray ' +
    'darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen ' +
    'darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue ' +
    'firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite gold goldenrod gray green greenyellow grey honeydew ' +
    'hotpink indianred indigo ivory khaki lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan ' +
    'lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray ' +
    'lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon mediumaquamarine mediumblue ' +
    'mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen mediumturquoise mediumvioletred ' +
    'midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid ' +
    'palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum powderblue purple ' +
    'rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue ' +
    'slateblue slategray slategrey snow springgreen steelblue tan teal thistle tomato turquoise violet wheat white ' +
    'whitesmoke yellow yellowgreen canvas canvastext linktext visitedtext activetext buttonface buttontext field fieldtext ' +
    'highlight highlighttext graytext'
  ).split(' '),
);

/**
 * Declarations in `css` whose value is a colour written out (hex, rgb()/hsl()/…, or a colour name).
 */
export function hardCodedColours(css: string): string[] {
  const found: string[] = [];
  for (const block of css.matchAll(/\{([^{}]*)\}/g)) {
    // A rule for something drawn over the user's image, which no theme colours, may say so.
    if (block[1].includes('/* theme-independent:')) continue;
    const body = block[1].replace(/\/\*[\s\S]*?\*\//g, '');
    for (const declaration of body.split(';')) {
      const colon = declaration.indexOf(':');
      if (colon < 0) continue;
      const property = declaration.slice(0, colon).trim();
      const value = declaration.slice(colon + 1).trim();
      // Variable names (--vscode-editor-foreground) are references, not colours.
      const literal = value.replace(/--[\w-]+/g, '');
      const words = literal.toLowerCase().match(/[a-z]+/g) ?? [];
      if (
        /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(/i.test(literal) ||
        words.some((word) => NAMED_COLOURS.has(word))
      ) {
        found.push(`${property}: ${value}`);
      }
    }
  }
  return found;
}
