// Loads dist/host.js on first use. esbuild.config.mjs builds src/host/hostLayer.ts into it and
// leaves this require() for Node to resolve beside dist/extension.js, as src/core/openaiSdk.ts
// does for the openai SDK.
import type * as vscode from 'vscode';
import type { HostLayer } from './hostLayer';

declare const require: (id: './host.js') => typeof import('./hostLayer');

export function lazyHostLayer(context: vscode.ExtensionContext): () => HostLayer {
  let layer: HostLayer | undefined;
  return () => (layer ??= require('./host.js').createHostLayer(context));
}
