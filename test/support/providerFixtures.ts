// Each provider's documented stream (test/fixtures/providers/<name>.sse, whose header names the
// documentation it follows) and what a user must see from it. Shared by the unit conformance
// tests and the extension-host matrix, so both check the same expectations.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProviderId } from '../../src/core/providers/presets';
import type { TokenUsage } from '../../src/core/reasoningEvents';
import type { ScriptedResponse } from './loopbackServer';

// Compiled to out/test/support; the fixtures stay in the source tree.
const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'providers');

export interface ProviderStreamFixture {
  readonly file: string;
  /** The reasoning and answer as shown (compared trimmed: tags leave line breaks around them). */
  readonly reasoning: string;
  readonly answer: string;
  readonly usage: TokenUsage;
}

export const PROVIDER_STREAMS: Readonly<Record<ProviderId, ProviderStreamFixture>> = {
  openai: {
    file: 'openai.sse',
    reasoning: '',
    answer: 'The database is the single point of failure.',
    usage: { promptTokens: 1117, completionTokens: 412, reasoningTokens: 256 },
  },
  azure: {
    file: 'azure.sse',
    reasoning: '',
    answer: 'Three services share one queue.',
    usage: { promptTokens: 845, completionTokens: 9, reasoningTokens: 0 },
  },
  gemini: {
    file: 'gemini.sse',
    reasoning:
      '**Reading the diagram**\n\nA load balancer fronts two web servers; both write to one database.',
    answer: 'The single database is the risk: add a replica.',
    usage: { promptTokens: 1290, completionTokens: 14 },
  },
  ollama: {
    file: 'ollama.sse',
    reasoning: 'Two boxes point at the cache.',
    answer: 'The cache is shared.',
    usage: { promptTokens: 311, completionTokens: 42 },
  },
  lmstudio: {
    file: 'lmstudio.sse',
    reasoning: 'Counting the arrows: four.',
    answer: 'Four flows cross the gateway.',
    usage: { promptTokens: 502, completionTokens: 23 },
  },
  openrouter: {
    file: 'openrouter.sse',
    reasoning: 'The diagram shows one region.',
    answer: 'A regional outage takes it all down.',
    usage: { promptTokens: 1622, completionTokens: 118, reasoningTokens: 64 },
  },
  deepseek: {
    file: 'deepseek.sse',
    reasoning: 'The user asks about the queue.',
    answer: 'The queue decouples them.',
    usage: { promptTokens: 210, completionTokens: 96, reasoningTokens: 80 },
  },
  custom: {
    file: 'custom.sse',
    reasoning: 'One writer, many readers.',
    answer: 'Reads scale; writes do not.',
    usage: { promptTokens: 77, completionTokens: 19 },
  },
};

export function readProviderFixture(file: string): string {
  return fs.readFileSync(path.join(FIXTURES, file), 'utf8');
}

/** The fixture as the loopback server's answer to the next chat completion. */
export function replayFixture(file: string): ScriptedResponse {
  return { kind: 'replay', sse: readProviderFixture(file) };
}

/** The `: follows: <url> - <what>` lines of a fixture's header. */
export function fixtureSources(file: string): string[] {
  return readProviderFixture(file)
    .split('\n')
    .filter((line) => line.startsWith(': follows: '))
    .map((line) => line.slice(': follows: '.length));
}
