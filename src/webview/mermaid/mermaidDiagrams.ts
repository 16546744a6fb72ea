// Turns the `mermaid` code blocks of a finished answer into diagrams shown under them, drawn by
// the `mermaid` library, which is loaded the first time an answer has such a block. The SVG is
// shown through an <img> (as every image in the panel is): its styles stay inside it and nothing
// in it can run. A block that does not render, or whose drawing cannot be displayed, says why;
// the caller decides about a repair turn.

import * as l10n from '@vscode/l10n';
import type * as MermaidLibrary from './mermaidLibrary';
import { loadDiagramImage } from './diagramImage';
import { bundledUrl, loadOnce } from '../bundledFiles';
import { h, icon, Icons } from '../dom';
import { isSafeHref } from '../markdown/markdown';
import { makeNodeLabelsReadable } from './mermaidContrast';
import { standaloneSvg } from './mermaidSvg';

const loadLibrary = loadOnce(
  () =>
    import(/* runtime URL, not bundled */ bundledUrl('mermaid/mermaid.js')) as Promise<
      typeof MermaidLibrary
    >,
);

export interface DiagramFailure {
  readonly source: string;
  readonly error: string;
  /** The library itself could not be loaded: nothing the model can fix. */
  readonly unavailable: boolean;
}

/** Renders every `mermaid` block in `container` not rendered yet; resolves to those that failed. */
export async function renderMermaidBlocks(
  container: HTMLElement,
  onOpen: (source: string) => void,
): Promise<DiagramFailure[]> {
  const blocks = Array.from(
    container.querySelectorAll<HTMLElement>('.code-block:not([data-diagram])'),
  ).filter((block) => block.querySelector('code.language-mermaid'));
  const failures: DiagramFailure[] = [];
  for (const block of blocks) {
    block.dataset.diagram = 'pending';
    const source = (block.querySelector('code')?.textContent ?? '').replace(/\n$/, '');
    const figure = h(
      'figure',
      { class: 'mermaid-figure', 'aria-busy': 'true' },
      h('p', { class: 'mermaid-status' }, l10n.t('Drawing the diagram…')),
    );
    block.after(figure);
    let renderer: typeof MermaidLibrary;
    try {
      renderer = await loadLibrary();
    } catch {
      showFailure(
        figure,
        l10n.t('The diagram renderer could not be loaded, so the diagram is shown as code only.'),
      );
      failures.push({ source, error: 'renderer unavailable', unavailable: true });
      continue;
    }
    try {
      const drawing = standaloneSvg(
        await renderer.renderDiagram(source, mermaidTheme()),
        makeNodeLabelsReadable,
      );
      const image = h('img', {
        class: 'mermaid-image',
        alt: l10n.t('The Mermaid diagram above, rendered'),
      });
      await loadDiagramImage(image, drawing);
      showDiagram(figure, image, drawing.links, source, onOpen);
      block.dataset.diagram = 'rendered';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      showFailure(figure, l10n.t('The Mermaid diagram did not render: {0}', message));
      block.dataset.diagram = 'failed';
      failures.push({ source, error: message, unavailable: false });
    }
  }
  return failures;
}

/** Mermaid's light theme for VS Code's light themes (high contrast light too), dark otherwise. */
function mermaidTheme(): 'dark' | 'default' {
  const themes = document.body.classList;
  return themes.contains('vscode-light') || themes.contains('vscode-high-contrast-light')
    ? 'default'
    : 'dark';
}

function showDiagram(
  figure: HTMLElement,
  image: HTMLImageElement,
  links: readonly string[],
  source: string,
  onOpen: (source: string) => void,
): void {
  const open = h(
    'button',
    {
      type: 'button',
      class: 'button secondary mermaid-open',
      title: l10n.t('Save as <image>.mmd next to the image and open it'),
    },
    icon(Icons.diagram),
    l10n.t('Open as file'),
  );
  open.addEventListener('click', () => onOpen(source));
  figure.removeAttribute('aria-busy');
  figure.replaceChildren(
    h('div', { class: 'mermaid-frame' }, image),
    ...diagramLinks(links),
    h(
      'figcaption',
      { class: 'mermaid-caption' },
      h('span', {}, l10n.t('Rendered from the Mermaid code above')),
      open,
    ),
  );
}

/**
 * The diagram's `click … href` links, which the image cannot offer, as ordinary answer links:
 * the answer's click handler sends them to the host, which asks before opening one.
 */
function diagramLinks(links: readonly string[]): HTMLElement[] {
  const safe = links.filter(isSafeHref);
  if (safe.length === 0) {
    return [];
  }
  return [
    h(
      'p',
      { class: 'mermaid-links' },
      l10n.t('Links in the diagram:'),
      ...safe.flatMap((href) => [' ', h('a', { href, title: href }, href)]),
    ),
  ];
}

function showFailure(figure: HTMLElement, message: string): void {
  figure.removeAttribute('aria-busy');
  figure.classList.add('failed');
  figure.replaceChildren(
    h('p', { class: 'mermaid-status', role: 'note' }, icon(Icons.error), message),
  );
}
