// The task presets beside the task box: a short label, and the task it puts in the box. They
// come from the `multimodalReasoning.taskPresets` setting; entries that are not a label and a
// task are skipped, so a typo in settings.json costs that one preset, not the row.

export interface TaskPreset {
  readonly label: string;
  readonly task: string;
}

/** Kept in step with the setting's default in package.json (a unit test compares them). */
export const DEFAULT_TASK_PRESETS: readonly TaskPreset[] = [
  {
    label: 'Explain this architecture',
    task: 'Explain this architecture: its components, what each is for, and how they connect.',
  },
  {
    label: 'Walk the data flow step by step',
    task: 'Walk through the data flow step by step, from where a request enters to where its data ends up.',
  },
  {
    label: 'Find single points of failure and security risks',
    task: 'Find the single points of failure and the security risks in this architecture, and suggest how to address each.',
  },
  {
    label: 'Generate Mermaid',
    task: 'Redraw this diagram as Mermaid code in one ```mermaid block, keeping every component, connection and label. Use a flowchart unless another diagram type fits better.',
  },
  {
    label: 'Extract all text',
    task: 'Extract all the text in this image, grouped by where it appears, exactly as written.',
  },
  {
    label: 'Write alt text',
    task: 'Write concise alt text for this image (at most two sentences) for a screen reader user.',
  },
];

const MAX_PRESETS = 20;

export function parseTaskPresets(value: unknown): TaskPreset[] {
  if (!Array.isArray(value)) {
    return [...DEFAULT_TASK_PRESETS];
  }
  const presets: TaskPreset[] = [];
  for (const entry of value) {
    if (typeof entry !== 'object' || entry === null) {
      continue;
    }
    const { label, task } = entry as Record<string, unknown>;
    if (typeof label === 'string' && typeof task === 'string' && label.trim() && task.trim()) {
      presets.push({ label: label.trim(), task: task.trim() });
    }
  }
  return presets.slice(0, MAX_PRESETS);
}
