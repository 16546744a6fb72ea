// The built-in image preview's title bar carries "Analyze Image with AI": the panel opens for
// the image being previewed, beside it.
import * as assert from 'node:assert/strict';
import { textReply } from '../support/loopbackServer';
import { AnalysisPanel, journeyHooks, setApiKeyFromPalette } from './journey';
import { explorerItem, findWebviewFrame, UI_TIMEOUT_MS } from './workbench';

describe('journeys: the image preview in a real workbench', function () {
  const journey = journeyHooks();

  it('journey 7: the image preview title-bar button opens the panel for the previewed image', async () => {
    const { page, server, screenshot } = await journey.start();
    await setApiKeyFromPalette(page, server, 'sk-journey-7');
    server.enqueue(
      textReply('## What it shows\n\n- An online store behind a CDN and an API gateway.'),
    );

    // A click in the Explorer opens the image in VS Code's own image preview.
    await explorerItem(page, 'architecture.png').click();
    const previewTab = page.getByRole('tab', { name: /^architecture\.png/ });
    await previewTab.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const preview = await findWebviewFrame(page, 'img');
    await preview.locator('img').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });

    // The action in the editor's title area, found by its accessible name.
    const action = page
      .locator('.editor-actions')
      .getByRole('button', { name: 'Analyze Image with AI' });
    await action.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await action.click();

    const panel = await AnalysisPanel.waitFor(page, 'architecture.png');
    // Beside the preview: two tabs for the image now, the preview's and the panel's, in two groups.
    await previewTab.nth(1).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.equal(
      await page.locator('.editor-group-container').count(),
      2,
      'the panel opened in a group beside the preview',
    );
    await panel.frame
      .getByRole('group', { name: 'Image: architecture.png' })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });

    const turn = await panel.ask('what does this show?');
    await panel
      .answer(turn)
      .getByRole('heading', { name: 'What it shows' })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await panel.waitUntilIdle();
    await screenshot('journey-7-image-preview');
  });
});
