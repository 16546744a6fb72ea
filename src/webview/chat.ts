// The side view's webview: a chat about one or several images, and the workspace's history.
// The conversation itself is the same controller, turn list and task box as the analysis panel.

import './loadL10nBundle';
import { ChatImages } from './image/chatImages';
import { CostEstimate, conversationText } from './conversation/costEstimate';
import { ConversationController } from './conversation/conversationController';
import { h, icon, Icons } from './dom';
import { HistoryList } from './sideView/historyList';
import { policyFrom } from './image/imagePreparation';
import { warmUpRendererWhenIdle } from './markdown/rendererWarmUp';
import { routeToSharedParts } from './conversation/pageRouting';
import { hostChannel } from './vscodeApi';
import { cutZooms, type OriginalLookup } from './zoom/zoomCuts';
import { ZoomTrail } from './zoom/zoomTrail';
import type { HostToSideViewMessage, SideViewToHostMessage } from '../core/protocol';
import * as l10n from '@vscode/l10n';

const channel = hostChannel<HostToSideViewMessage, SideViewToHostMessage>();
const status = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
const announce = (text: string): void => {
  status.textContent = '';
  setTimeout(() => (status.textContent = text), 50);
};

/** The chat's images as the model numbers them: the attachments, in the strip's order. */
const originals: OriginalLookup = (index) => images.original(index - 1);
const trail = new ZoomTrail(undefined, originals);
const conversation = new ConversationController({
  channel,
  announce,
  // No image to draw on: the crops the model zoomed into are listed with their turns.
  decorator: {
    turnShown: () => undefined,
    turnGrounded: () => undefined,
    turnZoomed: (turn, zooms) => trail.add(turn, zooms),
    turnZoomNote: (turn, note) => trail.note(turn, note),
  },
  suggestions: [
    l10n.t('Compare these diagrams'),
    l10n.t('What changed between these screenshots?'),
    l10n.t('Explain this image'),
  ],
  emptyTitle: l10n.t('Chat about images: attach, paste or drop them'),
  composer: { submitLabel: l10n.t('Send'), placeholder: l10n.t('ask about the attached images') },
});
const images = new ChatImages(channel, (blocker) => conversation.setBlocker(blocker), announce, {
  useActiveImage: () => channel.post({ type: 'chat/useActiveImage' }),
});
const estimate = new CostEstimate();
conversation.composer.addBesideSubmit(estimate.element);
/** What the next question sends: the chat's text so far, this task and every attached image. */
function refreshEstimate(): void {
  estimate.update({
    textCharacters: conversationText(conversation.view.turnList, conversation.composer.value),
    images: images.sentImages,
  });
}
conversation.composer.textarea.addEventListener('input', refreshEstimate);

const historyButton = h(
  'button',
  { type: 'button', class: 'button secondary history-toggle', 'aria-pressed': 'false' },
  icon(Icons.history),
  l10n.t('History'),
);
const newButton = h(
  'button',
  { type: 'button', class: 'button secondary new-chat' },
  icon(Icons.add),
  l10n.t('New Chat'),
);
const chatPane = h(
  'section',
  { class: 'chat-pane conversation-pane', 'aria-label': l10n.t('Chat') },
  conversation.view.element,
  images.element,
  conversation.composer.element,
);
const history = new HistoryList(channel, () => showHistory(false));
history.element.hidden = true;

function showHistory(show: boolean): void {
  history.element.hidden = !show;
  chatPane.hidden = show;
  historyButton.setAttribute('aria-pressed', String(show));
}
historyButton.addEventListener('click', () => showHistory(history.element.hidden));
newButton.addEventListener('click', () => {
  showHistory(false);
  channel.post({ type: 'chat/new' });
});

const root = h(
  'main',
  { class: 'side-view' },
  h('div', { class: 'side-toolbar' }, newButton, historyButton),
  chatPane,
  history.element,
);
document.getElementById('app')?.replaceChildren(root, status);
images.listen(root);

channel.onMessage((message) => {
  switch (message.type) {
    case 'attachments/prepare':
      showHistory(false);
      void images.prepareSource(message.image);
      return;
    case 'attachments/list':
      images.setAttachments(message.attachments);
      refreshEstimate();
      return;
    case 'webview/notice':
      images.showNotice(message.message);
      return;
    case 'history/list':
      history.update(message.entries);
      return;
    case 'zoom/cut':
      void cutZooms(message, originals).then((crops) => channel.post(crops));
      return;
    case 'conversation/init':
      images.policy = policyFrom(message);
      break;
    case 'settings/changed':
      // Images attached from now on are prepared the new way; those already attached stay as
      // prepared.
      images.policy = message.imagePolicy ?? images.policy;
      break;
    case 'composer/focus':
      showHistory(false);
      break;
  }
  routeToSharedParts(message, { conversation, estimate, refreshEstimate });
});
channel.post({ type: 'webview/ready' });
warmUpRendererWhenIdle();
