// Proves the e2e helpers against the real workbench: the Explorer, a context menu (with this
// extension's entry), the command palette and a webview's nested frame (the built-in Markdown
// preview, so the helper is checked independently of the extension's own panel).
import {
  contextMenuItem,
  explorerItem,
  findWebviewFrame,
  keepEvidenceOnFailure,
  openWorkbench,
  rightClickExplorerItem,
  runCommandFromPalette,
  UI_TIMEOUT_MS,
  type Workbench,
} from './workbench';

describe('e2e: a real VS Code workbench, driven like a person', function () {
  let workbench: Workbench | undefined;

  before(async function () {
    workbench = await openWorkbench();
  });
  after(async () => {
    await workbench?.stop();
  });
  afterEach(async function () {
    await keepEvidenceOnFailure(this, workbench);
  });

  it('lists the sample diagram in the Explorer, with Analyze Image with AI in its context menu', async () => {
    const { page } = workbench!;
    await explorerItem(page, 'architecture.png').waitFor({
      state: 'visible',
      timeout: UI_TIMEOUT_MS,
    });
    // The extension's own entry, beside VS Code's.
    const menu = await rightClickExplorerItem(page, 'architecture.png', {
      expectItem: 'Analyze Image with AI',
    });
    await contextMenuItem(page, 'Copy Path').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await workbench!.screenshot('explorer-context-menu');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  });

  it('runs a palette command and reads the webview it opens (Markdown preview)', async () => {
    const { page } = workbench!;
    await explorerItem(page, 'README.md').click();
    await page
      .getByRole('tab', { name: /README\.md/ })
      .first()
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    // Markdown's preview commands need a focused Markdown editor, as for a person: click the text.
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await runCommandFromPalette(page, 'Markdown: Open Preview to the Side');
    const preview = await findWebviewFrame(page, 'h1');
    await preview
      .getByRole('heading', { name: 'Sample workspace: an architecture diagram' })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await workbench!.screenshot('markdown-preview-webview');
  });
});
