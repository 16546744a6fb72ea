// A failure as an alert: the message as text (never HTML) and one button per action the error
// offers. What an action does is up to the caller (the host runs most; Retry resubmits).

import type { ErrorAction, UserFacingError } from '../../core/protocol';
import { h, icon, Icons } from '../dom';
import * as l10n from '@vscode/l10n';

export const ACTION_LABELS: Readonly<Record<ErrorAction, string>> = {
  setApiKey: l10n.t('Set API Key'),
  selectModel: l10n.t('Select Model'),
  chooseProvider: l10n.t('Choose Provider'),
  openSettings: l10n.t('Open Settings'),
  retry: l10n.t('Retry'),
};

export function createErrorAlert(
  error: UserFacingError,
  onAction: (action: ErrorAction) => void,
  onDismiss?: () => void,
): HTMLElement {
  const message = h('p', { class: 'alert-message' }, error.message);
  const actions = h('div', { class: 'alert-actions' });
  // In the order the error lists them: core puts the action most likely to fix it first.
  error.actions.forEach((action, index) => {
    const button = h(
      'button',
      {
        type: 'button',
        class: index === 0 ? 'button primary' : 'button secondary',
        'data-action': action,
      },
      ACTION_LABELS[action],
    );
    button.addEventListener('click', () => onAction(action));
    actions.append(button);
  });
  const alert = h(
    'div',
    { class: 'alert', role: 'alert', 'data-error-code': error.code },
    icon(Icons.error, 'alert-icon'),
    h('div', { class: 'alert-content' }, message, ...(error.actions.length ? [actions] : [])),
  );
  if (onDismiss) {
    const dismiss = h(
      'button',
      {
        type: 'button',
        class: 'icon-button alert-dismiss',
        'aria-label': l10n.t('Dismiss'),
        title: l10n.t('Dismiss'),
      },
      icon(Icons.close),
    );
    dismiss.addEventListener('click', onDismiss);
    alert.append(dismiss);
  }
  return alert;
}
