// The messages the extension host and a conversation webview exchange: one union per
// direction, tagged by `type`, so each receiver switches exhaustively. Both sides import this
// file; the webview imports it for types only. Namespaced type names keep logs readable.

import type { UserFacingError } from './userError';
import type { TokenUsage } from './reasoningEvents';

export type { UserFacingError, ErrorAction } from './userError';
export type { TokenUsage } from './reasoningEvents';

/** The image a panel is about, as the webview needs it to show and prepare it. */
export interface ImageDescriptor {
  /** File name shown to the user (never interpreted as HTML). */
  readonly name: string;
  /** `asWebviewUri` of the file, loadable under the panel's CSP. */
  readonly src: string;
  /** MIME type sniffed from the file's magic bytes. */
  readonly mime: string;
  /** Size on disk, in bytes. */
  readonly bytes: number;
}

/** The copy of the image that leaves the machine, made by the webview before Analyze. */
export interface PreparedImage {
  /** `data:image/png;base64,…` or `data:image/jpeg;base64,…`. */
  readonly dataUrl: string;
  readonly width: number;
  readonly height: number;
  readonly mime: 'image/png' | 'image/jpeg';
}

export type TurnStatus = 'streaming' | 'done' | 'stopped' | 'incomplete' | 'error';

/** A finished or streaming turn, as the webview shows it (used to restore a panel). */
export interface TurnView {
  readonly id: string;
  readonly task: string;
  readonly reasoning: string;
  readonly answer: string;
  readonly status: TurnStatus;
  readonly usage?: TokenUsage;
  readonly reasoningMs?: number;
  readonly error?: UserFacingError;
}

export type HostToWebview =
  | { readonly type: 'conversation/init'; readonly image: ImageDescriptor; readonly turns: readonly TurnView[]; readonly model: string; readonly maxImageSide: number }
  | { readonly type: 'turn/started'; readonly turnId: string; readonly task: string }
  | { readonly type: 'turn/reasoningDelta'; readonly turnId: string; readonly text: string }
  | { readonly type: 'turn/answerDelta'; readonly turnId: string; readonly text: string }
  | { readonly type: 'turn/usage'; readonly turnId: string; readonly usage: TokenUsage }
  | {
      readonly type: 'turn/ended';
      readonly turnId: string;
      readonly status: Exclude<TurnStatus, 'streaming'>;
      /** How long the model spent reasoning, when it reasoned. */
      readonly reasoningMs?: number;
      readonly error?: UserFacingError;
    }
  /** A problem found before any request was made (no key, unreadable image…). */
  | { readonly type: 'request/failed'; readonly task: string; readonly error: UserFacingError }
  | { readonly type: 'settings/changed'; readonly model: string };

export type WebviewToHost =
  | { readonly type: 'webview/ready' }
  /** Sent once the webview has made the copy the model will see (before any Analyze). */
  | { readonly type: 'image/prepared'; readonly image: PreparedImage }
  | { readonly type: 'image/prepareFailed'; readonly message: string }
  /** Analyze, and also Retry after an error: the webview resends the task it kept. */
  | { readonly type: 'task/submit'; readonly task: string }
  | { readonly type: 'turn/stop' }
  | { readonly type: 'action/run'; readonly action: 'setApiKey' | 'selectModel' | 'openSettings' }
  | { readonly type: 'link/open'; readonly href: string }
  | { readonly type: 'clipboard/write'; readonly text: string };
