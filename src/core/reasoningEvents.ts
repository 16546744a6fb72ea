// What the reasoning client yields while a model streams: the only vocabulary the rest of the
// extension needs, whatever shape the provider used on the wire.

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
  | { readonly kind: 'done'; readonly finishReason: string | null };
