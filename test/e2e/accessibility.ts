// Accessibility checks shared by the browser tiers, on what Chromium's accessibility tree says.

/**
 * The controls in an `ariaSnapshot()` that have no accessible name: a screen reader would
 * announce them as just "button" or "edit text". Empty means every one is named.
 */
export function unnamedControls(ariaSnapshot: string): string[] {
  return ariaSnapshot.split('\n').filter((line) => /^\s*- (button|link|textbox|img|region|article|checkbox|combobox)(\s*\[[^\]]*\])?:?\s*$/.test(line));
}
