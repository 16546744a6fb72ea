// What the model is told on each turn: the system prompt, the image once (in the first user
// message, so follow-ups do not pay for it again), and the earlier tasks with their answers.
// Reasoning is never sent back: providers ignore or reject it, and it costs tokens.

import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';

/** Why a turn that produced an answer ended; a failed turn with no answer is never kept. */
export type CommittedTurnStatus = 'done' | 'stopped' | 'incomplete';

export interface CommittedTurn {
  readonly task: string;
  readonly answer: string;
  readonly status: CommittedTurnStatus;
}

export class Conversation {
  private imageDataUrl: string | undefined;
  private readonly committed: CommittedTurn[] = [];

  constructor(private systemPrompt?: string) {}

  get turns(): readonly CommittedTurn[] {
    return this.committed;
  }

  setSystemPrompt(systemPrompt: string | undefined): void {
    this.systemPrompt = systemPrompt;
  }

  /** The prepared copy of the image (`data:image/…;base64,…`), as the model will see it. */
  setImage(dataUrl: string | undefined): void {
    this.imageDataUrl = dataUrl;
  }

  get image(): string | undefined {
    return this.imageDataUrl;
  }

  /** The messages for a request that asks `task` after the committed turns. */
  requestMessages(task: string): ChatCompletionMessageParam[] {
    const messages: ChatCompletionMessageParam[] = [];
    const systemPrompt = this.systemPrompt?.trim();
    if (systemPrompt) {
      messages.push({ role: 'system', content: systemPrompt });
    }
    const tasks = [...this.committed.map((turn) => turn.task), task];
    messages.push(this.firstUserMessage(tasks[0]));
    this.committed.forEach((turn, index) => {
      messages.push({ role: 'assistant', content: turn.answer });
      messages.push({ role: 'user', content: tasks[index + 1] });
    });
    return messages;
  }

  /**
   * Keeps a turn that produced an answer (done, stopped with partial text, incomplete) so
   * follow-ups see it. Returns false, keeping nothing, when there is no answer: Retry then
   * resends the same task on a clean history.
   */
  commitTurn(task: string, answer: string, status: CommittedTurnStatus = 'done'): boolean {
    if (answer.trim().length === 0) {
      return false;
    }
    this.committed.push({ task, answer, status });
    return true;
  }

  private firstUserMessage(task: string): ChatCompletionMessageParam {
    if (!this.imageDataUrl) {
      return { role: 'user', content: task };
    }
    return {
      role: 'user',
      content: [
        { type: 'text', text: task },
        { type: 'image_url', image_url: { url: this.imageDataUrl } },
      ],
    };
  }
}
