// The openai SDK is two thirds of the extension host's code and only needed once a request is
// made: esbuild.config.mjs builds it as dist/openai.js, and this require() loads it on first use
// rather than when the extension activates (bench/README.md, activation_ms). Every other import
// of 'openai' in src/ is `import type`.
import type * as Sdk from './openaiSdkBundle';

// Declared here rather than taken from @types/node: the webview's type check reaches this file
// through the protocol's types and has no Node types.
declare const require: (id: 'openai') => unknown;

let sdk: typeof Sdk | undefined;

export function openaiSdk(): typeof Sdk {
  return (sdk ??= require('openai') as typeof Sdk);
}

/**
 * Whether `error` is the SDK's APIError. `instanceof` on the generic class would type its status
 * and headers as `any`; this names them as the SDK declares them.
 */
export function isApiError(error: unknown): error is Sdk.APIError {
  return error instanceof openaiSdk().APIError;
}
