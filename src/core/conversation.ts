// What the model is told on each turn: the system prompt, the image once (in the first user
// message, so follow-ups do not pay for it again), and the earlier tasks with their answers.
// Reasoning goes back only where the provider asks for it (OpenRouter's `reasoning_details`,
// verbatim, to the model that wrote it); elsewhere it never does: DeepSeek rejects
// `reasoning_content` in input messages, others ignore or bill it.

import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { SentDiagramSource, SentPage } from './protocol';
import type { ReasoningRoundTrip } from './providers/presets';
import type { ReasoningDetail } from './providers/reasoningDetails';

/** Why a turn that produced an answer ended; a failed turn with no answer is never kept. */
export type CommittedTurnStatus = 'done' | 'stopped' | 'incomplete';

export interface CommittedTurn {
  readonly task: string;
  readonly answer: string;
  readonly status: CommittedTurnStatus;
  /** Structured reasoning to hand back, and the model that produced it. */
  readonly reasoningDetails?: {
    readonly model: string;
    readonly details: readonly ReasoningDetail[];
  };
}

/**
 * How the next request treats earlier reasoning: the provider's policy and the model it goes to.
 */
export interface RoundTripOptions {
  readonly roundTrip: ReasoningRoundTrip;
  readonly model: string;
}

/** An assistant message as OpenRouter accepts it: the SDK's type has no reasoning fields. */
type AssistantMessageWithReasoning = ChatCompletionAssistantMessageParam & {
  readonly reasoning_details?: readonly ReasoningDetail[];
};

/**
 * An image and the user message it goes with (0: the first; n: the one after n committed turns).
 */
export interface AttachedImage {
  readonly dataUrl: string;
  readonly turn: number;
  /**
   * What goes in the message for it when more than the image itself (tiles, a diagram's source).
   */
  readonly parts?: readonly ChatCompletionContentPart[];
  /** The diagram source among `parts`, as the turn that sends it shows it. */
  readonly source?: SentDiagramSource;
  /** The page of a document this image is. */
  readonly page?: SentPage;
}

/** What a turn shows about an image beside the image itself. */
export interface ImageNotes {
  readonly source?: SentDiagramSource;
  readonly page?: SentPage;
}

export class Conversation {
  private attached: AttachedImage[] = [];
  private readonly committed: CommittedTurn[] = [];

  constructor(private systemPrompt?: string) {}

  get turns(): readonly CommittedTurn[] {
    return this.committed;
  }

  setSystemPrompt(systemPrompt: string | undefined): void {
    this.systemPrompt = systemPrompt;
  }

  /** The prepared copy of the image (`data:image/…;base64,…`), as the model will see it. */
  setImage(
    dataUrl: string | undefined,
    parts?: readonly ChatCompletionContentPart[],
    notes: ImageNotes = {},
  ): void {
    this.attached = dataUrl ? [{ dataUrl, turn: 0, parts, ...notes }] : [];
  }

  get image(): string | undefined {
    return this.attached[0]?.dataUrl;
  }

  /** Every image of the conversation, in the order they were added. */
  get images(): readonly string[] {
    return this.attached.map((image) => image.dataUrl);
  }

  /** Every image with what goes in the message for it. */
  get attachedImages(): readonly AttachedImage[] {
    return this.attached;
  }

  /**
   * Adds an image to the conversation (the side chat takes several). It goes with the next
   * task and, like the first image, is sent once: later requests carry it where it was added.
   */
  addImage(
    dataUrl: string,
    turn = this.committed.length,
    parts?: readonly ChatCompletionContentPart[],
    notes: ImageNotes = {},
  ): void {
    this.attached.push({
      dataUrl,
      turn: Math.max(0, Math.min(turn, this.committed.length)),
      parts,
      ...notes,
    });
  }

  /** The diagram sources and document pages that go with the next task. */
  get notesForNextTask(): { sources: SentDiagramSource[]; pages: SentPage[] } {
    const next = this.attached.filter((image) => image.turn >= this.committed.length);
    return {
      sources: next.flatMap((image) => (image.source ? [image.source] : [])),
      pages: next.flatMap((image) => (image.page ? [image.page] : [])),
    };
  }

  /** Removes an image that has not been asked about yet; returns false for one already sent. */
  removeImage(dataUrl: string): boolean {
    const index = this.attached.findIndex(
      (image) => image.dataUrl === dataUrl && image.turn >= this.committed.length,
    );
    if (index < 0) {
      return false;
    }
    this.attached.splice(index, 1);
    return true;
  }

  /**
   * Starts from saved turns (a conversation reopened from history or after a reload), so the
   * next request carries them as if they had been asked here. Images restored later attach to
   * the first message, where they were when the turns were asked. Returns, for each of `turns`,
   * the index it has among the committed turns (`addImage`'s `turn`), or undefined when it was
   * left out (no answer to carry).
   */
  restore(
    turns: readonly CommittedTurn[],
    images: readonly {
      readonly dataUrl: string;
      readonly turn?: number;
      readonly parts?: readonly ChatCompletionContentPart[];
      readonly source?: SentDiagramSource;
      readonly page?: SentPage;
    }[] = [],
  ): (number | undefined)[] {
    const kept = turns.filter((turn) => turn.answer.trim().length > 0);
    this.committed.splice(0, this.committed.length, ...kept);
    this.attached = images.map((image) => ({
      dataUrl: image.dataUrl,
      turn: Math.min(image.turn ?? 0, this.committed.length),
      parts: image.parts,
      source: image.source,
      page: image.page,
    }));
    return turns.map((turn) => {
      const index = kept.indexOf(turn);
      return index < 0 ? undefined : index;
    });
  }

  /**
   * The messages for a request that asks `task` after the committed turns. Without `options`
   * (or with `roundTrip: 'omit'`) assistant messages carry the answer only.
   */
  requestMessages(task: string, options?: RoundTripOptions): ChatCompletionMessageParam[] {
    const messages: ChatCompletionMessageParam[] = [];
    const systemPrompt = this.systemPrompt?.trim();
    if (systemPrompt) {
      messages.push({ role: 'system', content: systemPrompt });
    }
    const tasks = [...this.committed.map((turn) => turn.task), task];
    messages.push(this.userMessage(tasks[0], 0));
    this.committed.forEach((turn, index) => {
      messages.push(assistantMessage(turn, options));
      messages.push(this.userMessage(tasks[index + 1], index + 1));
    });
    return messages;
  }

  /**
   * Keeps a turn that produced an answer (done, stopped with partial text, incomplete) so
   * follow-ups see it. Returns false, keeping nothing, when there is no answer: Retry then
   * resends the same task on a clean history.
   */
  commitTurn(
    task: string,
    answer: string,
    status: CommittedTurnStatus = 'done',
    reasoningDetails?: CommittedTurn['reasoningDetails'],
  ): boolean {
    if (answer.trim().length === 0) {
      return false;
    }
    this.committed.push({
      task,
      answer,
      status,
      ...(reasoningDetails && reasoningDetails.details.length > 0 ? { reasoningDetails } : {}),
    });
    return true;
  }

  /** The task at `index`, with the images added for it (a plain string when there are none). */
  private userMessage(task: string, index: number): ChatCompletionMessageParam {
    const last = index === this.committed.length;
    // Images added after the last turn go with the new task; none is ever sent twice.
    const images = this.attached.filter(
      (image) => image.turn === index || (last && image.turn > index),
    );
    if (images.length === 0) {
      return { role: 'user', content: task };
    }
    return {
      role: 'user',
      content: [
        { type: 'text', text: task },
        ...images.flatMap(
          (image) =>
            image.parts ?? [{ type: 'image_url' as const, image_url: { url: image.dataUrl } }],
        ),
      ],
    };
  }
}

/**
 * Details go back only to the model that wrote them: OpenRouter validates signed and encrypted
 * blocks against their model, and a different model cannot use another's reasoning anyway.
 */
function assistantMessage(
  turn: CommittedTurn,
  options: RoundTripOptions | undefined,
): AssistantMessageWithReasoning {
  const details = turn.reasoningDetails;
  if (options?.roundTrip === 'reasoningDetails' && details && details.model === options.model) {
    return { role: 'assistant', content: turn.answer, reasoning_details: details.details };
  }
  return { role: 'assistant', content: turn.answer };
}
