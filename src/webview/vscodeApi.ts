// The webview's only line to the extension host: typed messages both ways, and the small state
// VS Code keeps for a webview while it is hidden (never secrets, never image bytes).

import type { ReviveState } from '../core/protocol';

/** What survives hiding and showing the panel (`vscode.setState`). */
export interface WebviewState {
  /** The task being typed, so a hidden panel never loses it. */
  readonly draft?: string;
  /** The analysis panel's image and conversation, so VS Code can revive it after a reload. */
  readonly revive?: ReviveState;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** What a part of a page needs to send its own messages, and only those. */
export interface HostPoster<Out> {
  readonly post: (message: Out) => void;
}

/** The state VS Code keeps for the page while it is hidden. */
export interface WebviewStateStore {
  readonly state: WebviewState;
  updateState(patch: Partial<WebviewState>): void;
}

/** A page's line to the host: `In` is what the host posts to it, `Out` what it may send. */
export interface HostChannel<In, Out> extends HostPoster<Out>, WebviewStateStore {
  /** Subscribes to host messages; returns the unsubscribe function. */
  onMessage(listener: (message: In) => void): () => void;
}

let channel: HostChannel<unknown, unknown> | undefined;

/**
 * The channel, created on first use: `acquireVsCodeApi` may be called only once per page. Each
 * page names its view's messages (src/core/protocol/panel.ts, sideView.ts).
 */
export function hostChannel<In, Out>(): HostChannel<In, Out> {
  channel ??= createChannel(acquireVsCodeApi());
  return channel as HostChannel<In, Out>;
}

function createChannel(api: VsCodeApi): HostChannel<unknown, unknown> {
  let state: WebviewState = isRecord(api.getState()) ? (api.getState() as WebviewState) : {};
  return {
    post: (message) => api.postMessage(message),
    onMessage(listener) {
      const handle = (event: MessageEvent): void => {
        if (isRecord(event.data) && typeof event.data.type === 'string') {
          listener(event.data);
        }
      };
      window.addEventListener('message', handle);
      return () => window.removeEventListener('message', handle);
    },
    get state() {
      return state;
    },
    updateState(patch) {
      state = { ...state, ...patch };
      api.setState(state);
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
