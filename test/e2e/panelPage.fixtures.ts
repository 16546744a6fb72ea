// Fixtures for panelPage.test.ts: images made on the fly, the --vscode-* palettes a webview
// receives (abridged), and the markdown the tests stream. Node only (no DOM types).

// ── Images made for the test ───────────────────────────────────────────────────────────────

export { diagramPng, pngSize } from '../support/imageFixtures';

/** The colour (0xRRGGBB) of pixel (x, y) of diagramPng(width, height): the same drawing, computed. */
export function diagramPixel(x: number, y: number, width: number, height: number): number {
  const box = Math.floor(x / (width / 4)) % 2 === 0 && Math.floor(y / (height / 3)) % 2 === 1;
  const edge = x % Math.ceil(width / 12) < 3 || y % Math.ceil(height / 8) < 3;
  return box ? 0x2b5797 : edge ? 0x9aa5b1 : 0xf4f4f4;
}

export const SVG_WITHOUT_SIZE = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100"><rect x="10" y="10" width="120" height="80" fill="#2b5797"/>' +
    '<path d="M130 50h140" stroke="#333" stroke-width="4"/><rect x="270" y="10" width="120" height="80" fill="#c25"/>' +
    '<script>parent.postMessage("svg script ran", "*")</script></svg>',
);

// ── Themes: the variables VS Code defines for a webview, abridged ──────────────────────────

const COMMON_VARIABLES = {
  'font-family':
    '-apple-system, BlinkMacSystemFont, "Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
  'font-size': '13px',
  'font-weight': 'normal',
  'editor-font-family': '"Droid Sans Mono", "monospace", monospace',
  'editor-font-size': '13px',
};

export const THEMES: Record<string, { bodyClass: string; variables: Record<string, string> }> = {
  dark: {
    bodyClass: 'vscode-dark',
    variables: {
      foreground: '#cccccc',
      descriptionForeground: '#ccccccb3',
      errorForeground: '#f48771',
      focusBorder: '#007fd4',
      'charts-orange': '#d18616',
      'charts-blue': '#3794ff',
      'icon-foreground': '#c5c5c5',
      'editor-background': '#1e1e1e',
      'editor-foreground': '#d4d4d4',
      'sideBar-background': '#252526',
      'panel-border': '#80808059',
      'widget-border': '#303031',
      'editorWidget-border': '#454545',
      'input-background': '#3c3c3c',
      'input-foreground': '#cccccc',
      'input-placeholderForeground': '#a6a6a6',
      'inputOption-activeBackground': '#007fd466',
      'inputOption-activeBorder': '#007acc',
      'inputOption-activeForeground': '#ffffff',
      'button-background': '#0e639c',
      'button-foreground': '#ffffff',
      'button-hoverBackground': '#1177bb',
      'button-secondaryBackground': '#3a3d41',
      'button-secondaryForeground': '#ffffff',
      'button-secondaryHoverBackground': '#45494e',
      'textLink-foreground': '#3794ff',
      'textLink-activeForeground': '#3794ff',
      'textCodeBlock-background': '#0a0a0a66',
      'textPreformat-foreground': '#d7ba7d',
      'textPreformat-background': '#ffffff1a',
      'textBlockQuote-background': '#222222',
      'textBlockQuote-border': '#007acc80',
      'textSeparator-foreground': '#ffffff2e',
      'badge-background': '#4d4d4d',
      'badge-foreground': '#ffffff',
      'progressBar-background': '#0e70c0',
      'toolbar-hoverBackground': '#5a5d5e50',
      'list-hoverBackground': '#2a2d2e',
      'scrollbarSlider-background': '#79797966',
      'scrollbarSlider-hoverBackground': '#646464b3',
      'scrollbarSlider-activeBackground': '#bfbfbf66',
      'inputValidation-errorBackground': '#5a1d1d',
      'inputValidation-errorBorder': '#be1100',
      'inputValidation-warningBorder': '#b89500',
      'chat-requestBackground': '#1e1e1e9e',
      'chat-requestBorder': '#ffffff1a',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    variables: {
      foreground: '#616161',
      descriptionForeground: '#717171',
      errorForeground: '#a1260d',
      focusBorder: '#0090f1',
      'charts-orange': '#d18616',
      'charts-blue': '#1a85ff',
      'icon-foreground': '#424242',
      'editor-background': '#ffffff',
      'editor-foreground': '#000000',
      'sideBar-background': '#f3f3f3',
      'panel-border': '#80808059',
      'widget-border': '#d4d4d4',
      'editorWidget-border': '#c8c8c8',
      'input-background': '#ffffff',
      'input-foreground': '#616161',
      'input-border': '#cecece',
      'input-placeholderForeground': '#767676',
      'inputOption-activeBackground': '#0090f133',
      'inputOption-activeBorder': '#007acc',
      'inputOption-activeForeground': '#000000',
      'button-background': '#007acc',
      'button-foreground': '#ffffff',
      'button-hoverBackground': '#0062a3',
      'button-secondaryBackground': '#5f6a79',
      'button-secondaryForeground': '#ffffff',
      'button-secondaryHoverBackground': '#4c5561',
      'textLink-foreground': '#006ab1',
      'textLink-activeForeground': '#006ab1',
      'textCodeBlock-background': '#dcdcdc66',
      'textPreformat-foreground': '#a31515',
      'textPreformat-background': '#0000001a',
      'textBlockQuote-background': '#f2f2f2',
      'textBlockQuote-border': '#007acc80',
      'textSeparator-foreground': '#0000002e',
      'badge-background': '#c4c4c4',
      'badge-foreground': '#333333',
      'progressBar-background': '#0e70c0',
      'toolbar-hoverBackground': '#b8b8b850',
      'list-hoverBackground': '#e8e8e8',
      'scrollbarSlider-background': '#64646466',
      'scrollbarSlider-hoverBackground': '#646464b3',
      'scrollbarSlider-activeBackground': '#00000099',
      'inputValidation-errorBackground': '#f2dede',
      'inputValidation-errorBorder': '#be1100',
      'inputValidation-warningBorder': '#b89500',
      'chat-requestBackground': '#ffffff9e',
      'chat-requestBorder': '#0000001a',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    variables: {
      foreground: '#ffffff',
      descriptionForeground: '#ffffffb3',
      errorForeground: '#f48771',
      focusBorder: '#f38518',
      'charts-orange': '#d18616',
      'charts-blue': '#3794ff',
      contrastBorder: '#6fc3df',
      contrastActiveBorder: '#f38518',
      'icon-foreground': '#ffffff',
      'editor-background': '#000000',
      'editor-foreground': '#ffffff',
      'sideBar-background': '#000000',
      'panel-border': '#6fc3df',
      'widget-border': '#6fc3df',
      'input-background': '#000000',
      'input-foreground': '#ffffff',
      'input-border': '#6fc3df',
      'input-placeholderForeground': '#ffffffb3',
      'inputOption-activeBorder': '#6fc3df',
      'button-background': '#000000',
      'button-foreground': '#ffffff',
      'button-border': '#6fc3df',
      'button-secondaryBackground': '#000000',
      'button-secondaryForeground': '#ffffff',
      'textLink-foreground': '#21a6ff',
      'textLink-activeForeground': '#21a6ff',
      'textCodeBlock-background': '#000000',
      'textPreformat-foreground': '#ffffff',
      'textBlockQuote-background': '#000000',
      'textBlockQuote-border': '#ffffff',
      'badge-background': '#000000',
      'badge-foreground': '#ffffff',
      'inputValidation-errorBackground': '#000000',
      'inputValidation-errorBorder': '#f48771',
      'inputValidation-warningBorder': '#ffcc00',
      'chat-requestBorder': '#6fc3df',
    },
  },
};

export function themeCss(theme: string): string {
  const variables = { ...COMMON_VARIABLES, ...THEMES[theme].variables };
  return `html {\n${Object.entries(variables)
    .map(([name, value]) => `  --vscode-${name}: ${value};`)
    .join('\n')}\n}\n`;
}

// ── Content ─────────────────────────────────────────────────────────────────────────────────

export const ANSWER = `## Overview

The diagram shows a **three-tier** web application: a load balancer in front of two stateless
web servers, which share one \`PostgreSQL\` primary. See [the runbook](https://example.com/runbook).

- **Load balancer** — terminates TLS and routes by path
- **Web tier** — two identical nodes
  - autoscaled between 2 and 6
- **Database** — a single primary, no replica

| Component | Replicas | Single point of failure? |
|---|:---:|---:|
| Load balancer | 1 | yes |
| Web server | 2 | no |
| Database | 1 | **yes** |

\`\`\`yaml
replicas: 2
database:
  primary: db-1   # no standby
\`\`\`

> Add a standby database and a second load balancer.
`;

export const MIXED_DOCUMENT = `# Architecture review

The system has *three* layers and a queue; www.example.org documents it.
A second line of the same paragraph, with \`inline code\` and a [link](https://example.com/a?b=1&c=2).

## Components
1. Gateway
2. Services

   Each service owns its data.
3. Storage
   - Postgres
   - Redis

* loose item one

* loose item two

| Name | Role | Risk |
|:-----|:----:|-----:|
| gateway | routing | high |
| queue | buffering | low |
Not a row without pipes

\`\`\`ts
export function route(request: Request): Response {

  return handlers[request.path](request);
}
\`\`\`

~~~
tilde fence with \`\`\` inside
~~~

    indented code block

> Quote line one
continued lazily
> > nested quote

Setext heading
--------------

---

Final paragraph with a hard break  
and <b>raw html</b> & entities &amp; an autolink <https://example.com/auto>.
- list right after a paragraph
#not-a-heading continues the item

Last line without a newline`;

/** Lists that grow long, turn loose, nest, renumber, end and restart. */
export const LISTS = `Steps:

1. Gateway receives the request
2. Auth checks the token
   - cached for 5 minutes
   - refreshed on expiry
3. Router picks a service
lazy continuation of item three
4. Service answers

5. After a blank line the list is loose

Paragraph ends the list.

- tight one
- tight two
* another bullet starts another list
* and continues
-
- empty item above
---
7) start at seven
8) eight

   with a second paragraph
9) nine
- a
- b

  indented paragraph makes it loose
- c

10. ten
11. eleven
`;

/** Fences that close, nearly close, and hold things that look like markdown. */
export const FENCES = `Intro paragraph.

\`\`\`python
def handler(event):
    # a comment with *stars* and <tags>
    return "\`\`\`"

\`\`\` not a closing fence (has text)
  \`\`\`
After the fence.

~~~~
~~~ too short to close
~~~~~
\`\`\`\`
inner
\`\`\`
still inside
\`\`\`\`
- a list
\`\`\`
unclosed at the end
\`\``;

export const HOSTILE_ANSWER = (
  origin: string,
): string => `Here is an image: <img src="${origin}/evil/raw.png" onerror="window.__pwned=1">

<script>window.__pwned = 2</script>

![diagram](${origin}/evil/markdown.png) and ![inline](data:image/png;base64,iVBORw0KGgo=)

[run me](javascript:alert(1)) · [quit](command:workbench.action.quit) · [open](vscode://file/etc/passwd) · [local](file:///etc/passwd) · [data](data:text/html,hi)

<iframe src="${origin}/evil/frame"></iframe> <a href="${origin}/evil/link">raw link</a>

A reference-style image: ![logo][logo]

[logo]: ${origin}/evil/reference.png

<svg onload="window.__pwned = 3"><image href="${origin}/evil/svg-image.png"/></svg>

<form action="${origin}/evil/form" method="post"><input name="q" value="secret"><button>Send</button></form>

<div style="background: url(${origin}/evil/css-inline.png)">styled</div>

<style>body { background: url(${origin}/evil/css-sheet.png) }</style> <link rel="stylesheet" href="${origin}/evil/sheet.css">

<javascript:alert(2)>
`;
