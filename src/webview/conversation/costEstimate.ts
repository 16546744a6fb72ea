// The figure beside Analyze: how many images this question sends and about how many input tokens
// (and dollars, when the model's price is set) it costs, updated as the user types, changes the
// region, adds images or the detail setting changes. With zooming on, it also says the most the
// question can cost if the model zooms to the cap. Counted by src/core/questionEstimate.ts.

import type { CostModel } from '../../core/protocol';
import type { EstimatedImage } from '../../core/inputTokens';
import { estimateQuestion, type QuestionEstimate } from '../../core/questionEstimate';
import { h } from '../dom';
import type { TurnElement } from './turnElement';
import * as l10n from '@vscode/l10n';

/** What the next request carries: every message's text and every image, as they will be sent. */
export interface QuestionInputs {
  readonly textCharacters: number;
  readonly images: readonly EstimatedImage[];
}

export class CostEstimate {
  readonly element: HTMLElement;
  private model: CostModel | undefined;
  private inputs: QuestionInputs | undefined;

  constructor() {
    this.element = h('span', { class: 'cost-estimate', hidden: true });
  }

  setModel(model: CostModel | undefined): void {
    this.model = model;
    this.render();
  }

  update(inputs: QuestionInputs): void {
    this.inputs = inputs;
    this.render();
  }

  /** The figures shown now (the page tests read them). */
  get estimate(): QuestionEstimate | undefined {
    return this.model && this.inputs && this.inputs.images.length > 0
      ? estimateQuestion(this.model, this.inputs.textCharacters, this.inputs.images)
      : undefined;
  }

  private render(): void {
    const estimate = this.estimate;
    this.element.hidden = !estimate;
    if (!estimate) {
      return;
    }
    const images =
      estimate.images === 1
        ? l10n.t('1 image')
        : l10n.t('{0} images', estimate.images.toLocaleString());
    const tokens = l10n.t('≈{0} tokens', compact(estimate.tokens));
    const cost = estimate.costUsd !== undefined ? ` · ${dollars(estimate.costUsd)}` : '';
    const zooms = estimate.withZooms;
    this.element.textContent = zooms
      ? `${images} · ${tokens}${cost} · ${l10n.t('≤{0} with zooms', compact(zooms.tokens))}`
      : `${images} · ${tokens}${cost}`;
    const lines = [
      l10n.t(
        'This question sends {0} and about {1} input tokens (an estimate from the provider’s image-token rules).',
        images,
        estimate.tokens.toLocaleString(),
      ),
    ];
    if (zooms) {
      lines.push(
        l10n.t(
          'If the model zooms {0} times, one region at a time, each request re-sends the conversation: at most about {1} input tokens{2}.',
          zooms.zooms,
          zooms.tokens.toLocaleString(),
          zooms.costUsd !== undefined ? ` (${dollars(zooms.costUsd)})` : '',
        ),
      );
    }
    this.element.title = lines.join('\n');
  }
}

/** The characters every request re-sends: each turn's task and answer, and the task being typed. */
export function conversationText(turns: readonly TurnElement[], draft: string): number {
  return turns.reduce((sum, turn) => sum + turn.task.length + turn.answerText.length, draft.length);
}

/** 1234 → "1.2k": the figure is an estimate, so it is not shown to the token. */
function compact(tokens: number): string {
  return tokens < 1000 ? String(tokens) : `${(tokens / 1000).toFixed(tokens < 10_000 ? 1 : 0)}k`;
}

function dollars(amount: number): string {
  return amount < 0.01 ? `<$0.01` : `$${amount.toFixed(2)}`;
}
