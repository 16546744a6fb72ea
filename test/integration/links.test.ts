// The host's half of link safety: whatever the webview asks to open, only web and mail links
// reach VS Code's openExternal (which asks before leaving for an external site).
import * as assert from 'node:assert/strict';
import { isOpenableLink } from '../../src/host/linkOpener';

describe('links from model output (extension host)', () => {
  it('A02 · a link/open request for javascript:, data:, file:, command: or vscode: → refused by the host; http(s) and mailto → opened through VS Code', () => {
    for (const href of [
      'javascript:alert(1)',
      'data:text/html,<b>hi</b>',
      'file:///etc/passwd',
      'command:workbench.action.quit',
      'vscode://file/etc/passwd',
      'JAVASCRIPT:alert(1)',
      ' javascript:alert(1)',
      'not a url',
    ]) {
      assert.equal(isOpenableLink(href), false, href);
    }
    for (const href of [
      'https://example.com/runbook',
      'http://example.com/',
      'mailto:ops@example.com',
    ]) {
      assert.equal(isOpenableLink(href), true, href);
    }
  });
});
