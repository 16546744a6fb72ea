// Fixtures for the panel's page tests (panelPage.*.test.ts) and the gallery: images made on the
// fly and the markdown the tests stream. Node only (no DOM types).
import type { UserFacingError } from '../../src/core/protocol';

// ── Images made for the test ───────────────────────────────────────────────────────────────

export { diagramPixel, diagramPng, pngSize } from '../support/imageFixtures';

export const SVG_WITHOUT_SIZE = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100"><rect x="10" y="10" width="120" height="80" fill="#2b5797"/>' +
    '<path d="M130 50h140" stroke="#333" stroke-width="4"/><rect x="270" y="10" width="120" height="80" fill="#c25"/>' +
    '<script>parent.postMessage("svg script ran", "*")</script></svg>',
);

// ── Content ─────────────────────────────────────────────────────────────────────────────────

/** The error of a request made with no key for the endpoint, as the host posts it. */
export const NO_API_KEY_ERROR: UserFacingError = {
  code: 'noApiKey',
  message: 'No API key is set for https://api.example.com.',
  actions: ['setApiKey'],
};

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
