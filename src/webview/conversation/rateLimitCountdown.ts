// "Rate limited: retrying in 12 s [Cancel]" inside a turn while the host waits out a 429. The
// host does the waiting and sends the request again; this only counts down what it said and
// offers Cancel, which stops the turn like Stop does (the task stays in the box).

import * as l10n from '@vscode/l10n';
import { h } from '../dom';

export class RateLimitCountdown {
  readonly element: HTMLElement;
  private readonly remaining: HTMLElement;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(message: string, seconds: number, onCancel: () => void) {
    this.remaining = h('span', { class: 'rate-limit-remaining' });
    const cancel = h('button', { type: 'button', class: 'button secondary' }, l10n.t('Cancel'));
    cancel.addEventListener('click', onCancel);
    this.element = h(
      'div',
      { class: 'rate-limit-wait', role: 'status' },
      h('p', { class: 'rate-limit-message' }, message),
      h('p', { class: 'rate-limit-line' }, this.remaining, cancel),
    );
    // Counted from when the message arrived: the page may be hidden, so derive it from the clock.
    const endsAt = Date.now() + seconds * 1000;
    const tick = (): void => {
      const left = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
      this.remaining.textContent =
        left > 0 ? l10n.t('Retrying in {0} s', left) : l10n.t('Retrying now…');
      if (left === 0) {
        this.stopTicking();
      }
    };
    tick();
    this.timer = setInterval(tick, 1000);
  }

  /** Removes it (the retry has started answering, or the turn ended). */
  dispose(): void {
    this.stopTicking();
    this.element.remove();
  }

  private stopTicking(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
