// The entry of dist/openai.js (esbuild.config.mjs): the SDK alone, loaded by openaiSdk.ts.
export * from 'openai';
export { default } from 'openai';
