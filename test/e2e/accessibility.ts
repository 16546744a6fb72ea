// Accessibility checks shared by the browser tiers, on what Chromium's accessibility tree says
// and on where Tab takes the focus.
import type { Frame, Keyboard, Page } from 'playwright-core';

/**
 * The controls in an `ariaSnapshot()` that have no accessible name: a screen reader would
 * announce them as just "button" or "edit text". Empty means every one is named.
 */
export function unnamedControls(ariaSnapshot: string): string[] {
  return ariaSnapshot
    .split('\n')
    .filter((line) =>
      /^\s*- (button|link|textbox|img|region|article|checkbox|combobox)(\s*\[[^\]]*\])?:?\s*$/.test(
        line,
      ),
    );
}

// Runs in the page (the tests compile without the DOM library): which elements take focus, in
// document order, and whether the focused one shows it (an outline, a shadow, or for the task
// box the focus colour on its frame, as VS Code's own inputs do).
const FOCUS_PROBE = `
(() => {
  const describe = (element) => {
    const label = element.getAttribute('aria-label') || element.getAttribute('title') || (element.textContent || '').trim().slice(0, 30);
    return element.tagName.toLowerCase() + '.' + [...element.classList].join('.') + ' "' + label + '"';
  };
  const rgb = (hex) => {
    const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
    return match ? 'rgb(' + match.slice(1).map((part) => parseInt(part, 16)).join(', ') + ')' : hex.trim();
  };
  globalThis.__focusProbe = {
    controls: () =>
      [...document.querySelectorAll('button, a[href], input, textarea, select, summary, [tabindex]')]
        .filter((element) => element.tabIndex >= 0 && !element.disabled && element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden')
        // A closed <details> shows only its summary.
        .filter((element) => !element.closest('details:not([open])') || element.closest('summary'))
        .map(describe),
    focused: () => {
      const element = document.activeElement;
      if (!element || element === document.body) return undefined;
      const style = getComputedStyle(element);
      const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      const frame = element.closest('.composer-box');
      const focusColour = rgb(getComputedStyle(document.body).getPropertyValue('--vscode-focusBorder'));
      const framed = frame !== null && getComputedStyle(frame).borderTopColor === focusColour;
      return { name: describe(element), ringed: outlined || framed || style.boxShadow !== 'none' };
    },
  };
})();
`;

export interface TabWalk {
  /** Every visible, enabled, focusable control in document order: what Tab should visit. */
  readonly controls: string[];
  /** What Tab did visit, in order, starting with what `start` focused (if a control). */
  readonly visited: string[];
  /** Visited controls that showed no focus ring. */
  readonly unringed: string[];
}

/**
 * Presses Tab through `scope` (a page, or a webview's frame) once `start` has put the focus in it.
 */
export async function walkWithTab(
  scope: Page | Frame,
  keyboard: Keyboard,
  start: () => Promise<void>,
): Promise<TabWalk> {
  // Evaluated by the debugger protocol, so the page's CSP does not apply.
  await scope.evaluate(FOCUS_PROBE);
  const controls: string[] = await scope.evaluate(() =>
    (globalThis as any).__focusProbe.controls(),
  );
  const visited: string[] = [];
  const unringed: string[] = [];
  const note = async (): Promise<boolean> => {
    const focus: { name: string; ringed: boolean } | undefined = await scope.evaluate(() =>
      (globalThis as any).__focusProbe.focused(),
    );
    if (!focus) return true;
    if (visited.includes(focus.name)) return false;
    visited.push(focus.name);
    if (!focus.ringed) unringed.push(focus.name);
    return true;
  };
  await start();
  await note();
  for (let step = 0; step < controls.length + 3 && visited.length < controls.length; step++) {
    await keyboard.press('Tab');
    if (!(await note())) break;
  }
  return { controls, visited, unringed };
}
