// What both pages do with every host message once their own parts have had it: the conversation
// takes its messages, and the cost estimate follows the model (its prices come with
// `conversation/init` and `settings/changed`) and the question (anything but a streamed delta may
// change what the next request sends).

import type { HostToWebview } from '../../core/protocol';
import { isConversationMessage, type ConversationController } from './conversationController';
import type { CostEstimate } from './costEstimate';

export interface SharedPageParts {
  readonly conversation: ConversationController;
  readonly estimate: CostEstimate;
  /** Counts what the next question sends again: each page knows its own images. */
  readonly refreshEstimate: () => void;
}

export function routeToSharedParts(message: HostToWebview, parts: SharedPageParts): void {
  if (isConversationMessage(message)) {
    parts.conversation.handle(message);
  }
  if (message.type === 'conversation/init' || message.type === 'settings/changed') {
    parts.estimate.setModel(message.cost);
  }
  if (message.type !== 'turn/answerDelta' && message.type !== 'turn/reasoningDelta') {
    parts.refreshEstimate();
  }
}
