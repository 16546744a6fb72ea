// The figures `npm run bench` reports, in the order of issue 8, with their budgets. The keys are
// a contract: bench/results.json holds exactly these.

/** @typedef {{ key: string, label: string, unit: string, digits: number, budget?: { max?: number, min?: number }, note?: string }} Figure */

/** @type {Figure[]} */
export const FIGURES = [
  {
    key: 'activation_ms',
    label: 'activate() in a real extension host',
    unit: 'ms',
    digits: 2,
    budget: { max: 10 },
  },
  {
    key: 'host_bundle_kb',
    label: 'host bundle (minified)',
    unit: 'KB',
    digits: 1,
    budget: { max: 300 },
  },
  {
    key: 'webview_bundle_kb',
    label: 'webview bundle (minified, largest of panel/chat)',
    unit: 'KB',
    digits: 1,
    budget: { max: 250 },
  },
  {
    key: 'webview_lazy_kb',
    label: 'webview modules loaded on demand (Mermaid)',
    unit: 'KB',
    digits: 1,
  },
  // Issue 21 (PDF, TIFF, diagram sources) allows the package to grow to 2.5 MB.
  { key: 'vsix_kb', label: 'packaged .vsix', unit: 'KB', digits: 1, budget: { max: 2560 } },
  {
    key: 'submit_to_request_ms',
    label: 'Analyze in host → first request byte (1 MB image)',
    unit: 'ms',
    digits: 2,
    budget: { max: 30 },
  },
  {
    key: 'first_token_paint_ms',
    label: 'first answer delta written → painted',
    unit: 'ms',
    digits: 1,
    budget: { max: 16 },
  },
  {
    key: 'first_token_ours_ms',
    label: 'of it ours: host (fetch bytes → postMessage) + page (message → painted, less an echo)',
    unit: 'ms',
    digits: 2,
    budget: { max: 4 },
  },
  {
    key: 'first_token_host_ms',
    label: "the host: SDK handed the delta's bytes → webview.postMessage",
    unit: 'ms',
    digits: 2,
  },
  {
    key: 'first_token_webview_ms',
    label: "the page: handling + its frame, less the echo's (same message, no work)",
    unit: 'ms',
    digits: 2,
  },
  {
    key: 'first_token_echo_hop_ms',
    label: 'the platform: echo postMessage → message in the page',
    unit: 'ms',
    digits: 1,
  },
  {
    key: 'first_token_echo_paint_ms',
    label: 'the platform: echo postMessage → next frame painted',
    unit: 'ms',
    digits: 1,
  },
  {
    key: 'render_total_ms',
    label: 'render 20k tokens at 2,000 tok/s: ours, main thread',
    unit: 'ms',
    digits: 0,
    budget: { max: 500 },
  },
  {
    key: 'render_naive_total_ms',
    label: 'same stream, markdown-it re-render per delta',
    unit: 'ms',
    digits: 0,
  },
  { key: 'render_speedup', label: 'naive ÷ ours', unit: '×', digits: 1, budget: { min: 250 } },
  {
    key: 'render_max_frame_ms',
    label: 'longest main-thread task during the stream',
    unit: 'ms',
    digits: 1,
    budget: { max: 8 },
  },
  {
    key: 'render_floor_ms',
    label: 'same stream to a page that ignores it: receiving the messages',
    unit: 'ms',
    digits: 0,
  },
  {
    key: 'render_large_total_ms',
    label: '2,000-line code block + 300-row table at 5,000 tok/s: main thread',
    unit: 'ms',
    digits: 0,
  },
  {
    key: 'render_large_max_frame_ms',
    label: 'longest main-thread task during that stream',
    unit: 'ms',
    digits: 1,
    budget: { max: 8 },
  },
  {
    key: 'conversation_restore_ms',
    label: 'reopen a conversation of 30 turns (regions, long answers): init → painted',
    unit: 'ms',
    digits: 0,
  },
  {
    key: 'conversation_restore_one_ms',
    label: 'the same with one turn',
    unit: 'ms',
    digits: 0,
  },
  {
    key: 'conversation_heap_mb',
    label: 'JavaScript heap of the panel holding those 30 turns',
    unit: 'MB',
    digits: 1,
  },
  {
    key: 'conversation_heap_one_mb',
    label: 'the same with one turn',
    unit: 'MB',
    digits: 1,
  },
  {
    key: 'conversation_followup_ms',
    label: 'a 2,000-token follow-up after those 30 turns: main thread',
    unit: 'ms',
    digits: 0,
  },
  {
    key: 'conversation_followup_one_ms',
    label: 'the same after one turn',
    unit: 'ms',
    digits: 0,
  },
  {
    key: 'image_prep_ms',
    label: 'prepare a 12 MP screenshot PNG in the webview (default: overview + tiles)',
    unit: 'ms',
    digits: 0,
    budget: { max: 300 },
  },
  {
    key: 'image_bytes_ratio',
    label: 'prepared bytes (overview + tiles) ÷ original bytes',
    unit: '',
    digits: 3,
    budget: { max: 0.15 },
  },
  { key: 'image_screenshot_bytes_before', label: 'screenshot PNG on disk', unit: 'B', digits: 0 },
  {
    key: 'image_screenshot_bytes_after',
    label: 'screenshot as sent (overview + tiles)',
    unit: 'B',
    digits: 0,
  },
  {
    key: 'image_prep_one_copy_ms',
    label: 'same screenshot, detail "high": one copy',
    unit: 'ms',
    digits: 0,
  },
  {
    key: 'image_bytes_ratio_one_copy',
    label: "one copy's bytes ÷ original bytes",
    unit: '',
    digits: 3,
  },
  {
    key: 'image_photo_prep_ms',
    label: 'prepare a 12 MP photo-like JPEG (default)',
    unit: 'ms',
    digits: 0,
  },
  { key: 'image_photo_bytes_before', label: 'photo JPEG on disk', unit: 'B', digits: 0 },
  { key: 'image_photo_bytes_after', label: 'photo as sent', unit: 'B', digits: 0 },
  {
    key: 'image_photo_bytes_ratio',
    label: 'photo: prepared bytes ÷ original bytes',
    unit: '',
    digits: 3,
  },
  {
    key: 'zoom_tiles_question_tokens',
    label: '12 MP screenshot, one question, old default (overview + 24 tiles): input tokens',
    unit: '',
    digits: 0,
    note: 'report',
  },
  {
    key: 'zoom_question_tokens',
    label:
      'same question, new default (overview; the model zooms once): input tokens, both requests',
    unit: '',
    digits: 0,
    note: 'report',
  },
  {
    key: 'zoom_tiles_question_bytes',
    label: 'same question, old default: image bytes sent',
    unit: 'B',
    digits: 0,
    note: 'report',
  },
  {
    key: 'zoom_question_bytes',
    label: 'same question, new default: image bytes sent, both requests',
    unit: 'B',
    digits: 0,
    note: 'report',
  },
  {
    key: 'zoom_conversation_tokens_before',
    label: 'three questions on it, old default: input tokens',
    unit: '',
    digits: 0,
    note: 'report',
  },
  {
    key: 'zoom_conversation_tokens_after',
    label: 'three questions on it, new default (one zoom each): input tokens',
    unit: '',
    digits: 0,
    note: 'report',
  },
  {
    key: 'image_diagram_prep_ms',
    label: 'prepare a small diagram (1400×900 palette PNG, within the size)',
    unit: 'ms',
    digits: 0,
  },
  {
    key: 'image_diagram_bytes_ratio',
    label: 'small diagram: bytes sent ÷ original bytes',
    unit: '',
    digits: 3,
    budget: { max: 1 },
  },
  {
    key: 'image_screenshot_hd_prep_ms',
    label: 'prepare a 1920×1080 screenshot PNG (within the size)',
    unit: 'ms',
    digits: 0,
  },
  {
    key: 'image_screenshot_hd_bytes_ratio',
    label: '1920×1080 screenshot: bytes sent ÷ original bytes',
    unit: '',
    digits: 3,
    budget: { max: 1 },
  },
  {
    key: 'image_tall_bytes_ratio',
    label: 'tall diagram (600×3000 palette PNG, resized): bytes sent ÷ original bytes',
    unit: '',
    digits: 3,
    budget: { max: 1 },
  },
  {
    key: 'image_huge_prep_ms',
    label: 'prepare a 50 MP photo JPEG (8660×5774)',
    unit: 'ms',
    digits: 0,
  },
  {
    key: 'image_huge_stall_ms',
    label: 'longest the panel froze while preparing it (gap between timer ticks)',
    unit: 'ms',
    digits: 0,
  },
  {
    key: 'host_heap_mb_10_panels',
    label: 'extension-host heap growth, 10 finished conversations',
    unit: 'MB',
    digits: 1,
    note: 'report',
  },
  {
    key: 'parser_worst_delta_us',
    label: 'worst cost of one answer delta, hostile 200k-character answers (grounding, think tags)',
    unit: 'µs',
    digits: 2,
    budget: { max: 50 },
  },
  {
    key: 'parser_growth_exponent',
    label:
      'exponent of a whole stream’s time against its length, 25k–200k (1: linear, 2: quadratic)',
    unit: '',
    digits: 2,
    budget: { max: 1.3 },
  },
  {
    key: 'summariser_growth_exponent',
    label: 'error summariser: exponent of time against body size, hostile bodies to 560 KB',
    unit: '',
    digits: 2,
    budget: { max: 1.3 },
  },
  {
    key: 'diagram_source_growth_exponent',
    label: 'diagram-source readers: exponent of time against size, hostile SVGs 512 KB–4 MB',
    unit: '',
    digits: 2,
    budget: { max: 1.3 },
  },
  {
    key: 'sse_line_growth_exponent',
    label:
      'openai SDK SSE decoder: exponent of time against one line’s length, 250k–2M characters in 256-byte chunks',
    unit: '',
    digits: 2,
    budget: { max: 1.3 },
  },
];

export const FIGURE_KEYS = FIGURES.map((figure) => figure.key);

/** 'yes', 'no', or 'report' (no budget), for one value. */
export function withinBudget(figure, value) {
  if (!figure.budget) return 'report';
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'no';
  if (figure.budget.max !== undefined && value > figure.budget.max) return 'no';
  if (figure.budget.min !== undefined && value < figure.budget.min) return 'no';
  return 'yes';
}

export function describeBudget(figure) {
  if (!figure.budget) return figure.note ?? '—';
  const unit = figure.unit && figure.unit !== '×' ? ` ${figure.unit}` : figure.unit;
  if (figure.budget.max !== undefined) return `≤ ${figure.budget.max}${unit}`;
  return `≥ ${figure.budget.min}${unit}`;
}

export function formatValue(figure, value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'missing';
  const text = value.toLocaleString('en-US', {
    minimumFractionDigits: figure.digits,
    maximumFractionDigits: figure.digits,
  });
  return figure.unit === '×' ? `${text}×` : figure.unit ? `${text} ${figure.unit}` : text;
}

/** The table `npm run bench` prints (and bench/README.md keeps), as Markdown. */
export function resultTable(results) {
  const rows = [
    ['figure', 'value', 'budget', 'within budget'],
    ['---', '---:', '---:', ':---:'],
  ];
  for (const figure of FIGURES) {
    const value = results[figure.key];
    rows.push([
      `\`${figure.key}\` — ${figure.label}`,
      formatValue(figure, value),
      describeBudget(figure),
      withinBudget(figure, value),
    ]);
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row, index) =>
      index === 1
        ? `|${widths.map((width, column) => (row[column].startsWith(':') && row[column].endsWith(':') ? `:${'-'.repeat(width)}:` : row[column].endsWith(':') ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`
        : `| ${row.map((cell, column) => (column === 1 || column === 2 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join(' | ')} |`,
    )
    .join('\n');
}
