// The analysis panel's webview: the image on the left, the conversation on the right. Says
// "ready" first; everything it shows arrives from the host (conversation/init and the turns).

import './loadL10nBundle';
import { ConversationController, isConversationMessage } from './conversationController';
import { h } from './dom';
import { policyFrom } from './imagePreparation';
import { ImageSession } from './imageSession';
import { ImageViewer } from './imageViewer';
import { warmUpRendererWhenIdle } from './rendererWarmUp';
import { hostChannel } from './vscodeApi';
import * as l10n from '@vscode/l10n';

const SUGGESTIONS = [l10n.t('Explain this architecture'), l10n.t('Where are the single points of failure?'), l10n.t('Walk through the data flow step by step')];

const channel = hostChannel();
const status = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
const announce = (text: string): void => {
  // Clearing first makes a repeated message ("Answer complete" twice) be read again.
  status.textContent = '';
  setTimeout(() => (status.textContent = text), 50);
};

const viewer = new ImageViewer();
const conversation = new ConversationController({
  channel,
  announce,
  suggestions: SUGGESTIONS,
  emptyTitle: l10n.t('Ask about this image'),
  composer: { submitLabel: l10n.t('Analyze'), placeholder: l10n.t('explain this architecture'), blocker: { message: l10n.t('Preparing image…'), busy: true } },
});
const image = new ImageSession(viewer, channel, (blocker) => conversation.setBlocker(blocker));

document.getElementById('app')?.replaceChildren(
  h(
    'main',
    { class: 'panel-layout' },
    viewer.element,
    h('section', { class: 'conversation-pane', 'aria-label': l10n.t('Conversation') }, conversation.view.element, conversation.composer.element),
  ),
  status,
);

channel.onMessage((message) => {
  if (message.type === 'conversation/init') {
    if (message.image) {
      void image.load(message.image, policyFrom(message));
    }
    if (message.revive) {
      channel.updateState({ revive: message.revive });
    }
  }
  if (isConversationMessage(message)) {
    conversation.handle(message);
  }
});
channel.post({ type: 'webview/ready' });
warmUpRendererWhenIdle();
