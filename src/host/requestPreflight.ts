// Everything settled before a request leaves the machine: that an endpoint was chosen at all
// (a fresh install is offered Choose Provider), that it is a valid URL (and, for Azure, has a
// resource), that plain http to another host is what the user wants, which key goes with it,
// and that the model has not already refused images. Each failure is a UserFacingError.
// VS Code's own language models need none of this (languageModels/languageModelPreflight.ts).
import * as vscode from 'vscode';
import { describeEndpoint, endpointOrigin, isLoopbackHost } from '../core/endpoint';
import { imagesRefusedEarlierError, noApiKeyError } from '../core/errors';
import type { ModelCapabilities } from '../core/modelCapabilities';
import type { UserFacingError } from '../core/userError';
import { type ApiKeyStore, promptForApiKey } from './apiKeyStore';
import { languageModelPreflight } from './languageModels/languageModelPreflight';
import type { PreflightResult } from './preflightResult';
import { readSettings } from './settings';

export interface PreflightServices {
  readonly apiKeys: ApiKeyStore;
  readonly modelCapabilities: ModelCapabilities;
  /** Origins of plain-http, non-loopback endpoints the user agreed to use this session. */
  readonly confirmedInsecureOrigins: Set<string>;
  /** Runs the Choose Provider flow; resolves true when the user completed it. */
  readonly setUpProvider: () => Promise<boolean>;
}

/**
 * `sendsImages`: whether the request carries an image (the side chat may ask without one).
 * `isCancelled`: the panel closed or Stop was pressed while a prompt was open.
 */
export async function preflight(
  services: PreflightServices,
  sendsImages: boolean,
  isCancelled: () => boolean,
): Promise<PreflightResult> {
  let settings = readSettings();
  if (settings.languageModels) {
    return languageModelPreflight(settings, sendsImages, isCancelled);
  }
  if (
    !settings.endpointChosen &&
    !(await services.apiKeys.get(settings.baseUrl).catch(() => undefined))
  ) {
    // A fresh install: which endpoint is the user's question, not "your OpenAI key, please".
    if (!(await services.setUpProvider())) {
      // Dismissed before choosing, or chose a provider and then dismissed its key prompt.
      const after = readSettings();
      return fail(
        isCancelled,
        after.endpointChosen
          ? noApiKeyError(describeEndpoint(after.baseUrl))
          : nothingConfiguredError(),
      );
    }
    settings = readSettings();
  }
  if (settings.azure && !settings.azure.endpoint) {
    return fail(isCancelled, {
      code: 'connectionFailed',
      message: vscode.l10n.t(
        'Azure OpenAI needs your resource endpoint (https://<resource>.openai.azure.com) and a deployment. Run Choose Provider to set them.',
      ),
      actions: ['chooseProvider', 'openSettings'],
    });
  }
  let origin: string;
  try {
    origin = endpointOrigin(settings.baseUrl);
  } catch {
    return fail(isCancelled, {
      code: 'connectionFailed',
      message: vscode.l10n.t(
        'The endpoint URL "{0}" is not a valid URL. Fix multimodalReasoning.baseUrl in your settings.',
        settings.baseUrl,
      ),
      actions: ['openSettings', 'retry'],
    });
  }
  if (!(await confirmInsecureEndpoint(services, settings.baseUrl, origin))) {
    return fail(isCancelled, {
      code: 'connectionFailed',
      message: vscode.l10n.t(
        'Not sent: {0} uses plain http to a host that is not this machine. Use https or confirm the endpoint.',
        origin,
      ),
      actions: ['openSettings', 'retry'],
    });
  }
  if (sendsImages && services.modelCapabilities.refusesImages(settings.baseUrl, settings.model)) {
    return fail(isCancelled, imagesRefusedEarlierError(origin, settings.model));
  }
  // The key is settled before anything leaves the machine: no request goes out keyless by
  // accident. Local servers need none, but use one if the user stored it (an auth proxy).
  const stored = await services.apiKeys.get(settings.baseUrl);
  const apiKey =
    stored ??
    (settings.provider.apiKey === 'none'
      ? { kind: 'none' as const }
      : await promptForApiKey(services.apiKeys, settings.baseUrl));
  if (isCancelled()) {
    return { ok: false };
  }
  if (!apiKey) {
    return fail(isCancelled, noApiKeyError(origin));
  }
  return { ok: true, settings, apiKey: apiKey.kind === 'key' ? apiKey.value : undefined };
}

function nothingConfiguredError(): UserFacingError {
  return {
    code: 'noApiKey',
    message: vscode.l10n.t(
      'No model provider is set up yet. Choose one (OpenAI, Azure OpenAI, Gemini, a local Ollama or LM Studio, OpenRouter, DeepSeek or another server), or set an OpenAI API key.',
    ),
    actions: ['chooseProvider', 'setApiKey'],
  };
}

function fail(isCancelled: () => boolean, error: UserFacingError): PreflightResult {
  return isCancelled() ? { ok: false } : { ok: false, error };
}

async function confirmInsecureEndpoint(
  services: PreflightServices,
  baseUrl: string,
  origin: string,
): Promise<boolean> {
  if (
    !baseUrl.toLowerCase().startsWith('http:') ||
    isLoopbackHost(baseUrl) ||
    services.confirmedInsecureOrigins.has(origin)
  ) {
    return true;
  }
  const send = vscode.l10n.t('Send over http');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t(
      '{0} uses plain http: the image, your task and the API key would cross the network unencrypted.',
      origin,
    ),
    { modal: true },
    send,
  );
  if (choice === send) {
    services.confirmedInsecureOrigins.add(origin);
    return true;
  }
  return false;
}
