// A test-only extension (README.md beside this file): language models for VS Code's Language
// Model API whose requests go, through the real openai SDK, to the OpenAI-compatible server in
// the `mmrLoopbackModels.baseUrl` setting. It compiles against the newest VS Code typings
// (test/newestApi/tsconfig.json), since it exists only where that API does (engines ^1.106.0).
import OpenAI from 'openai';
import * as vscode from 'vscode';

const VENDOR = 'mmr-loopback';
const SETTINGS = 'mmrLoopbackModels';

interface ModelSetting {
  readonly id: string;
  readonly name?: string;
  readonly imageInput?: boolean;
  readonly toolCalling?: boolean | number;
  readonly maxInputTokens?: number;
  readonly maxOutputTokens?: number;
  /**
   * Gate the model behind VS Code's consent prompt, as GitHub Copilot's models are: proposed API
   * (`chatProvider`), honoured only with `--enable-proposed-api` for this extension.
   */
  readonly requiresAuthorization?: boolean;
}

type ChatMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type ContentPart = OpenAI.Chat.Completions.ChatCompletionContentPart;

/** Tokens the tests can predict: one per four characters of text, 85 per image. */
export const IMAGE_TOKENS = 85;
function countTokens(content: string | readonly unknown[]): number {
  if (typeof content === 'string') return Math.ceil(content.length / 4);
  let total = 0;
  for (const part of content) {
    if (part instanceof vscode.LanguageModelTextPart) total += Math.ceil(part.value.length / 4);
    else if (part instanceof vscode.LanguageModelDataPart && part.mimeType.startsWith('image/'))
      total += IMAGE_TOKENS;
  }
  return total;
}

function configuredModels(): vscode.LanguageModelChatInformation[] {
  const models = vscode.workspace.getConfiguration(SETTINGS).get<ModelSetting[]>('models') ?? [];
  return models.map((model) => ({
    id: model.id,
    name: model.name ?? model.id,
    family: model.id,
    version: '1',
    maxInputTokens: model.maxInputTokens ?? 128_000,
    maxOutputTokens: model.maxOutputTokens ?? 4_096,
    tooltip: 'A loopback test model',
    capabilities: { imageInput: model.imageInput, toolCalling: model.toolCalling },
    ...(model.requiresAuthorization ? { requiresAuthorization: { label: 'Loopback' } } : {}),
  }));
}

/** The request's messages in the chat-completions wire format. */
export function toWireMessages(
  messages: readonly vscode.LanguageModelChatRequestMessage[],
): ChatMessage[] {
  const wire: ChatMessage[] = [];
  for (const message of messages) {
    const content: ContentPart[] = [];
    const toolCalls: OpenAI.Chat.Completions.ChatCompletionMessageToolCall[] = [];
    for (const part of message.content) {
      if (part instanceof vscode.LanguageModelTextPart) {
        content.push({ type: 'text', text: part.value });
      } else if (part instanceof vscode.LanguageModelDataPart) {
        if (part.mimeType.startsWith('image/')) {
          const base64 = Buffer.from(part.data).toString('base64');
          content.push({
            type: 'image_url',
            image_url: { url: `data:${part.mimeType};base64,${base64}` },
          });
        } else {
          content.push({ type: 'text', text: new TextDecoder().decode(part.data) });
        }
      } else if (part instanceof vscode.LanguageModelToolCallPart) {
        toolCalls.push({
          id: part.callId,
          type: 'function',
          function: { name: part.name, arguments: JSON.stringify(part.input) },
        });
      } else if (part instanceof vscode.LanguageModelToolResultPart) {
        const text = part.content
          .map((item) => (item instanceof vscode.LanguageModelTextPart ? item.value : ''))
          .join('');
        wire.push({ role: 'tool', tool_call_id: part.callId, content: text });
      }
    }
    if (message.role === vscode.LanguageModelChatMessageRole.Assistant) {
      const text = content.map((part) => (part.type === 'text' ? part.text : '')).join('');
      wire.push({
        role: 'assistant',
        content: text || null,
        ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
      });
    } else if (content.length > 0) {
      wire.push({ role: 'user', content });
    }
  }
  return wire;
}

class LoopbackProvider implements vscode.LanguageModelChatProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;

  constructor(context: vscode.ExtensionContext) {
    context.subscriptions.push(
      this.changed,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SETTINGS)) this.changed.fire();
      }),
    );
  }

  provideLanguageModelChatInformation(): vscode.LanguageModelChatInformation[] {
    return configuredModels();
  }

  async provideLanguageModelChatResponse(
    model: vscode.LanguageModelChatInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const baseURL = vscode.workspace.getConfiguration(SETTINGS).get<string>('baseUrl');
    if (!baseURL) throw new Error(`${SETTINGS}.baseUrl is not set: nowhere to send the request`);
    const abort = new AbortController();
    const cancelled = token.onCancellationRequested(() => abort.abort());
    try {
      const client = new OpenAI({ baseURL, apiKey: 'loopback', maxRetries: 0 });
      const tools = options.tools?.map((tool) => ({
        type: 'function' as const,
        function: {
          name: tool.name,
          description: tool.description,
          parameters: (tool.inputSchema ?? { type: 'object', properties: {} }) as Record<
            string,
            unknown
          >,
        },
      }));
      const stream = await client.chat.completions.create(
        {
          model: model.id,
          messages: toWireMessages(messages),
          stream: true,
          ...(tools?.length
            ? {
                tools,
                tool_choice:
                  options.toolMode === vscode.LanguageModelChatToolMode.Required
                    ? ('required' as const)
                    : ('auto' as const),
              }
            : {}),
        },
        { signal: abort.signal },
      );
      const calls = new Map<number, { id: string; name: string; arguments: string }>();
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta;
        if (delta?.content) progress.report(new vscode.LanguageModelTextPart(delta.content));
        for (const call of delta?.tool_calls ?? []) {
          const known = calls.get(call.index) ?? { id: '', name: '', arguments: '' };
          known.id ||= call.id ?? '';
          known.name += call.function?.name ?? '';
          known.arguments += call.function?.arguments ?? '';
          calls.set(call.index, known);
        }
      }
      for (const call of calls.values()) {
        const input = call.arguments ? (JSON.parse(call.arguments) as object) : {};
        progress.report(new vscode.LanguageModelToolCallPart(call.id, call.name, input));
      }
    } finally {
      cancelled.dispose();
    }
  }

  provideTokenCount(
    _model: vscode.LanguageModelChatInformation,
    text: string | vscode.LanguageModelChatRequestMessage,
  ): Promise<number> {
    return Promise.resolve(countTokens(typeof text === 'string' ? text : text.content));
  }
}

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.lm.registerLanguageModelChatProvider(VENDOR, new LoopbackProvider(context)),
  );
}

export function deactivate(): void {}
