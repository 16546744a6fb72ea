// Runs the real reasoning client against a loopback server and collects what a caller sees.
import type { ReasoningEvent } from '../../src/core/reasoningEvents';
import { streamReasoning, type ReasoningRequest } from '../../src/core/reasoningClient';
import { startLoopbackServer, type LoopbackServer } from '../support/loopbackServer';

export interface Outcome<Event> {
  readonly events: Event[];
  /** What the generator threw, if it did. */
  readonly error: unknown;
}

export type StreamOutcome = Outcome<ReasoningEvent>;

export function requestFor(
  server: Pick<LoopbackServer, 'baseUrl'>,
  overrides: Partial<ReasoningRequest> = {},
): ReasoningRequest {
  return {
    baseUrl: server.baseUrl,
    apiKey: 'sk-test-key-123456',
    model: 'vision-test-model',
    messages: [{ role: 'user', content: 'Describe the diagram.' }],
    timeoutMs: 5_000,
    signal: new AbortController().signal,
    maxRetries: 0,
    ...overrides,
  };
}

/** Drains the stream; `onEvent` may abort or stop early by returning 'stop'. */
export function runStream(
  request: ReasoningRequest,
  onEvent?: (event: ReasoningEvent) => void | 'stop',
): Promise<StreamOutcome> {
  return drain(() => streamReasoning(request), onEvent);
}

/**
 * The events of the stream `start` makes, up to its end, its error (a throw from `start` too) or
 * an `onEvent` that returns 'stop'.
 */
export async function drain<Event>(
  start: () => AsyncIterable<Event>,
  onEvent?: (event: Event) => void | 'stop',
): Promise<Outcome<Event>> {
  const events: Event[] = [];
  try {
    for await (const event of start()) {
      events.push(event);
      if (onEvent?.(event) === 'stop') {
        break;
      }
    }
    return { events, error: undefined };
  } catch (error) {
    return { events, error };
  }
}

export function textOf(events: readonly ReasoningEvent[], kind: 'reasoning' | 'answer'): string {
  return events.map((event) => (event.kind === kind ? event.text : '')).join('');
}

/**
 * Event kinds in order, with consecutive repeats collapsed: e.g. reasoning, answer, usage, done.
 */
export function kindSequence(events: readonly ReasoningEvent[]): string[] {
  return events
    .map((event) => event.kind)
    .filter((kind, index, kinds) => kind !== kinds[index - 1]);
}

/**
 * One loopback server for the enclosing `describe`: started before its tests, its request record
 * cleared after each, closed at the end. `assign` receives it once it listens.
 */
export function useLoopbackServer(assign: (server: LoopbackServer) => void): void {
  let current: LoopbackServer | undefined;
  before(async () => {
    current = await startLoopbackServer();
    assign(current);
  });
  afterEach(() => {
    if (current) {
      current.requests.length = 0;
    }
  });
  after(async () => {
    await current?.close();
  });
}

/**
 * Sets these environment variables before each test of the suite and puts back what was there
 * after it (the SDK reads OPENAI_* and AZURE_* at client creation; the extension must ignore them).
 */
export function useEnvironment(variables: Readonly<Record<string, string>>): void {
  const saved = new Map<string, string | undefined>();
  beforeEach(() => {
    for (const [name, value] of Object.entries(variables)) {
      saved.set(name, process.env[name]);
      process.env[name] = value;
    }
  });
  afterEach(() => {
    for (const [name, value] of saved) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
    saved.clear();
  });
}
