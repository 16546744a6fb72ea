// The entry of dist/openai.js (esbuild.config.mjs): the parts of the SDK the extension uses,
// loaded by openaiSdk.ts. Naming them rather than re-exporting the whole package leaves out
// what only its other exports need (Bedrock, file uploads, realtime): 24 KB of the bundle.
export {
  default,
  AzureOpenAI,
  APIError,
  APIUserAbortError,
  APIConnectionError,
  APIConnectionTimeoutError,
} from 'openai';
