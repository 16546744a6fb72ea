// The webview's only line to the extension host: typed messages both ways, and the small state
// VS Code keeps for a webview while it is hidden (never secrets, never image bytes).

import type { HostToWebview, ReviveState, WebviewToHost } from '../core/protocol';

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

export interface HostChannel {
  post(message: WebviewToHost): void;
  /** Subscribes to host messages; returns the unsubscribe function. */
  onMessage(listener: (message: HostToWebview) => void): () => void;
  readonly state: WebviewState;
  updateState(patch: Partial<WebviewState>): void;
}

let channel: HostChannel | undefined;

/** The channel, created on first use: `acquireVsCodeApi` may be called only once per page. */
export function hostChannel(): HostChannel {
  channel ??= createChannel(acquireVsCodeApi());
  return channel;
}

function createChannel(api: VsCodeApi): HostChannel {
  let state: WebviewState = isRecord(api.getState()) ? (api.getState() as WebviewState) : {};
  return {
    post: (message) => api.postMessage(message),
    onMessage(listener) {
      const handle = (event: MessageEvent): void => {
        if (isRecord(event.data) && typeof event.data.type === 'string') {
          listener(event.data as unknown as HostToWebview);
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
