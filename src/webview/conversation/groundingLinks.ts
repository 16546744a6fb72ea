// "Show on diagram", in the answer: each mention of a grounded component's name becomes a
// hoverable (and focusable) mark; hovering one highlights its box on the image, and hovering a
// box highlights its mentions. Text inside code is left alone.

import type { GroundedComponent } from '../../core/protocol';

const SKIPPED = 'code, pre, a, .grounded-name';

/** Marks the mentions of `components` in the rendered answer; returns how many were marked. */
export function markComponentNames(
  answer: HTMLElement,
  components: readonly GroundedComponent[],
  onHover: (index: number | undefined) => void,
): number {
  // Longest names first, so "API Gateway" wins over "Gateway".
  const order = components
    .map((component, index) => ({ name: component.name, index }))
    .sort((a, b) => b.name.length - a.name.length);
  if (order.length === 0) {
    return 0;
  }
  const pattern = new RegExp(
    order.map(({ name }) => `(?<![\\p{L}\\p{N}])${escapeRegExp(name)}(?![\\p{L}\\p{N}])`).join('|'),
    'giu',
  );
  const indexOf = new Map(order.map(({ name, index }) => [name.toLowerCase(), index]));
  let marked = 0;
  const walker = document.createTreeWalker(answer, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) =>
      node.parentElement?.closest(SKIPPED) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  const texts: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    texts.push(node as Text);
  }
  for (const text of texts) {
    const value = text.data;
    pattern.lastIndex = 0;
    const pieces: Node[] = [];
    let last = 0;
    for (let match = pattern.exec(value); match; match = pattern.exec(value)) {
      const index = indexOf.get(match[0].toLowerCase().replace(/\s+/g, ' '));
      if (index === undefined) {
        continue;
      }
      pieces.push(document.createTextNode(value.slice(last, match.index)));
      const mark = document.createElement('span');
      mark.className = 'grounded-name';
      mark.dataset.component = String(index);
      mark.tabIndex = 0;
      mark.title = 'Shown on the image';
      mark.textContent = match[0];
      for (const [event, value] of [
        ['pointerenter', index],
        ['focus', index],
        ['pointerleave', undefined],
        ['blur', undefined],
      ] as const) {
        mark.addEventListener(event, () => onHover(value));
      }
      pieces.push(mark);
      last = match.index + match[0].length;
      marked++;
    }
    if (pieces.length) {
      pieces.push(document.createTextNode(value.slice(last)));
      text.replaceWith(...pieces);
    }
  }
  return marked;
}

/** Highlights the mentions of component `index` (none when undefined). */
export function highlightComponentNames(answer: HTMLElement, index: number | undefined): void {
  for (const mark of answer.querySelectorAll<HTMLElement>('.grounded-name')) {
    mark.classList.toggle(
      'active',
      index !== undefined && mark.dataset.component === String(index),
    );
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}
