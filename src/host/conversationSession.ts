// One conversation's turns, driven from a webview: checks the key, streams the model's reply
// through the reasoning client and forwards it as typed messages. Owns the in-flight request,
// so Stop, closing the panel or a reload aborts it. Shared by every conversation UI.
import * as vscode from 'vscode';
import { Conversation } from '../core/conversation';
import { endpointOrigin, isLoopbackHost } from '../core/endpoint';
import { isAbortError, noApiKeyError, StreamStalledError, toUserFacingError } from '../core/errors';
import type { HostToWebview, PreparedImage, TurnStatus, TurnView, UserFacingError } from '../core/protocol';
import { streamReasoning } from '../core/reasoningClient';
import type { TokenUsage } from '../core/reasoningEvents';
import { ApiKeyStore, promptForApiKey } from './apiKeyStore';
import { DeltaBatcher } from '../core/deltaBatcher';
import { createLogger } from './logger';
import { readSettings } from './settings';

const log = createLogger('turn');

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface SessionServices {
  readonly apiKeys: ApiKeyStore;
  /** Origins of plain-http, non-loopback endpoints the user agreed to use this session. */
  readonly confirmedInsecureOrigins: Set<string>;
}

export class ConversationSession implements vscode.Disposable {
  private readonly conversation: Conversation;
  private readonly turns: TurnView[] = [];
  private preparedImage: PreparedImage | undefined;
  private inFlight: AbortController | undefined;
  /** A submit still settling its key or endpoint (no request yet); Stop cancels it. */
  private pendingSubmit: { cancelled: boolean } | undefined;
  private disposed = false;
  private turnCounter = 0;
  private resolveImagePrepared!: (image: PreparedImage) => void;
  /** Settles when the webview has sent the copy of the image the model will see. */
  readonly imagePrepared = new Promise<PreparedImage>((resolve) => (this.resolveImagePrepared = resolve));

  constructor(
    private readonly services: SessionServices,
    private readonly post: (message: HostToWebview) => void,
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

  setPreparedImage(image: PreparedImage): void {
    this.preparedImage = image;
    this.conversation.setImage(image.dataUrl);
    this.resolveImagePrepared(image);
  }

  stop(): void {
    this.inFlight?.abort();
    if (this.pendingSubmit) {
      this.pendingSubmit.cancelled = true;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
  }

  /** Runs one turn for `task`; resolves when the turn has ended (whatever its outcome). */
  async submit(task: string): Promise<void> {
    const trimmed = task.trim();
    if (!trimmed || this.inFlight || this.pendingSubmit) {
      return;
    }
    const pending = (this.pendingSubmit = { cancelled: false });
    try {
      await this.settleAndRun(trimmed, pending);
    } finally {
      this.pendingSubmit = undefined;
    }
  }

  private async settleAndRun(trimmed: string, pending: { readonly cancelled: boolean }): Promise<void> {
    const settings = readSettings();
    const failBeforeRequest = (error: UserFacingError) => this.send({ type: 'request/failed', task: trimmed, error });

    if (!this.preparedImage) {
      return failBeforeRequest({ code: 'imageUnreadable', message: vscode.l10n.t('The image is still being prepared. Try again in a moment.'), actions: ['retry'] });
    }
    let origin: string;
    try {
      origin = endpointOrigin(settings.baseUrl);
    } catch {
      return failBeforeRequest({
        code: 'connectionFailed',
        message: vscode.l10n.t('The endpoint URL "{0}" is not a valid URL. Fix multimodalReasoning.baseUrl in your settings.', settings.baseUrl),
        actions: ['openSettings', 'retry'],
      });
    }
    if (!(await this.confirmInsecureEndpoint(settings.baseUrl, origin))) {
      return failBeforeRequest({
        code: 'connectionFailed',
        message: vscode.l10n.t('Not sent: {0} uses plain http to a host that is not this machine. Use https or confirm the endpoint.', origin),
        actions: ['openSettings', 'retry'],
      });
    }
    // The key is settled before anything leaves the machine: no request goes out keyless by accident.
    const apiKey = (await this.services.apiKeys.get(settings.baseUrl)) ?? (await promptForApiKey(this.services.apiKeys, settings.baseUrl));
    // Stopped (or closed) while the key prompt was open: the webview is already idle again.
    if (this.disposed || pending.cancelled) {
      return;
    }
    if (!apiKey) {
      return failBeforeRequest(noApiKeyError(origin));
    }
    await this.runTurn(trimmed, apiKey.kind === 'key' ? apiKey.value : undefined, settings);
  }

  private async runTurn(task: string, apiKey: string | undefined, settings: ReturnType<typeof readSettings>): Promise<void> {
    const turnId = `turn-${++this.turnCounter}`;
    const abort = new AbortController();
    this.inFlight = abort;
    // The streaming turn is part of the record from the start, so a restore shows it as it was.
    const turn: Mutable<TurnView> = { id: turnId, task, reasoning: '', answer: '', status: 'streaming' };
    this.turns.push(turn);
    const batcher = new DeltaBatcher((kind, text) =>
      this.send(kind === 'reasoning' ? { type: 'turn/reasoningDelta', turnId, text } : { type: 'turn/answerDelta', turnId, text }),
    );
    let reasoningStartedAt: number | undefined;
    let reasoningEndedAt: number | undefined;
    const startedAt = Date.now();
    this.send({ type: 'turn/started', turnId, task });
    log.info(`POST ${endpointOrigin(settings.baseUrl)} model=${settings.model} image=${this.preparedImage?.width}x${this.preparedImage?.height} ${this.preparedImage?.dataUrl.length ?? 0} chars turns=${this.turns.length}`);

    let status: Exclude<TurnStatus, 'streaming'> = 'done';
    let error: UserFacingError | undefined;
    try {
      const events = streamReasoning({
        baseUrl: settings.baseUrl,
        apiKey,
        model: settings.model,
        messages: this.conversation.requestMessages(task),
        maxOutputTokens: settings.maxOutputTokens,
        temperature: settings.temperature,
        timeoutMs: settings.requestTimeoutSeconds * 1000,
        signal: abort.signal,
      });
      for await (const event of events) {
        switch (event.kind) {
          case 'reasoning':
            reasoningStartedAt ??= Date.now();
            reasoningEndedAt = Date.now();
            turn.reasoning += event.text;
            batcher.push('reasoning', event.text);
            break;
          case 'answer':
            turn.answer += event.text;
            batcher.push('answer', event.text);
            break;
          case 'usage':
            turn.usage = event.usage;
            batcher.flush();
            this.send({ type: 'turn/usage', turnId, usage: event.usage });
            break;
          case 'done':
            break;
        }
      }
    } catch (caught) {
      if (isAbortError(caught) || abort.signal.aborted) {
        status = 'stopped';
      } else {
        // A stream that went quiet keeps what arrived: the answer is marked incomplete.
        status = caught instanceof StreamStalledError ? 'incomplete' : 'error';
        error = toUserFacingError(caught, { baseUrl: settings.baseUrl, model: settings.model, timeoutMs: settings.requestTimeoutSeconds * 1000, apiKey });
        log.warn(`turn failed: ${error.code}${error.status ? ` (${error.status})` : ''}`);
      }
    } finally {
      batcher.flush();
      this.inFlight = undefined;
    }

    const reasoningMs = reasoningStartedAt !== undefined && reasoningEndedAt !== undefined ? Math.max(reasoningEndedAt - reasoningStartedAt, 1) : undefined;
    if (status !== 'error') {
      this.conversation.commitTurn(task, turn.answer, status);
    }
    Object.assign(turn, { status, reasoningMs, error });
    log.info(`turn ${status} in ${Date.now() - startedAt} ms: ${turn.answer.length} answer chars, ${turn.reasoning.length} reasoning chars`);
    this.send({ type: 'turn/ended', turnId, status, reasoningMs, error });
  }

  private async confirmInsecureEndpoint(baseUrl: string, origin: string): Promise<boolean> {
    if (!baseUrl.toLowerCase().startsWith('http:') || isLoopbackHost(baseUrl) || this.services.confirmedInsecureOrigins.has(origin)) {
      return true;
    }
    const send = vscode.l10n.t('Send over http');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} uses plain http: the image, your task and the API key would cross the network unencrypted.', origin),
      { modal: true },
      send,
    );
    if (choice === send) {
      this.services.confirmedInsecureOrigins.add(origin);
      return true;
    }
    return false;
  }

  private send(message: HostToWebview): void {
    if (!this.disposed) {
      this.post(message);
    }
  }
}
