// What the reasoning client yields while a model streams: the only vocabulary the rest of the
// extension needs, whatever shape the provider used on the wire.
import type { ReasoningDetail } from './providers/reasoningDetails';
import type { RequestShape } from './providers/requestShape';
import type { StreamedToolCall } from './toolCallStream';

export interface TokenUsage {
  readonly promptTokens?: number;
  readonly completionTokens?: number;
  /** Tokens spent reasoning, when the provider reports them. */
  readonly reasoningTokens?: number;
}

export type ReasoningEvent =
  | { readonly kind: 'reasoning'; readonly text: string }
  | { readonly kind: 'answer'; readonly text: string }
  | { readonly kind: 'usage'; readonly usage: TokenUsage }
  /**
   * The endpoint rejected an optional parameter and the request was retried without it (or
   * with its alternative): remember `shape` for this model so the next request is right first.
   */
  /**
   * The endpoint rate-limited the request (429): it is sent again after `waitMs` unless the
   * caller aborts first. `attempt` counts the waits of this request, from 1.
   */
  | { readonly kind: 'rateLimitWait'; readonly waitMs: number; readonly attempt: number }
  | { readonly kind: 'shapeCorrected'; readonly rejected: string; readonly shape: RequestShape }
  | {
      readonly kind: 'done';
      readonly finishReason: string | null;
      /** OpenRouter's structured reasoning, merged into whole blocks, for the next turn. */
      readonly reasoningDetails?: readonly ReasoningDetail[];
      /** The tool calls the message ended with (whatever the finish reason said). */
      readonly toolCalls?: readonly StreamedToolCall[];
    };
