// One turn's view as the model streams it: reasoning, answer and usage events in, the turn as
// the webview, history and the next request see it out. Pure (the clock is passed in): the host
// owns the request, this owns what the turn says. The grounding block is taken out of the answer
// here, so its JSON never reaches the screen, the history or the next request.
import { parseGrounding, type Size } from './grounding';
import { GroundingBlockFilter } from './groundingBlock';
import type {
  EndedTurnStatus,
  TokenUsage,
  TurnEndDetails,
  TurnStartDetails,
  TurnView,
  UserFacingError,
  ZoomNote,
  ZoomRecord,
} from './protocol';
import { turnCost, type ModelPrice } from './usageCost';

/** What a turn starts with: what the user asked and what goes with it. */
export interface TurnStart extends TurnStartDetails {
  readonly id: string;
  readonly task: string;
  /** What the model is told, when it is more than `task` (a region, grounding, a repair). */
  readonly modelTask?: string;
  /** The size of the image the model sees: the grounding block's boxes are fractions of it. */
  readonly sent?: Size;
}

/** How the request ended, and what the model costs (when the user configured its price). */
export interface TurnOutcome {
  readonly status: EndedTurnStatus;
  readonly error?: UserFacingError;
  readonly price?: ModelPrice;
}

export class TurnAccumulator {
  private reasoning = '';
  private answer = '';
  private usage: TokenUsage | undefined;
  private ending: TurnEndDetails | undefined;
  private readonly zooms: ZoomRecord[] = [];
  private zoomNote: ZoomNote | undefined;
  private readonly grounding = new GroundingBlockFilter();
  private readonly startedAt: number;
  private firstTextAt: number | undefined;
  private reasoningStartedAt: number | undefined;
  private reasoningEndedAt: number | undefined;

  constructor(
    private readonly start: TurnStart,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  get id(): string {
    return this.start.id;
  }

  /** Adds reasoning text; all of it is shown, so it is returned as it came. */
  addReasoning(text: string): string {
    const at = this.now();
    this.firstTextAt ??= at;
    this.reasoningStartedAt ??= at;
    this.reasoningEndedAt = at;
    this.reasoning += text;
    return text;
  }

  /** Adds answer text; returns the part to show now (the grounding block never shows). */
  addAnswer(text: string): string {
    this.firstTextAt ??= this.now();
    const visible = this.grounding.push(text);
    this.answer += visible;
    return visible;
  }

  setUsage(usage: TokenUsage): void {
    this.usage = usage;
  }

  /** The model zoomed into these regions (the turn's trail grows by them). */
  addZooms(records: readonly ZoomRecord[]): void {
    this.zooms.push(...records);
  }

  /** The turn answered without zooming, and why. */
  setZoomNote(note: ZoomNote): void {
    this.zoomNote = note;
  }

  /** The trail so far, in the order the model asked. */
  get zoomTrail(): readonly ZoomRecord[] {
    return this.zooms;
  }

  /**
   * Ends the turn. Returns the answer text held back until now (a line that might have opened
   * the grounding block and did not), to show after what was shown before.
   */
  end(outcome: TurnOutcome): string {
    const rest = this.grounding.finish();
    this.answer += rest;
    const block = this.grounding.blockTexts.at(-1);
    this.ending = withoutUndefined({
      status: outcome.status,
      reasoningMs:
        this.reasoningStartedAt !== undefined && this.reasoningEndedAt !== undefined
          ? Math.max(this.reasoningEndedAt - this.reasoningStartedAt, 1)
          : undefined,
      durationMs: this.now() - this.startedAt,
      costUsd: turnCost(this.usage, outcome.price),
      error: outcome.error,
      grounding: block === undefined ? undefined : parseGrounding(block, this.start.sent),
    });
    return rest;
  }

  /** What `turn/ended` says; undefined until the turn has ended. */
  get ended(): TurnEndDetails | undefined {
    return this.ending;
  }

  /** The answer as shown (without the grounding block), for the conversation's record. */
  get answerText(): string {
    return this.answer;
  }

  /** From the start of the turn to its first reasoning or answer text. */
  get firstTextMs(): number | undefined {
    return this.firstTextAt === undefined ? undefined : this.firstTextAt - this.startedAt;
  }

  /** The turn now: streaming until `end`, then as it ended. */
  get view(): TurnView {
    const { id, task, modelTask, region, groundingRequested, repairOf, diagramSources, pages } =
      this.start;
    return {
      id,
      task,
      reasoning: this.reasoning,
      answer: this.answer,
      ...withoutUndefined({
        region,
        groundingRequested,
        repairOf,
        diagramSources,
        pages,
        modelTask: modelTask !== task ? modelTask : undefined,
        usage: this.usage,
        zooms: this.zooms.length > 0 ? [...this.zooms] : undefined,
        zoomNote: this.zoomNote,
      }),
      status: 'streaming',
      ...this.ending,
    };
  }
}

/** Leaves out keys whose value is undefined, so saved turns and messages stay small. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
