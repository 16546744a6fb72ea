// One conversation's turns, driven from a webview: settles the endpoint and key (preflight),
// streams the model's reply through the reasoning client in the provider's request shape and
// forwards it as typed messages, ending each turn with its usage, duration and cost. Owns the
// in-flight request, so Stop, closing the panel or a reload aborts it. Shared by every
// conversation UI.
import * as vscode from 'vscode';
import type { ChatCompletionContentPart } from 'openai/resources/chat/completions';
import { Conversation } from '../core/conversation';
import { imageContentParts } from '../core/imageParts';
import { interruptStreamingTurns } from '../core/history';
import { endpointOrigin } from '../core/endpoint';
import { describeRequest, describeResponse, measureMessages } from '../core/requestLog';
import {
  isAbortError,
  StreamCutShortError,
  toUserFacingError,
  type ErrorContext,
} from '../core/errors';
import { formatWait } from '../core/retryAfter';
import { parseGrounding } from '../core/grounding';
import { GroundingBlockFilter } from '../core/groundingBlock';
import { mermaidRepairTask, modelTask } from '../core/modelTask';
import type {
  HostToWebview,
  PreparedImage,
  TaskOptions,
  TurnStartDetails,
  TurnStatus,
  TurnView,
  UserFacingError,
} from '../core/protocol';
import { isPreparedImageDataUrl } from '../core/imageFacts';
import type { ReasoningDetail } from '../core/providers/reasoningDetails';
import type { RequestShapeMemory } from '../core/providers/requestShape';
import { streamReasoning } from '../core/reasoningClient';
import { LANGUAGE_MODELS_PROVIDER } from '../core/languageModels/provider';
import { streamLanguageModel } from './languageModels/languageModelTurn';
import { turnCost } from '../core/usageCost';
import { DeltaBatcher } from '../core/deltaBatcher';
import { createLogger } from './logger';
import { preflight, type PreflightServices } from './requestPreflight';
import { readSettings, type ReasoningSettings } from './settings';
import type { TurnActivity } from './turnActivity';

const log = createLogger('turn');

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface SessionServices extends PreflightServices {
  /** Request shapes learned from endpoints' rejections this session, shared by every conversation. */
  readonly requestShapes: RequestShapeMemory;
  /** The status-bar item shown while a turn streams (absent in tests that build bare services). */
  readonly turnActivity?: TurnActivity;
}

/** A turn began or ended: when history saves the conversation (never on every delta). */
export interface TurnChange {
  readonly turn: TurnView;
  readonly phase: 'started' | 'ended';
  readonly model: string;
}

/** How a turn is asked: what the user typed, and what else goes with it. */
interface TurnRequest extends TaskOptions {
  readonly task: string;
  /** What the model is told instead of `task` (an automatic repair turn). */
  readonly modelTask?: string;
  readonly repairOf?: string;
}

export interface SessionOptions {
  /** The analysis panel cannot ask before its image is prepared; the side chat can ask without one. */
  readonly requireImage?: boolean;
}

export class ConversationSession implements vscode.Disposable {
  private readonly onDidChangeTurnEmitter = new vscode.EventEmitter<TurnChange>();
  readonly onDidChangeTurn = this.onDidChangeTurnEmitter.event;
  private readonly conversation: Conversation;
  private turns: TurnView[] = [];
  private preparedImage: PreparedImage | undefined;
  private regionCropsToRestore = new Map<string, number>();
  private inFlight: AbortController | undefined;
  /** A submit still settling its key or endpoint (no request yet); Stop cancels it. */
  private pendingSubmit: { cancelled: boolean } | undefined;
  private disposed = false;
  private turnCounter = 0;
  /** Turns whose Mermaid has been sent back to the model to fix (each at most once). */
  private readonly repaired = new Set<string>();
  private resolveImagePrepared!: (image: PreparedImage) => void;
  /** Settles when the webview has sent the copy of the image the model will see. */
  readonly imagePrepared = new Promise<PreparedImage>(
    (resolve) => (this.resolveImagePrepared = resolve),
  );

  constructor(
    private readonly services: SessionServices,
    private readonly post: (message: HostToWebview) => void,
    private readonly options: SessionOptions = {},
  ) {
    this.conversation = new Conversation(readSettings().systemPrompt);
  }

  get isStreaming(): boolean {
    return this.inFlight !== undefined;
  }

  /** Turns as the webview shows them (the last may be streaming), to restore a panel. */
  get turnViews(): readonly TurnView[] {
    return this.turns;
  }

  /** The analysis panel's image; `name` and `svgSource` label tiles and carry an SVG's text. */
  setPreparedImage(image: PreparedImage, name = 'image', svgSource?: string): void {
    this.preparedImage = image;
    this.conversation.setImage(image.dataUrl, partsFor(name, image, svgSource));
    this.resolveImagePrepared(image);
  }

  /** Further images (the side chat's, or added to a panel): each goes with the next task (or, restored, where it went before). */
  addImage(image: PreparedImage, turn?: number, name = 'image', svgSource?: string): void {
    this.conversation.addImage(image.dataUrl, turn, partsFor(name, image, svgSource));
  }

  removeImage(image: PreparedImage): boolean {
    return this.conversation.removeImage(image.dataUrl);
  }

  /** How many turns the model has seen; an image added now goes with the next one. */
  get committedTurnCount(): number {
    return this.conversation.turns.length;
  }

  /**
   * Starts from saved turns (reopened from history, or revived after a reload). A turn that
   * was streaming when the window went away is shown as interrupted; the model sees every turn
   * that produced an answer, as it did before.
   */
  restore(turns: readonly TurnView[]): void {
    if (this.turns.length > 0 || this.inFlight) {
      throw new Error('restore() is for a session that has not run a turn');
    }
    this.turns = interruptStreamingTurns(turns);
    const carried = this.turns.filter((turn) => turn.status !== 'error');
    const committedAt = this.conversation.restore(
      carried.map((turn) => ({
        task: turn.modelTask ?? turn.task,
        answer: turn.answer,
        status:
          turn.status === 'stopped' ? 'stopped' : turn.status === 'done' ? 'done' : 'incomplete',
      })),
      this.conversation.attachedImages.map((image) => ({ ...image, turn: 0 })),
    );
    // History keeps a region's place, not its crop: the webview cuts it again from the image.
    this.regionCropsToRestore = new Map(
      carried.flatMap((turn, index) =>
        turn.region && committedAt[index] !== undefined ? [[turn.id, committedAt[index]]] : [],
      ),
    );
    this.turnCounter = this.turns.reduce(
      (max, turn) => Math.max(max, Number(/^turn-(\d+)$/.exec(turn.id)?.[1] ?? 0)),
      this.turns.length,
    );
  }

  /** The region turns restored without their crop, and the committed turn each crop goes with. */
  get regionTurnsAwaitingCrop(): readonly string[] {
    return [...this.regionCropsToRestore.keys()];
  }

  /**
   * Puts a restored region question's crop back where it went the first time, so follow-ups
   * carry it as before. Only once per turn, and only for restored turns: live ones have theirs.
   */
  restoreRegionCrop(turnId: string, crop: PreparedImage): boolean {
    const turn = this.regionCropsToRestore.get(turnId);
    if (turn === undefined) {
      return false;
    }
    this.regionCropsToRestore.delete(turnId);
    this.conversation.addImage(crop.dataUrl, turn);
    return true;
  }

  stop(): void {
    this.inFlight?.abort();
    if (this.pendingSubmit) {
      this.pendingSubmit.cancelled = true;
    }
  }

  dispose(): void {
    this.disposed = true;
    // The emitter stays: a turn cut short by closing the panel still ends, and history keeps it.
    this.stop();
  }

  /** Runs one turn for `task`; resolves when the turn has ended (whatever its outcome). */
  async submit(task: string, options: TaskOptions = {}): Promise<void> {
    const trimmed = task.trim();
    if (!trimmed) {
      return;
    }
    // The webview is a browser page: a crop that is not a PNG or JPEG data URL never goes on the wire.
    const region =
      options.region && isPreparedImageDataUrl(options.region.crop.dataUrl)
        ? options.region
        : undefined;
    await this.run({ task: trimmed, region, grounding: options.grounding === true });
  }

  /**
   * A `mermaid` block of the newest turn's answer did not render: asks the model, once, to fix
   * it. Never for a turn that is itself a repair, nor twice for the same turn.
   */
  async repairMermaid(turnId: string, error: string): Promise<boolean> {
    const turn = this.turns.at(-1);
    if (
      !turn ||
      turn.id !== turnId ||
      turn.status !== 'done' ||
      turn.repairOf ||
      this.repaired.has(turnId)
    ) {
      return false;
    }
    this.repaired.add(turnId);
    const repair = mermaidRepairTask(error);
    await this.run({ task: repair.task, modelTask: repair.modelTask, repairOf: turnId });
    return true;
  }

  private async run(request: TurnRequest): Promise<void> {
    if (this.inFlight || this.pendingSubmit) {
      return;
    }
    const pending = (this.pendingSubmit = { cancelled: false });
    try {
      await this.settleAndRun(request, pending);
    } finally {
      this.pendingSubmit = undefined;
    }
  }

  private async settleAndRun(
    request: TurnRequest,
    pending: { readonly cancelled: boolean },
  ): Promise<void> {
    const trimmed = request.task;
    const failBeforeRequest = (error: UserFacingError) =>
      this.send({ type: 'request/failed', task: trimmed, error });

    if (this.options.requireImage !== false && !this.preparedImage) {
      return failBeforeRequest({
        code: 'imageUnreadable',
        message: vscode.l10n.t('The image is still being prepared. Try again in a moment.'),
        actions: ['retry'],
      });
    }
    // Stopped (or closed) while a prompt was open: the webview is already idle again.
    const ready = await preflight(
      this.services,
      this.conversation.images.length > 0,
      () => this.disposed || pending.cancelled,
    );
    if (!ready.ok) {
      return ready.error ? failBeforeRequest(ready.error) : undefined;
    }
    await this.runTurn(request, ready.apiKey, ready.settings);
  }

  private async runTurn(
    request: TurnRequest,
    apiKey: string | undefined,
    settings: ReasoningSettings,
  ): Promise<void> {
    const { task, region } = request;
    const turnId = `turn-${++this.turnCounter}`;
    const abort = new AbortController();
    this.inFlight = abort;
    const sent = this.preparedImage && {
      width: this.preparedImage.width,
      height: this.preparedImage.height,
    };
    const told =
      request.modelTask ??
      modelTask(task, {
        region: region && { box: region.box, original: region.original, crop: region.crop },
        grounding: request.grounding,
        sent,
      });
    if (region) {
      // The crop goes with this task only; a failed turn takes it back so Retry does not send it twice.
      this.conversation.addImage(region.crop.dataUrl);
    }
    const details: TurnStartDetails = {
      region: region?.box,
      groundingRequested: request.grounding || undefined,
      repairOf: request.repairOf,
    };
    // The streaming turn is part of the record from the start, so a restore shows it as it was.
    const turn: Mutable<TurnView> = {
      id: turnId,
      task,
      reasoning: '',
      answer: '',
      status: 'streaming',
      ...withoutUndefined(details),
      ...(told !== task ? { modelTask: told } : {}),
    };
    this.turns.push(turn);
    // The grounding block never reaches the screen, the history or the next request.
    const groundingFilter = new GroundingBlockFilter();
    const batcher = new DeltaBatcher((kind, text) =>
      this.send(
        kind === 'reasoning'
          ? { type: 'turn/reasoningDelta', turnId, text }
          : { type: 'turn/answerDelta', turnId, text },
      ),
    );
    let reasoningStartedAt: number | undefined;
    let reasoningEndedAt: number | undefined;
    const startedAt = Date.now();
    this.send({ type: 'turn/started', turnId, task, ...withoutUndefined(details) });
    this.onDidChangeTurnEmitter.fire({ turn, phase: 'started', model: settings.model });
    const { provider, baseUrl, model } = settings;
    const errorContext: ErrorContext = {
      baseUrl,
      model,
      timeoutMs: settings.requestTimeoutSeconds * 1000,
      apiKey,
      rateLimitMaxWaitMs: settings.rateLimitMaxWaitSeconds * 1000,
    };
    const messages = this.conversation.requestMessages(told, {
      roundTrip: provider.roundTrip,
      model,
    });
    const providerId = settings.languageModels ? LANGUAGE_MODELS_PROVIDER : provider.id;
    log.info(
      describeRequest({ baseUrl, provider: providerId, model, size: measureMessages(messages) }),
    );
    let firstTokenAt: number | undefined;

    let status: Exclude<TurnStatus, 'streaming'> = 'done';
    let error: UserFacingError | undefined;
    let reasoningDetails: readonly ReasoningDetail[] | undefined;
    try {
      const overHttp = streamReasoning({
        baseUrl,
        apiKey,
        model,
        provider,
        azure: settings.azure,
        reasoningEffort: settings.reasoningEffort,
        shape: this.services.requestShapes.shapeFor(provider, baseUrl, model),
        messages,
        maxOutputTokens: settings.maxOutputTokens,
        temperature: settings.temperature,
        timeoutMs: errorContext.timeoutMs,
        idleTimeoutMs: settings.streamIdleTimeoutSeconds * 1000,
        rateLimitMaxWaitMs: errorContext.rateLimitMaxWaitMs,
        signal: abort.signal,
      });
      // A generator runs only when iterated: with VS Code's language models, overHttp never starts.
      const events = settings.languageModels
        ? streamLanguageModel({
            model,
            messages,
            signal: abort.signal,
            idleTimeoutMs: settings.streamIdleTimeoutSeconds * 1000,
          })
        : overHttp;
      for await (const event of events) {
        switch (event.kind) {
          case 'reasoning':
            firstTokenAt ??= Date.now();
            reasoningStartedAt ??= Date.now();
            reasoningEndedAt = Date.now();
            turn.reasoning += event.text;
            batcher.push('reasoning', event.text);
            break;
          case 'answer': {
            firstTokenAt ??= Date.now();
            const visible = groundingFilter.push(event.text);
            turn.answer += visible;
            batcher.push('answer', visible);
            break;
          }
          case 'usage':
            turn.usage = event.usage;
            batcher.flush();
            this.send({ type: 'turn/usage', turnId, usage: event.usage });
            break;
          case 'rateLimitWait': {
            batcher.flush();
            const seconds = Math.ceil(event.waitMs / 1000);
            log.info(
              `${endpointOrigin(baseUrl)} rate limited (429): waiting ${seconds} s before retry ${event.attempt}`,
            );
            this.send({
              type: 'turn/rateLimited',
              turnId,
              seconds,
              message: vscode.l10n.t(
                '{0} is rate limiting requests (429) and asked to wait {1}.',
                endpointOrigin(baseUrl),
                formatWait(event.waitMs),
              ),
            });
            break;
          }
          case 'shapeCorrected':
            // Retried once already; the next request to this model is right the first time.
            this.services.requestShapes.remember(provider, baseUrl, model, event.shape);
            log.info(
              `${endpointOrigin(baseUrl)} ${model} rejected ${event.rejected}: retried without it`,
            );
            break;
          case 'done':
            reasoningDetails = event.reasoningDetails;
            break;
        }
      }
    } catch (caught) {
      if (isAbortError(caught) || abort.signal.aborted) {
        status = 'stopped';
      } else {
        // A stream cut short (quiet, ended early, unreadable) keeps what arrived, marked incomplete.
        status = caught instanceof StreamCutShortError ? 'incomplete' : 'error';
        error = toUserFacingError(caught, errorContext);
      }
    } finally {
      const rest = groundingFilter.finish();
      turn.answer += rest;
      batcher.push('answer', rest);
      batcher.flush();
      this.inFlight = undefined;
    }
    const block = groundingFilter.blockTexts.at(-1);
    const grounding = block === undefined ? undefined : parseGrounding(block, sent);
    await this.learnImageSupport(settings, status, error);

    const reasoningMs =
      reasoningStartedAt !== undefined && reasoningEndedAt !== undefined
        ? Math.max(reasoningEndedAt - reasoningStartedAt, 1)
        : undefined;
    const durationMs = Date.now() - startedAt;
    const costUsd = turnCost(turn.usage, settings.modelPrices[model]);
    const committed =
      status !== 'error' &&
      this.conversation.commitTurn(
        told,
        turn.answer,
        status,
        reasoningDetails && { model, details: reasoningDetails },
      );
    if (region && !committed) {
      this.conversation.removeImage(region.crop.dataUrl);
    }
    Object.assign(
      turn,
      withoutUndefined({ status, reasoningMs, durationMs, costUsd, error, grounding }),
    );
    const outcome = describeResponse({
      status,
      durationMs,
      firstTokenMs: firstTokenAt === undefined ? undefined : firstTokenAt - startedAt,
      answerChars: turn.answer.length,
      reasoningChars: turn.reasoning.length,
      usage: turn.usage,
      error,
    });
    if (status === 'error') {
      log.warn(outcome);
    } else {
      log.info(outcome);
    }
    this.send({
      type: 'turn/ended',
      turnId,
      status,
      reasoningMs,
      durationMs,
      costUsd,
      error,
      grounding,
    });
    this.onDidChangeTurnEmitter.fire({ turn, phase: 'ended', model: settings.model });
  }

  /**
   * A model that refused an image is remembered (per endpoint and model, never by name) so the
   * next request says so before sending; one that answered with an image is cleared.
   */
  private async learnImageSupport(
    settings: ReasoningSettings,
    status: TurnStatus,
    error: UserFacingError | undefined,
  ): Promise<void> {
    if (this.conversation.images.length === 0) {
      return;
    }
    const capabilities = this.services.modelCapabilities;
    if (error?.code === 'imagesUnsupported') {
      await capabilities.recordImagesRefused(settings.baseUrl, settings.model);
    } else if (status === 'done') {
      await capabilities.forgetRefusal(settings.baseUrl, settings.model);
    }
  }

  private send(message: HostToWebview): void {
    if (!this.disposed) {
      this.post(message);
    }
  }
}

/** Only images that carry more than themselves (tiles, an SVG's source) need parts of their own. */
function partsFor(
  name: string,
  image: PreparedImage,
  svgSource: string | undefined,
): ChatCompletionContentPart[] | undefined {
  return image.tiles?.length || svgSource || image.detail
    ? imageContentParts(name, image, svgSource)
    : undefined;
}

/** Leaves out keys whose value is undefined, so saved turns and messages stay small. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
