// The task box: a labelled textarea, Analyze (Ctrl/Cmd+Enter) that turns into Stop (Escape)
// while a turn streams, a hint line, the model in use, and a slot for request-level alerts.

import { h, icon, Icons } from '../dom';
import * as l10n from '@vscode/l10n';

export interface ComposerCallbacks {
  onSubmit(task: string): void;
  onStop(): void;
  onDraftChange(text: string): void;
  onSelectModel(): void;
  /** Up in an empty box: the task to bring back (the last one asked), if any. */
  recallTask?(): string | undefined;
}

/** Why Analyze cannot be pressed right now, shown as the hint; undefined when it can. */
export type Blocker = { readonly message: string; readonly busy: boolean } | undefined;

const isMac = /Mac|iPhone|iPad/.test(navigator.platform);
const SUBMIT_KEYS = isMac ? '⌘Enter' : 'Ctrl+Enter';

export interface ComposerOptions {
  /** The submit button's label ("Analyze" in the analysis panel). */
  readonly submitLabel?: string;
  readonly placeholder?: string;
  /** What blocks submitting at first (the analysis panel waits for its image). */
  readonly blocker?: Blocker;
}

export class TaskComposer {
  readonly element: HTMLElement;
  readonly textarea: HTMLTextAreaElement;
  private readonly analyzeButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly modelButton: HTMLButtonElement;
  private readonly hint: HTMLElement;
  private readonly alertSlot: HTMLElement;
  private readonly toolbarStart: HTMLElement;
  private readonly label: HTMLElement;
  private readonly submitLabel: string;
  private streaming = false;
  private blocker: Blocker;
  private transientHint: string | undefined;

  constructor(
    private readonly callbacks: ComposerCallbacks,
    options: ComposerOptions = {},
  ) {
    this.submitLabel = options.submitLabel ?? l10n.t('Analyze');
    this.blocker = options.blocker;
    this.textarea = h('textarea', {
      id: 'task-input',
      class: 'task-input',
      rows: 2,
      placeholder: options.placeholder ?? l10n.t('explain this architecture'),
      spellcheck: 'true',
      'aria-describedby': 'composer-hint',
    });
    this.analyzeButton = h(
      'button',
      {
        type: 'button',
        class: 'button primary submit-button',
        title: `${this.submitLabel} (${SUBMIT_KEYS})`,
      },
      this.submitLabel,
    );
    this.stopButton = h(
      'button',
      {
        type: 'button',
        class: 'button primary stop-button',
        title: l10n.t('Stop (Escape)'),
        hidden: true,
      },
      icon(Icons.stop),
      l10n.t('Stop'),
    );
    this.modelButton = h('button', {
      type: 'button',
      class: 'model-button',
      title: l10n.t('Select Model'),
      hidden: true,
    });
    this.hint = h('p', { class: 'composer-hint', id: 'composer-hint' });
    this.alertSlot = h('div', { class: 'composer-alerts' });
    this.toolbarStart = h('span', { class: 'composer-options' });
    this.label = h('label', { class: 'composer-label', for: 'task-input' }, l10n.t('Task'));
    this.element = h(
      'div',
      { class: 'composer' },
      this.alertSlot,
      this.label,
      h(
        'div',
        { class: 'composer-box' },
        this.textarea,
        h(
          'div',
          { class: 'composer-toolbar' },
          this.modelButton,
          this.toolbarStart,
          h('span', { class: 'spacer' }),
          this.analyzeButton,
          this.stopButton,
        ),
      ),
      this.hint,
    );

    this.analyzeButton.addEventListener('click', () => this.submit());
    this.stopButton.addEventListener('click', () => this.callbacks.onStop());
    this.modelButton.addEventListener('click', () => this.callbacks.onSelectModel());
    this.textarea.addEventListener('keydown', (event) => {
      if (
        event.key === 'ArrowUp' &&
        !event.shiftKey &&
        !event.altKey &&
        !event.ctrlKey &&
        !event.metaKey &&
        this.textarea.value === ''
      ) {
        const recalled = this.callbacks.recallTask?.();
        if (recalled) {
          event.preventDefault();
          this.setValue(recalled, { focus: true });
        }
        return;
      }
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        if (!this.streaming) {
          this.submit();
        }
      }
    });
    this.textarea.addEventListener('input', () => {
      this.autoGrow();
      this.callbacks.onDraftChange(this.textarea.value);
      if (this.transientHint && this.textarea.value.trim()) {
        this.setTransientHint(undefined);
      }
    });
    this.render();
  }

  /** A row above the task box (the task presets). */
  addRow(row: HTMLElement): void {
    this.label.after(row);
  }

  /**
   * Something said under Analyze, right-aligned beside the hint (the question's estimated
   * cost): the toolbar has no room to spare in a narrow pane.
   */
  addBesideSubmit(element: HTMLElement): void {
    const row = h('div', { class: 'composer-footer' });
    this.hint.replaceWith(row);
    row.append(this.hint, element);
  }

  /** A control in the toolbar, after the model (Show on diagram, the selected region). */
  addOption(option: HTMLElement): void {
    this.toolbarStart.append(option);
  }

  get value(): string {
    return this.textarea.value;
  }

  /** Puts text in the box (a restored draft, a retried task, a suggestion). */
  setValue(text: string, options: { focus?: boolean } = {}): void {
    this.textarea.value = text;
    this.autoGrow();
    this.callbacks.onDraftChange(text);
    if (options.focus) {
      this.textarea.focus();
      this.textarea.setSelectionRange(text.length, text.length);
    }
  }

  /** Puts the cursor in the task box, at the end of what is typed. */
  focus(): void {
    this.textarea.focus();
    this.textarea.setSelectionRange(this.textarea.value.length, this.textarea.value.length);
  }

  /** After a successful turn the box invites a follow-up; `clear` empties it too. */
  inviteFollowUp(clear: boolean): void {
    this.textarea.placeholder = l10n.t('Ask a follow-up…');
    if (clear) {
      this.setValue('');
    }
  }

  setModel(model: string): void {
    this.modelButton.hidden = !model;
    this.modelButton.textContent = model;
    this.modelButton.setAttribute('aria-label', l10n.t('Model: {0}', model));
  }

  setStreaming(streaming: boolean): void {
    const hadFocus = document.activeElement === (streaming ? this.analyzeButton : this.stopButton);
    this.streaming = streaming;
    this.render();
    if (hadFocus) {
      (streaming ? this.stopButton : this.textarea).focus();
    }
  }

  get isStreaming(): boolean {
    return this.streaming;
  }

  setBlocker(blocker: Blocker): void {
    this.blocker = blocker;
    this.render();
  }

  showAlert(alert: HTMLElement): void {
    this.alertSlot.replaceChildren(alert);
  }

  clearAlert(): void {
    this.alertSlot.replaceChildren();
  }

  private submit(): void {
    const task = this.textarea.value.trim();
    if (this.blocker) {
      return;
    }
    if (!task) {
      this.setTransientHint(l10n.t('Type a task first, for example “explain this architecture”.'));
      this.textarea.focus();
      return;
    }
    this.setTransientHint(undefined);
    this.callbacks.onSubmit(task);
  }

  private setTransientHint(text: string | undefined): void {
    this.transientHint = text;
    this.textarea.toggleAttribute('aria-invalid', text !== undefined);
    this.render();
  }

  private render(): void {
    this.analyzeButton.hidden = this.streaming;
    this.stopButton.hidden = !this.streaming;
    this.analyzeButton.disabled = this.blocker !== undefined;
    let hint: string;
    if (this.streaming) {
      hint = l10n.t('Esc to stop');
    } else if (this.blocker) {
      hint = this.blocker.message;
    } else {
      hint =
        this.transientHint ?? l10n.t('{0} to {1}', SUBMIT_KEYS, this.submitLabel.toLowerCase());
    }
    this.hint.textContent = hint;
    this.hint.classList.toggle('busy', !this.streaming && this.blocker?.busy === true);
    this.hint.classList.toggle(
      'warning',
      !this.streaming && !this.blocker && this.transientHint !== undefined,
    );
  }

  /** Grows with its content up to the CSS max-height (set from script: CSP allows CSSOM). */
  private autoGrow(): void {
    this.textarea.style.height = 'auto';
    this.textarea.style.height = `${this.textarea.scrollHeight + 2}px`;
  }
}
