// The side chat and history as a person uses them in a real workbench: images go in by every
// route (Attach's file dialog, Use Active Image, paste, drop of a file, drop of a URI), the chat
// comes back after a workbench reload, and an analysis panel comes back after a reload with its
// turn that was streaming marked interrupted. The model is the loopback server in this process.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Frame, Page } from 'playwright-core';
import { chatBody, textReply } from '../support/loopbackServer';
import {
  AnalysisPanel,
  analyzeFromExplorer,
  ARCHITECTURE_ANSWER,
  heldArchitectureReply,
  imageParts,
  journeyHooks,
  quickInput,
  setApiKeyFromPalette,
} from './journey';
import { unnamedControls, walkWithTab } from './accessibility';
import {
  explorerItem,
  findWebviewFrame,
  runCommandFromPalette,
  UI_TIMEOUT_MS,
  waitForWorkbench,
} from './workbench';

/** Picks `file` of `folder` in VS Code's own file dialog (in the browser) by typing its path. */
async function chooseInFileDialog(page: Page, folder: string, file: string): Promise<void> {
  const dialog = quickInput(page);
  // The dialog fills in the folder once it has listed it; type the path after that.
  await dialog.widget
    .getByRole('option', { name: file })
    .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await dialog.input.fill(path.join(folder, file));
  await page.keyboard.press('Enter');
}

describe('journeys: the side chat, history and reload', function () {
  const journey = journeyHooks();

  it('restores an analysis panel after a workbench reload, with the streaming turn marked interrupted', async () => {
    const { page, server, screenshot } = await journey.start();
    await setApiKeyFromPalette(page, server, 'sk-reload');
    server.enqueue(textReply(ARCHITECTURE_ANSWER, { chunkSize: 40 }));
    const panel = await analyzeFromExplorer(page, 'architecture.png');
    await panel.waitForRenderedAnswer(await panel.ask('explain this architecture'), 'Overview');
    await panel.waitUntilIdle();

    const held = heldArchitectureReply();
    server.enqueue(held.reply);
    const streaming = await panel.ask('where are the single points of failure?');
    await panel
      .reasoning(streaming)
      .getByText('point out the single points of failure')
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });

    // Reload as a person does (Developer: Reload Window): the workbench saves its state, then the
    // page reloads. (A bare page.reload() can cut the browser's storage write short.)
    await runCommandFromPalette(page, 'Developer: Reload Window');
    await page.waitForEvent('load', { timeout: UI_TIMEOUT_MS });
    held.release();
    await waitForWorkbench(page);
    const revived = await AnalysisPanel.waitFor(page, 'architecture.png');
    await revived
      .answer(revived.turn('explain this architecture'))
      .getByRole('heading', { name: 'Overview' })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const interrupted = revived.turn('where are the single points of failure?');
    await interrupted
      .locator('.turn-badge')
      .filter({ hasText: 'Incomplete' })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.match(await interrupted.getByRole('alert').innerText(), /Interrupted/);
    await screenshot('chat-journey-panel-revived');

    // Up in the empty task box recalls the last task.
    await revived.task.click();
    await page.keyboard.press('ArrowUp');
    assert.equal(await revived.task.inputValue(), 'where are the single points of failure?');
  });

  it('attaches images by Attach, Use Active Image, paste and drop, and asks about all of them', async () => {
    const { page, server, workbench, screenshot } = await journey.start();
    await setApiKeyFromPalette(page, server, 'sk-chat');

    // Use Active Image: the image open in the editor.
    await explorerItem(page, 'architecture.png').click();
    await page
      .getByRole('tab', { name: /^architecture\.png/ })
      .first()
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const chat = await openChat(page);
    await chat.getByRole('button', { name: 'Use Active Image' }).click();
    await waitForAttachments(chat, 1);

    // Attach: the file dialog (VS Code's own, in the browser), typing the path.
    await chat.getByRole('button', { name: 'Attach' }).click();
    await chooseInFileDialog(page, workbench.workspaceFolder, 'architecture.svg');
    await waitForAttachments(chat, 2);

    // Paste and drop of image files, as the clipboard and the OS hand them to the page.
    await pasteAndDropImageFiles(chat, '.side-view');
    await waitForAttachments(chat, 4);

    // Drop of a file from the Explorer: VS Code hands the page its URI.
    const uri = pathToFileURL(path.join(workbench.workspaceFolder, 'architecture.png')).href;
    await chat.evaluate((href) => {
      const G = globalThis as any;
      const data = new G.DataTransfer();
      data.setData('text/uri-list', href);
      G.document
        .querySelector('.side-view')
        .dispatchEvent(
          new G.DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }),
        );
    }, uri);
    await waitForAttachments(chat, 5);
    assert.deepEqual(await chat.locator('.attachment .attachment-name').allInnerTexts(), [
      'architecture.png',
      'architecture.svg',
      'Pasted image 1.png',
      'dropped.png',
      'architecture.png',
    ]);
    // Chips with 32 px thumbnails, not a bulleted list of large ones (as when panel.css had a rule
    // left open).
    const chips = await chat.locator('.attachment').evaluateAll((items: any[]) =>
      items.map((item) => ({
        display: (globalThis as any).getComputedStyle(item).display,
        thumbHeight: item.querySelector('.attachment-thumb')?.getBoundingClientRect().height,
      })),
    );
    assert.deepEqual(
      chips,
      Array.from({ length: 5 }, () => ({ display: 'flex', thumbHeight: 32 })),
    );

    server.enqueue(textReply('## Comparison\n\nThe same system, drawn five ways.'));
    const task = chat.getByRole('textbox', { name: 'Task' });
    await task.click();
    await page.keyboard.type('compare these images');
    await chat.getByRole('button', { name: 'Send', exact: true }).click();
    await chat
      .getByRole('region', { name: 'Answer' })
      .getByRole('heading', { name: 'Comparison' })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const [request] = server.chatRequests();
    assert.equal(
      imageParts(chatBody(request)).length,
      5,
      'every attached image went with the question',
    );
    assert.equal(
      await chat.locator('.remove-image').count(),
      0,
      'sent images can no longer be removed',
    );
    await screenshot('chat-journey-five-images');

    // By keyboard: from New Chat, Tab visits every control of the side view once, in reading order,
    // each with a focus ring.
    const walk = await walkWithTab(chat, page.keyboard, async () => {
      // Focus put there by script shows no ring (:focus-visible): arrive at New Chat by keyboard.
      await chat.getByRole('button', { name: 'New Chat' }).focus();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Shift+Tab');
    });
    assert.ok(walk.controls.length >= 8, `the side view's controls: ${walk.controls.join(', ')}`);
    assert.deepEqual(
      walk.visited,
      walk.controls,
      'Tab visits every control once, in reading order',
    );
    assert.deepEqual(walk.unringed, [], 'every focused control shows where focus is');

    // The history lists it, with its thumbnail.
    await chat.getByRole('button', { name: 'History' }).click();
    const entry = chat.locator('.history-item').filter({ hasText: 'compare these images' });
    await entry.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.equal(await entry.locator('img.history-thumb').count(), 1);
    await screenshot('chat-journey-history');

    // Every control of the side view (attachments, history, the composer) has a name.
    const tree = await chat.locator('body').ariaSnapshot();
    assert.ok(
      (tree.match(/- button "/g) ?? []).length >= 4,
      `the side view's buttons are in the tree:\n${tree}`,
    );
    assert.deepEqual(unnamedControls(tree), [], `controls without a name:\n${tree}`);

    // After a reload the side view shows the same chat again, not an empty one.
    await runCommandFromPalette(page, 'Developer: Reload Window');
    await page.waitForEvent('load', { timeout: UI_TIMEOUT_MS });
    // The side bar comes back showing the chat view (the Explorer stays closed).
    await page
      .locator('[id="workbench.parts.statusbar"]')
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const reloaded = await findChatFrame(page, 20_000);
    await reloaded
      .getByRole('region', { name: 'Answer' })
      .getByRole('heading', { name: 'Comparison' })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.match(
      await reloaded.locator('article.turn').first().innerText(),
      /compare these images/,
    );
    await waitForAttachments(reloaded, 5);
    await screenshot('chat-journey-after-reload');
  });

  it('asks one analysis-panel question about several images: Add Images, paste and drop', async () => {
    const { page, server, workbench, screenshot } = await journey.start();
    await setApiKeyFromPalette(page, server, 'sk-panel-images');
    const panel = await analyzeFromExplorer(page, 'architecture.png');
    const frame = panel.frame;

    await frame.getByRole('button', { name: 'Add Images' }).click();
    await chooseInFileDialog(page, workbench.workspaceFolder, 'architecture.svg');
    await waitForAttachments(frame, 1);
    await pasteAndDropImageFiles(frame, '.panel-layout');
    await waitForAttachments(frame, 3);
    assert.deepEqual(await frame.locator('.attachment .attachment-name').allInnerTexts(), [
      'architecture.svg',
      'Pasted image 1.png',
      'dropped.png',
    ]);
    await screenshot('panel-journey-more-images');

    server.enqueue(textReply('## Comparison\n\n- The SVG is the same system.'));
    await panel
      .answer(await panel.ask('compare these versions of the diagram'))
      .getByRole('heading', { name: 'Comparison' })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const body = chatBody(server.chatRequests()[0]);
    assert.equal(
      imageParts(body).length,
      4,
      "the panel's image and the three added ones went with the question",
    );
    const texts = body.messages.flatMap((message) =>
      typeof message.content === 'string'
        ? []
        : message.content
            .filter((part) => part.type === 'text')
            .map((part) => (part as { text: string }).text),
    );
    assert.ok(
      texts.some((text) => text.startsWith('Source of this diagram ("architecture.svg")')),
      "the SVG's labels went as text beside its picture",
    );
    assert.equal(
      await frame.locator('.remove-image').count(),
      0,
      'sent images can no longer be removed',
    );
  });
});

/** Pastes a small PNG (named image.png, as browsers name clipboard images) and drops another. */
async function pasteAndDropImageFiles(frame: Frame, dropTarget: string): Promise<void> {
  await frame.evaluate(async (selector) => {
    const G = globalThis as any;
    const doc = G.document;
    const canvas = doc.createElement('canvas');
    canvas.width = 40;
    canvas.height = 30;
    const context = canvas.getContext('2d');
    context.fillStyle = '#2b5797';
    context.fillRect(5, 5, 30, 20);
    const blob: Blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    const pasted = new G.DataTransfer();
    pasted.items.add(new G.File([blob], 'image.png', { type: 'image/png' }));
    doc.dispatchEvent(new G.ClipboardEvent('paste', { clipboardData: pasted, bubbles: true }));
    const dropped = new G.DataTransfer();
    dropped.items.add(new G.File([blob], 'dropped.png', { type: 'image/png' }));
    doc
      .querySelector(selector)
      .dispatchEvent(
        new G.DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }),
      );
  }, dropTarget);
}

async function openChat(page: Page): Promise<Frame> {
  await page
    .getByRole('tab', { name: /^Multimodal Reasoning/ })
    .first()
    .click();
  const frame = await findChatFrame(page);
  await frame
    .getByRole('button', { name: 'Attach' })
    .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  return frame;
}

/**
 * The side view's frame. code-server's web workbench, offline, sometimes shows a webview view
 * (most often the first after a window reload) before its service worker serves the view's
 * resources: the page's script and styles fail to load (status 0, in 1-2 ms, seen with every
 * build of this extension), so no 'ready' reaches the host. VS Code's own Reload Webviews loads
 * them again; the journey says when it needed that.
 */
async function findChatFrame(page: Page, timeout = 15_000): Promise<Frame> {
  const selector = 'section[aria-label="Chat"]';
  const found = await findWebviewFrame(page, selector, timeout).catch(() => undefined);
  for (let attempt = 1; !found; attempt++) {
    console.log(
      `      (the chat view could not load its resources; Developer: Reload Webviews, ${attempt})`,
    );
    await runCommandFromPalette(page, 'Developer: Reload Webviews');
    const frame = await findWebviewFrame(page, selector, 15_000).catch((error: unknown) =>
      attempt < 3 ? undefined : Promise.reject(error),
    );
    if (frame) return frame;
  }
  return found;
}

async function waitForAttachments(chat: Frame, count: number): Promise<void> {
  await chat
    .locator('.attachment:not(.preparing)')
    .nth(count - 1)
    .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
}
