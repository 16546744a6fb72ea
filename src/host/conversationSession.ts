// One conversation's turns, driven from a webview: settles the endpoint and key (preflight),
// streams the model's reply through the reasoning client in the provider's request shape and
// forwards it as typed messages, ending each turn with its usage, duration and cost. Owns the
// in-flight request, so Stop, closing the panel or a reload aborts it. Shared by every
// conversation UI.
import * as vscode from 'vscode';
import type { ChatCompletionContentPart } from 'openai/resources/chat/completions';
import { Conversation, type ImageNotes } from '../core/conversation';
import type { DiagramSource } from '../core/diagramSource/diagramSource';
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
import { mermaidRepairTask, modelTask } from '../core/modelTask';
import type {
  EndedTurnStatus,
  HostToConversationMessage,
  PreparedImage,
  RegionQuestion,
  TaskOptions,
  TurnStartDetails,
  TurnStatus,
  TurnView,
  UserFacingError,
} from '../core/protocol';
import { isPreparedImageDataUrl } from '../core/imageFacts';
import type { ReasoningDetail } from '../core/providers/reasoningDetails';
import type { RequestShapeMemory } from '../core/providers/requestShape';
import { streamReasoning, type ReasoningRequest } from '../core/reasoningClient';
import type { ReasoningEvent } from '../core/reasoningEvents';
import { streamWithZoom, type ZoomLoopEvent } from '../core/zoom/zoomLoop';
import { withTrailNote, ZoomBudget, type CutCrop, type PlannedZoom } from '../core/zoom/zoomRounds';
import type { CropLimits } from '../core/zoom/zoomRequest';
import { ZoomTargets } from '../core/zoom/zoomTargets';
import { TurnAccumulator, withoutUndefined } from '../core/turnAccumulator';
import { LANGUAGE_MODELS_PROVIDER } from '../core/languageModels/provider';
import { streamLanguageModel } from './languageModels/languageModelTurn';
import { DeltaBatcher } from '../core/deltaBatcher';
import { createLogger } from './logger';
import { preflight, type PreflightServices } from './requestPreflight';
import {
  conversationView,
  readSettings,
  settingsChangedMessage,
  type ReasoningSettings,
} from './settings';
import type { TurnActivity } from './turnActivity';

const log = createLogger('turn');

export interface SessionServices extends PreflightServices {
  /**
   * Request shapes learned from endpoints' rejections this session, shared by every conversation.
   */
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

/** The turn being streamed: its view, what the model was told, and its request. */
interface LiveTurn {
  readonly accumulator: TurnAccumulator;
  readonly told: string;
  readonly region?: RegionQuestion;
  readonly abort: AbortController;
  /** Coalesces the turn's deltas into a few webview messages per frame. */
  readonly batcher: DeltaBatcher;
}

/** How a turn's request ended, and the provider's reasoning to send back next time. */
interface StreamEnd {
  readonly status: EndedTurnStatus;
  readonly error?: UserFacingError;
  readonly reasoningDetails?: readonly ReasoningDetail[];
}

/**
 * Cuts the regions the model zoomed into from the originals (the page holds them decoded),
 * each at full resolution or scaled to fit `limits`; see CropBroker.
 */
export type ZoomCutter = (
  zooms: readonly PlannedZoom[],
  limits: CropLimits,
  signal: AbortSignal,
) => Promise<ReadonlyMap<string, CutCrop>>;

export interface SessionOptions {
  /**
   * The analysis panel cannot ask before its image is prepared; the side chat can ask without one.
   */
  readonly requireImage?: boolean;
  /** A view that can cut crops from its images offers the model the zoom tool. */
  readonly cutZooms?: ZoomCutter;
}

export class ConversationSession implements vscode.Disposable {
  private readonly onDidChangeTurnEmitter = new vscode.EventEmitter<TurnChange>();
  readonly onDidChangeTurn = this.onDidChangeTurnEmitter.event;
  private readonly conversation: Conversation;
  /** Turns that have ended (or were restored), oldest first. */
  private finished: TurnView[] = [];
  /** The turn streaming now, if any: always the last one shown. */
  private live: TurnAccumulator | undefined;
  private preparedImage: PreparedImage | undefined;
  /**
   * The page shown since the user chose another after the first answer: it goes with the next
   * task (the first page stays where it was asked about), and from then on each page chosen or
   * prepared again goes with a task of its own.
   */
  private pageAfterFirst: string | undefined;
  /** The images the model may zoom into, numbered as it is told. */
  private readonly zoomTargets = new ZoomTargets();
  private regionCropsToRestore = new Map<string, number>();
  private inFlight: AbortController | undefined;
  /** A submit still settling its key or endpoint (no request yet); Stop cancels it. */
  private pendingSubmit: { cancelled: boolean } | undefined;
  private disposed = false;
  private turnCounter = 0;
  /** Turns whose Mermaid has been sent back to the model to fix (each at most once). */
  private readonly repaired = new Set<string>();
  /** Why the webview could not make the copy the model sees, until it makes one after all. */
  private preparationFailure: string | undefined;
  private readonly onDidFailPreparationEmitter = new vscode.EventEmitter<string>();
  private resolveImagePrepared!: (image: PreparedImage) => void;
  /** Settles when the webview has sent the copy of the image the model will see. */
  readonly imagePrepared = new Promise<PreparedImage>(
    (resolve) => (this.resolveImagePrepared = resolve),
  );

  constructor(
    private readonly services: SessionServices,
    private readonly post: (message: HostToConversationMessage) => void,
    private readonly options: SessionOptions = {},
  ) {
    this.conversation = new Conversation(readSettings().systemPrompt);
  }

  get isStreaming(): boolean {
    return this.inFlight !== undefined;
  }

  /** Turns as the webview shows them (the last may be streaming), to restore a panel. */
  get turnViews(): readonly TurnView[] {
    return this.live ? [...this.finished, this.live.view] : this.finished;
  }

  /** The copy of the panel's image the next question sends (public for the tests). */
  get prepared(): PreparedImage | undefined {
    return this.preparedImage;
  }

  /**
   * The analysis panel's image; `name` labels tiles, `source` is its diagram's source (sent
   * beside it), `documentParts` what goes in the message instead when it is more than the image
   * (a PDF's pages). Another page of a TIFF, once the model has answered about one, goes with
   * the next task instead: the pages asked about before stay where they were asked.
   */
  setPreparedImage(
    image: PreparedImage,
    name = 'image',
    source?: DiagramSource,
    documentParts?: readonly ChatCompletionContentPart[],
  ): void {
    const parts = documentParts ?? partsFor(name, image, source);
    const notes = imageNotes(name, image, source);
    const otherPage = image.page && this.preparedImage?.page?.number !== image.page.number;
    this.preparedImage = image;
    this.preparationFailure = undefined;
    this.zoomTargets.setMain(image);
    if (this.conversation.turns.length > 0 && (otherPage || this.pageAfterFirst)) {
      // A page chosen (or prepared again) before it was asked about replaces the one waiting.
      if (this.pageAfterFirst) {
        this.conversation.removeImage(this.pageAfterFirst);
      }
      this.pageAfterFirst = image.dataUrl;
      this.conversation.addImage(image.dataUrl, undefined, parts, notes);
    } else {
      this.conversation.setImage(image.dataUrl, parts, notes);
    }
    this.resolveImagePrepared(image);
  }

  /** The webview could not make the copy the model sees (a damaged image, a protected PDF). */
  imagePreparationFailed(message: string): void {
    this.preparationFailure = message;
    this.onDidFailPreparationEmitter.fire(message);
  }

  /**
   * The prepared copy, for a caller that must not wait forever (the analyze_image tool): rejects
   * with the webview's own message when preparation fails, when the panel closes first, or when
   * `token` is cancelled. Analyze in the panel waits on `imagePrepared` instead, as the user
   * sees why it is blocked.
   */
  preparedImageOrFailure(token: vscode.CancellationToken): Promise<PreparedImage> {
    if (this.preparedImage) return Promise.resolve(this.preparedImage);
    if (this.preparationFailure) return Promise.reject(new Error(this.preparationFailure));
    if (this.disposed) return Promise.reject(new Error(panelClosedMessage()));
    return new Promise((resolve, reject) => {
      const waits: vscode.Disposable[] = [];
      let settled = false;
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        for (const wait of waits) wait.dispose();
        outcome();
      };
      waits.push(
        this.onDidFailPreparationEmitter.event((message) =>
          settle(() => reject(new Error(message))),
        ),
        token.onCancellationRequested(() => settle(() => reject(new vscode.CancellationError()))),
      );
      void this.imagePrepared.then((image) => settle(() => resolve(image)));
    });
  }

  /**
   * Further images (the side chat's, or added to a panel): each goes with the next task (or,
   * restored, where it went before).
   */
  addImage(image: PreparedImage, turn?: number, name = 'image', source?: DiagramSource): void {
    this.conversation.addImage(
      image.dataUrl,
      turn,
      partsFor(name, image, source),
      imageNotes(name, image, source),
    );
    this.zoomTargets.add(image);
  }

  removeImage(image: PreparedImage): boolean {
    const removed = this.conversation.removeImage(image.dataUrl);
    if (removed) {
      this.zoomTargets.remove(image);
    }
    return removed;
  }

  /**
   * Whether questions offer the zoom tool: the setting is on, the view can cut crops, and this
   * endpoint's model (or VS Code language model) has not refused tools.
   */
  zoomOffered(settings: ReasoningSettings = readSettings()): boolean {
    const { provider, baseUrl, model } = settings;
    return (
      settings.zoom.enabled &&
      this.options.cutZooms !== undefined &&
      this.services.requestShapes.shapeFor(provider, baseUrl, model).sendTools !== false
    );
  }

  /** How the page prepares images and counts the estimate for this conversation's questions. */
  viewSettings(settings: ReasoningSettings = readSettings()): ReturnType<typeof conversationView> {
    return conversationView(settings, this.zoomOffered(settings));
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
    if (this.finished.length > 0 || this.live || this.inFlight) {
      throw new Error('restore() is for a session that has not run a turn');
    }
    this.finished = interruptStreamingTurns(turns);
    const carried = this.finished.filter((turn) => turn.status !== 'error');
    const committedAt = this.conversation.restore(
      carried.map((turn) => ({
        task: turn.modelTask ?? turn.task,
        answer: withTrailNote(turn.answer, turn.zooms ?? []),
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
    this.turnCounter = this.finished.reduce(
      (max, turn) => Math.max(max, Number(/^turn-(\d+)$/.exec(turn.id)?.[1] ?? 0)),
      this.finished.length,
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
    if (!this.preparedImage) this.onDidFailPreparationEmitter.fire(panelClosedMessage());
    this.onDidFailPreparationEmitter.dispose();
    // The emitter stays: a turn cut short by closing the panel still ends, and history keeps it.
    this.stop();
  }

  /** Runs one turn for `task`; resolves when the turn has ended (whatever its outcome). */
  async submit(task: string, options: TaskOptions = {}): Promise<void> {
    const trimmed = task.trim();
    if (!trimmed) {
      return;
    }
    // The webview is a browser page: a crop that is not a PNG or JPEG data URL never goes on the
    // wire.
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
    const turn = this.turnViews.at(-1);
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
    const turn = this.beginTurn(request, settings.model);
    const streamed = await this.stream(turn, apiKey, settings);
    await this.learnImageSupport(settings, streamed.status, streamed.error);
    this.endTurn(turn, streamed, settings.model);
  }

  /** Makes the turn's record, tells the webview and history it started, and claims the request. */
  private beginTurn(request: TurnRequest, model: string): LiveTurn {
    const { task, region } = request;
    const id = `turn-${++this.turnCounter}`;
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
      // The crop goes with this task only; a failed turn takes it back so Retry does not send it
      // twice.
      this.conversation.addImage(region.crop.dataUrl);
    }
    const { sources, pages } = this.conversation.notesForNextTask;
    const details: TurnStartDetails = withoutUndefined({
      region: region?.box,
      groundingRequested: request.grounding || undefined,
      repairOf: request.repairOf,
      diagramSources: sources.length > 0 ? sources : undefined,
      pages: pages.length > 0 ? pages : undefined,
    });
    // The streaming turn is part of the record from the start, so a restore shows it as it was.
    const accumulator = new TurnAccumulator({ id, task, modelTask: told, sent, ...details });
    const abort = new AbortController();
    this.inFlight = abort;
    this.live = accumulator;
    const turn: LiveTurn = {
      accumulator,
      told,
      region,
      abort,
      batcher: new DeltaBatcher((kind, text) =>
        this.send(
          kind === 'reasoning'
            ? { type: 'turn/reasoningDelta', turnId: id, text }
            : { type: 'turn/answerDelta', turnId: id, text },
        ),
      ),
    };
    this.send({ type: 'turn/started', turnId: id, task, ...details });
    this.onDidChangeTurnEmitter.fire({ turn: accumulator.view, phase: 'started', model });
    return turn;
  }

  /** Streams the model's reply into the turn; resolves with how the request ended. */
  private async stream(
    turn: LiveTurn,
    apiKey: string | undefined,
    settings: ReasoningSettings,
  ): Promise<StreamEnd> {
    const { provider, baseUrl, model } = settings;
    const errorContext: ErrorContext = {
      baseUrl,
      model,
      timeoutMs: settings.requestTimeoutSeconds * 1000,
      apiKey,
      rateLimitMaxWaitMs: settings.rateLimitMaxWaitSeconds * 1000,
    };
    const messages = this.conversation.requestMessages(turn.told, {
      roundTrip: provider.roundTrip,
      model,
    });
    const providerId = settings.languageModels ? LANGUAGE_MODELS_PROVIDER : provider.id;
    log.info(
      describeRequest({ baseUrl, provider: providerId, model, size: measureMessages(messages) }),
    );
    let outcome: Pick<StreamEnd, 'status' | 'error'> = { status: 'done' };
    let reasoningDetails: readonly ReasoningDetail[] | undefined;
    try {
      const events = this.events(settings, {
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
        signal: turn.abort.signal,
      });
      for await (const event of events) {
        if (event.kind === 'done') {
          reasoningDetails = event.reasoningDetails;
        } else {
          this.onEvent(turn, event, settings);
        }
      }
    } catch (caught) {
      outcome = failure(caught, turn.abort.signal, errorContext);
    } finally {
      this.inFlight = undefined;
    }
    const rest = turn.accumulator.end({ ...outcome, price: settings.modelPrices[model] });
    turn.batcher.push('answer', rest);
    turn.batcher.flush();
    return { ...outcome, reasoningDetails };
  }

  /**
   * Where the turn's events come from: one of VS Code's language models, the zoom loop (several
   * requests when the model zooms) for a question about images the model may zoom into, or one
   * request.
   */
  private events(
    settings: ReasoningSettings,
    request: ReasoningRequest,
  ): AsyncGenerator<ReasoningEvent | ZoomLoopEvent> {
    // One request: over HTTP, or to one of VS Code's language models, which yields the same events.
    const send = settings.languageModels
      ? (each: ReasoningRequest) =>
          streamLanguageModel({
            model: each.model,
            messages: each.messages,
            tools: each.tools,
            shape: each.shape,
            maxTextChars: each.maxTextChars,
            signal: each.signal,
            idleTimeoutMs: each.idleTimeoutMs ?? settings.streamIdleTimeoutSeconds * 1000,
          })
      : streamReasoning;
    const cut = this.options.cutZooms;
    const originals = this.zoomTargets.sizes;
    if (!cut || originals.length === 0 || !this.zoomOffered(settings)) {
      return send(request);
    }
    const { maxSide, maxShortSide } = settings.imagePolicy;
    return streamWithZoom({
      request,
      budget: new ZoomBudget(settings.zoom.maxPerQuestion, originals),
      // Crops fit what the model takes as the overview did (for VS Code's models: what VS Code
      // passes untouched), so the size the tool message names is the size the model reads.
      cut: (zooms, signal) => cut(zooms, { maxSide, maxShortSide }, signal),
      reasoningBack: settings.languageModels ? undefined : settings.provider.toolCallReasoning,
      stream: send,
    });
  }

  /** One streamed event: text goes to the turn and on to the webview, the rest is reported. */
  private onEvent(
    turn: LiveTurn,
    event: Exclude<ReasoningEvent | ZoomLoopEvent, { kind: 'done' }>,
    settings: ReasoningSettings,
  ): void {
    const { accumulator, batcher } = turn;
    const { provider, baseUrl, model } = settings;
    switch (event.kind) {
      case 'reasoning':
        batcher.push('reasoning', accumulator.addReasoning(event.text));
        break;
      case 'answer':
        batcher.push('answer', accumulator.addAnswer(event.text));
        break;
      case 'usage':
        accumulator.setUsage(event.usage);
        batcher.flush();
        this.send({ type: 'turn/usage', turnId: accumulator.id, usage: event.usage });
        break;
      case 'rateLimitWait': {
        batcher.flush();
        const seconds = Math.ceil(event.waitMs / 1000);
        log.info(
          `${endpointOrigin(baseUrl)} rate limited (429): waiting ${seconds} s before retry ${event.attempt}`,
        );
        this.send({
          type: 'turn/rateLimited',
          turnId: accumulator.id,
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
        // VS Code's language models have no origin: their name stands where it would.
        log.info(
          `${settings.languageModels ? baseUrl : endpointOrigin(baseUrl)} ${model} rejected ${event.rejected}: asked without it`,
        );
        if (event.rejected === 'tools') {
          // Later questions cannot zoom: the page prepares images for that (tiles where needed).
          this.send(settingsChangedMessage(this.zoomOffered(settings)));
        }
        break;
      case 'zoomRequested':
        batcher.flush();
        log.info(`${model} zooms into ${event.zooms.length} region(s)`);
        break;
      case 'zoomed':
        batcher.flush();
        accumulator.addZooms(event.records);
        this.send({ type: 'turn/zoomed', turnId: accumulator.id, zooms: event.records });
        break;
      case 'zoomNote':
        batcher.flush();
        accumulator.setZoomNote(event.reason);
        this.send({ type: 'turn/zoomNote', turnId: accumulator.id, note: event.reason });
        break;
    }
  }

  /** Commits what the model said to the conversation, logs the outcome and ends the turn. */
  private endTurn(turn: LiveTurn, streamed: StreamEnd, model: string): void {
    const { accumulator, told, region } = turn;
    const { status, error, reasoningDetails } = streamed;
    const committed =
      status !== 'error' &&
      this.conversation.commitTurn(
        told,
        // The crops are not sent again: the answer says what the model read in them.
        withTrailNote(accumulator.answerText, accumulator.zoomTrail),
        status,
        reasoningDetails && { model, details: reasoningDetails },
      );
    if (region && !committed) {
      this.conversation.removeImage(region.crop.dataUrl);
    }
    const view = accumulator.view;
    this.finished.push(view);
    this.live = undefined;
    const outcome = describeResponse({
      status,
      durationMs: view.durationMs ?? 0,
      firstTokenMs: accumulator.firstTextMs,
      answerChars: view.answer.length,
      reasoningChars: view.reasoning.length,
      usage: view.usage,
      error,
    });
    if (status === 'error') {
      log.warn(outcome);
    } else {
      log.info(outcome);
    }
    this.send({ type: 'turn/ended', turnId: view.id, status, ...accumulator.ended });
    this.onDidChangeTurnEmitter.fire({ turn: view, phase: 'ended', model });
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

  private send(message: HostToConversationMessage): void {
    if (!this.disposed) {
      this.post(message);
    }
  }
}

/**
 * Only images that carry more than themselves (tiles, a diagram's source) need parts of their own.
 */
function partsFor(
  name: string,
  image: PreparedImage,
  source: DiagramSource | undefined,
): ChatCompletionContentPart[] | undefined {
  return image.tiles?.length || source || image.detail || image.page
    ? imageContentParts(name, image, source)
    : undefined;
}

/** What the turn that sends the image shows about it: its source, its page. */
function imageNotes(
  name: string,
  image: PreparedImage,
  source: DiagramSource | undefined,
): ImageNotes {
  return withoutUndefined({
    source: source && { name, format: source.format, items: source.items },
    page: image.page && { name, number: image.page.number, count: image.page.count },
  });
}

/** How a request that failed ended: stopped by the user, cut short, or an error. */
function failure(
  caught: unknown,
  signal: AbortSignal,
  context: ErrorContext,
): Pick<StreamEnd, 'status' | 'error'> {
  if (isAbortError(caught) || signal.aborted) {
    return { status: 'stopped' };
  }
  // A stream cut short (quiet, ended early, unreadable) keeps what arrived, marked incomplete.
  return {
    status: caught instanceof StreamCutShortError ? 'incomplete' : 'error',
    error: toUserFacingError(caught, context),
  };
}

function panelClosedMessage(): string {
  return vscode.l10n.t('The analysis panel was closed before its image was ready.');
}
