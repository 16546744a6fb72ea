// The analysis panel's webview: the image on the left, the conversation on the right, and a
// strip for further images to ask about with it (Add Images, paste, drop). Says "ready" first;
// everything it shows arrives from the host (conversation/init and the turns).

import './loadL10nBundle';
import type { HostToPanelMessage, PanelToHostMessage, TurnView } from '../core/protocol';
import { ChatImages } from './image/chatImages';
import { CostEstimate, conversationText } from './conversation/costEstimate';
import { sentImages } from '../core/questionEstimate';
import { cropOutputSize } from '../core/zoom/zoomRequest';
import { ConversationController } from './conversation/conversationController';
import { h } from './dom';
import { policyFrom } from './image/imagePreparation';
import { ImageQuestions, type ImageFacts } from './image/imageQuestions';
import { ImageSession } from './image/imageSession';
import { ImageViewer } from './image/imageViewer';
import { PdfSession } from './pdf/pdfSession';
import { warmUpRendererWhenIdle } from './markdown/rendererWarmUp';
import { routeToSharedParts } from './conversation/pageRouting';
import { cutZooms, type OriginalLookup } from './zoom/zoomCuts';
import type { Blocker } from './conversation/taskComposer';
import { hostChannel } from './vscodeApi';
import * as l10n from '@vscode/l10n';

const channel = hostChannel<HostToPanelMessage, PanelToHostMessage>();
const status = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
const announce = (text: string): void => {
  // Clearing first makes a repeated message ("Answer complete" twice) be read again.
  status.textContent = '';
  setTimeout(() => (status.textContent = text), 50);
};

const viewer = new ImageViewer();
let facts: ImageFacts = { mime: 'image/png', orientation: 1, maxImageSide: 2048 };
/** The images the model numbers: the panel's own first, then the attachments it holds. */
const originals: OriginalLookup = (index) => {
  if (index === 1) {
    const shown = viewer.originalImage;
    return shown && { image: shown.image, size: shown.size, mime: facts.mime };
  }
  return moreImages.original(index - 2);
};
const questions = new ImageQuestions(viewer, () => facts, originals);
const conversation = new ConversationController({
  channel,
  announce,
  // The task presets beside the task box offer the tasks to start with.
  emptyTitle: l10n.t('Ask about this image, or about a region of it (Select region)'),
  taskOptions: () => questions.taskOptions(),
  // A PDF's first turn also says which of its pages went with it.
  decorator: {
    turnShown: (turn) => {
      questions.turnShown(turn);
      pdf.turnShown(turn);
    },
    turnGrounded: (turn, components) => questions.turnGrounded(turn, components),
    turnZoomed: (turn, zooms) => questions.turnZoomed(turn, zooms),
    turnZoomNote: (turn, note) => questions.turnZoomNote(turn, note),
  },
  composer: {
    submitLabel: l10n.t('Analyze'),
    placeholder: l10n.t('explain this architecture'),
    blocker: { message: l10n.t('Preparing image…'), busy: true },
  },
});
conversation.composer.addOption(questions.groundingToggle);
conversation.composer.addOption(questions.regionChip);
const estimate = new CostEstimate();
conversation.composer.addBesideSubmit(estimate.element);
// What can hold Analyze back: the panel's own image, further images being prepared, and the crops
// of restored region questions being cut again.
const blockers: { image: Blocker; more: Blocker; regions: Blocker } = {
  image: { message: l10n.t('Preparing image…'), busy: true },
  more: undefined,
  regions: undefined,
};
const block = (which: keyof typeof blockers, blocker: Blocker): void => {
  blockers[which] = blocker;
  conversation.setBlocker(blockers.image ?? blockers.more ?? blockers.regions);
};

/**
 * History keeps where a region question pointed, not its crop: once the image is loaded, the
 * crops are cut again from it and sent back, so follow-ups carry them as the first time did.
 */
async function recutRegionCrops(
  turns: readonly TurnView[],
  wanted: readonly string[],
): Promise<void> {
  const regions = turns.flatMap((turn) =>
    turn.region && wanted.includes(turn.id) ? [{ turnId: turn.id, box: turn.region }] : [],
  );
  if (!viewer.originalImage || regions.length === 0) {
    return;
  }
  block('regions', { message: l10n.t('Preparing image…'), busy: true });
  try {
    const crops = [];
    for (const { turnId, box } of regions) {
      const crop = await questions.cropOf(box);
      if (crop) {
        crops.push({ turnId, crop });
      }
    }
    channel.post({ type: 'image/regionCrops', crops });
  } catch (error) {
    console.warn('could not cut the crops of the restored region questions again', error);
  } finally {
    block('regions', undefined);
  }
}
const image = new ImageSession(viewer, channel, (blocker) => block('image', blocker));
const pdf = new PdfSession(
  viewer,
  image,
  (blocker) => block('image', blocker),
  (message, blocked) => image.failWith(message, blocked),
  announce,
);
/** Whether the panel's file is a PDF (its pages are drawn by `pdf`, then shown by `image`). */
let isPdf = false;
const moreImages = new ChatImages(channel, (blocker) => block('more', blocker), announce);

/**
 * What the next question sends, for the estimate: every request carries the whole conversation
 * (its text, the image, the attachments and the crops of region questions) and this task.
 */
function refreshEstimate(): void {
  const crop = (box: { readonly width: number; readonly height: number }) =>
    cropOutputSize(box, facts.maxImageSide);
  const turns = conversation.view.turnList;
  const regions = [
    ...turns.flatMap((turn) => (turn.details.region ? [crop(turn.details.region)] : [])),
    ...(questions.selectedRegion ? [crop(questions.selectedRegion)] : []),
  ];
  estimate.update({
    textCharacters: conversationText(turns, conversation.composer.value),
    images: [
      ...(image.prepared ? sentImages(image.prepared) : []),
      ...moreImages.sentImages,
      ...regions,
    ],
  });
}
image.onPrepared = refreshEstimate;
questions.onRegionChange = refreshEstimate;
conversation.composer.textarea.addEventListener('input', refreshEstimate);

document
  .getElementById('app')
  ?.replaceChildren(
    h(
      'main',
      { class: 'panel-layout' },
      viewer.element,
      h(
        'section',
        { class: 'conversation-pane', 'aria-label': l10n.t('Conversation') },
        conversation.view.element,
        moreImages.element,
        conversation.composer.element,
      ),
    ),
    status,
  );
const layout = document.querySelector<HTMLElement>('.panel-layout');
if (layout) {
  moreImages.listen(layout);
}

channel.onMessage((message) => {
  switch (message.type) {
    case 'attachments/prepare':
      void moreImages.prepareSource(message.image);
      return;
    case 'attachments/list':
      moreImages.setAttachments(message.attachments);
      refreshEstimate();
      return;
    case 'webview/notice':
      moreImages.showNotice(message.message);
      return;
    case 'zoom/cut':
      void cutZooms(message, originals).then((crops) => channel.post(crops));
      return;
  }
  if (message.type === 'settings/changed' && message.imagePolicy) {
    moreImages.policy = message.imagePolicy;
    facts = {
      ...facts,
      maxImageSide: message.imagePolicy.maxSide,
      maxImageShortSide: message.imagePolicy.maxShortSide,
    };
    void (isPdf ? pdf.reprepare(message.imagePolicy) : image.reprepare(message.imagePolicy));
  }
  if (
    message.type === 'turn/started' ||
    (message.type === 'conversation/init' && message.turns.length)
  ) {
    // The chosen pages went with the first question: they stay what the model was shown.
    pdf.lock();
  }
  if (message.type === 'conversation/init') {
    moreImages.policy = policyFrom(message);
    if (message.image) {
      facts = {
        mime: message.image.mime,
        orientation: message.image.orientation ?? 1,
        maxImageSide: policyFrom(message).maxSide,
        maxImageShortSide: policyFrom(message).maxShortSide,
      };
      const { turns, regionCropsWanted } = message;
      isPdf = message.image.mime === 'application/pdf';
      void (
        isPdf
          ? pdf.load(message.image, policyFrom(message))
          : image.load(message.image, policyFrom(message))
      ).then(() => regionCropsWanted && recutRegionCrops(turns, regionCropsWanted));
    }
    if (message.revive) {
      channel.updateState({ revive: message.revive });
    }
  }
  routeToSharedParts(message, { conversation, estimate, refreshEstimate });
});
channel.post({ type: 'webview/ready' });
warmUpRendererWhenIdle();
