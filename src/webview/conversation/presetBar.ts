// The task presets beside the task box (the `multimodalReasoning.taskPresets` setting): one
// button each; choosing one puts its task in the box, to send as is or edit first.

import * as l10n from '@vscode/l10n';
import type { TaskPreset } from '../../core/protocol';
import { h } from '../dom';

export class PresetBar {
  readonly element: HTMLElement;

  constructor(private readonly onChoose: (task: string) => void) {
    this.element = h('div', {
      class: 'preset-bar',
      role: 'group',
      'aria-label': l10n.t('Task presets'),
      hidden: true,
    });
  }

  setPresets(presets: readonly TaskPreset[]): void {
    this.element.replaceChildren(
      ...presets.map((preset) => {
        const button = h(
          'button',
          { type: 'button', class: 'preset', title: preset.task },
          preset.label,
        );
        button.addEventListener('click', () => this.onChoose(preset.task));
        return button;
      }),
    );
    this.element.hidden = presets.length === 0;
  }
}
