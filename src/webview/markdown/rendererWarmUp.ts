// The first answer a panel streams used to pay for compiling the renderer and markdown-it's
// rules in its first frames (a 20 ms task in `npm run bench`'s render figure, over the 16 ms
// frame budget). Streaming a short sample through a throwaway renderer while the panel is idle
// moves that cost to a moment nobody is watching.

import { StreamingMarkdown } from './streamingMarkdown';

/** Touches every kind of block and inline the renderer has a path for. */
const SAMPLE = [
  '## Heading with `code` and **bold**\n\n',
  'A paragraph with *emphasis*, a [link](https://example.com) and https://example.com/auto.\n\n',
  '- a tight item\n- another item\n  - nested\n\n',
  '1. ordered\n\n2. loose\n\n',
  '| a | b |\n|:--|--:|\n| 1 | 2 |\n\n',
  '```ts\nconst answer = 42;\n```\n\n',
  '> a quote\n\n---\n\n![diagram](https://example.com/x.png)\n',
].join('');

/** Renders SAMPLE in small deltas into a detached element, once the page is idle. */
export function warmUpRendererWhenIdle(): void {
  const warm = (): void => {
    const view = new StreamingMarkdown(document.createElement('div'), {
      schedule: () => () => undefined,
    });
    for (let index = 0; index < SAMPLE.length; index += 7) {
      view.append(SAMPLE.slice(index, index + 7));
      view.flush();
    }
    view.finish();
  };
  if (typeof requestIdleCallback === 'function') {
    requestIdleCallback(warm, { timeout: 2000 });
  } else {
    setTimeout(warm, 200);
  }
}
