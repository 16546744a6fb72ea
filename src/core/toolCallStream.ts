// Tool calls as a chat-completions stream delivers them, put back together. Servers differ:
// - OpenAI sends each call's `index`, `id` and name first, then its `arguments` a few characters
//   per delta, and ends with `finish_reason: "tool_calls"`; several calls are told apart by index.
// - Ollama sends each call whole in one delta (with `index` and an id like `call_hk81qg8b`).
// - Gemini's OpenAI layer leaves `index` out, sends a call whole or splits its arguments over
//   indexless deltas, may end with `finish_reason: "stop"`, and adds
//   `extra_content.google.thought_signature`, which it wants back on the next request.
// So a delta entry is matched by its index when it has one, else by its id, else it continues
// the call before it. Work is linear in what arrives and every part of it is capped: a server
// cannot make us hold more than MAX_TOOL_CALLS calls of bounded size.

/** A whole tool call, as the next request's assistant message repeats it. */
export interface StreamedToolCall {
  readonly id: string;
  readonly name: string;
  /** The arguments' JSON text as the model wrote it (cut at MAX_TOOL_ARGUMENT_CHARS). */
  readonly arguments: string;
  /** Set when the arguments were longer than MAX_TOOL_ARGUMENT_CHARS and were cut. */
  readonly argumentsCut?: boolean;
  /** Provider data to hand back on the call (Gemini's thought signature), when small enough. */
  readonly extraContent?: unknown;
}

/** More calls in one message are dropped: no question needs more, and each costs a request. */
export const MAX_TOOL_CALLS = 16;
/** The arguments of a zoom call are about 50 characters; far more is not a box. */
export const MAX_TOOL_ARGUMENT_CHARS = 8 * 1024;
const MAX_NAME_CHARS = 128;
const MAX_ID_CHARS = 256;
/** Gemini's thought signatures are a few kilobytes of base64. */
const MAX_EXTRA_CONTENT_CHARS = 64 * 1024;

interface CallUnderConstruction {
  id: string;
  name: string;
  readonly argumentPieces: string[];
  argumentChars: number;
  argumentsCut: boolean;
  extraContent: unknown;
}

export class ToolCallAccumulator {
  private readonly calls: CallUnderConstruction[] = [];
  private readonly byIndex = new Map<number, CallUnderConstruction>();
  private readonly byId = new Map<string, CallUnderConstruction>();
  private droppedCount = 0;

  /** Takes the `tool_calls` of one delta; anything that is not a tool-call entry is ignored. */
  push(entries: unknown): void {
    if (!Array.isArray(entries)) {
      return;
    }
    for (const entry of entries) {
      if (typeof entry === 'object' && entry !== null) {
        this.take(entry as Record<string, unknown>);
      }
    }
  }

  get hasCalls(): boolean {
    return this.calls.length > 0;
  }

  /** Calls beyond MAX_TOOL_CALLS that were not kept. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** The calls so far, in the order they started; ids are made up for servers that sent none. */
  finish(): StreamedToolCall[] {
    return this.calls.map((call, position) => ({
      id: call.id || `call_${position + 1}`,
      name: call.name,
      arguments: call.argumentPieces.join(''),
      ...(call.argumentsCut ? { argumentsCut: true } : {}),
      ...(call.extraContent !== undefined ? { extraContent: call.extraContent } : {}),
    }));
  }

  private take(entry: Record<string, unknown>): void {
    const index =
      typeof entry.index === 'number' && Number.isInteger(entry.index) ? entry.index : undefined;
    const id =
      typeof entry.id === 'string' && entry.id.length > 0
        ? entry.id.slice(0, MAX_ID_CHARS)
        : undefined;
    const call = this.callFor(index, id);
    if (!call) {
      return;
    }
    if (id && !call.id) {
      call.id = id;
      this.byId.set(id, call);
    }
    const fn = entry.function;
    if (typeof fn === 'object' && fn !== null) {
      const { name, arguments: args } = fn as Record<string, unknown>;
      // Names come whole (OpenAI sends "" in later deltas); a name is never appended to.
      if (typeof name === 'string' && name.length > 0 && !call.name) {
        call.name = name.slice(0, MAX_NAME_CHARS);
      }
      if (typeof args === 'string') {
        appendArguments(call, args);
      } else if (typeof args === 'object' && args !== null) {
        // A few servers send the arguments as an object instead of its JSON text.
        appendArguments(call, jsonWithin(args, MAX_TOOL_ARGUMENT_CHARS + 1) ?? '');
      }
    }
    if (entry.extra_content !== undefined && call.extraContent === undefined) {
      const text = jsonWithin(entry.extra_content, MAX_EXTRA_CONTENT_CHARS);
      if (text !== undefined) {
        call.extraContent = JSON.parse(text) as unknown;
      }
    }
  }

  private callFor(
    index: number | undefined,
    id: string | undefined,
  ): CallUnderConstruction | undefined {
    const known =
      index !== undefined
        ? this.byIndex.get(index)
        : id !== undefined
          ? this.byId.get(id)
          : this.calls.at(-1);
    if (known) {
      return known;
    }
    // An indexless entry with a new id starts a call (Gemini); one with neither continues the last.
    if (this.calls.length >= MAX_TOOL_CALLS) {
      this.droppedCount++;
      return undefined;
    }
    const call: CallUnderConstruction = {
      id: '',
      name: '',
      argumentPieces: [],
      argumentChars: 0,
      argumentsCut: false,
      extraContent: undefined,
    };
    this.calls.push(call);
    if (index !== undefined) {
      this.byIndex.set(index, call);
    }
    return call;
  }
}

function appendArguments(call: CallUnderConstruction, text: string): void {
  if (text.length === 0 || call.argumentsCut) {
    return;
  }
  const room = MAX_TOOL_ARGUMENT_CHARS - call.argumentChars;
  if (text.length > room) {
    call.argumentPieces.push(text.slice(0, room));
    call.argumentChars = MAX_TOOL_ARGUMENT_CHARS;
    call.argumentsCut = true;
    return;
  }
  call.argumentPieces.push(text);
  call.argumentChars += text.length;
}

/** The value's JSON when it is at most `limit` characters; undefined otherwise. */
function jsonWithin(value: unknown, limit: number): string | undefined {
  try {
    const text = JSON.stringify(value);
    return typeof text === 'string' && text.length <= limit ? text : undefined;
  } catch {
    return undefined;
  }
}
