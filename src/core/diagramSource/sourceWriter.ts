// The compact text of a diagram's source, written line by line within a size budget: once the
// budget is spent, further lines are only counted, and the text ends by saying how many were left
// out. Extractors stop early when `full` says so, so a huge diagram costs no more than its budget.

/** The text sent beside one diagram stays within this many characters. */
export const MAX_DIAGRAM_SOURCE_CHARS = 12_000;

export class SourceWriter {
  private readonly lines: string[] = [];
  private used = 0;
  private omitted = 0;

  constructor(private readonly budget = MAX_DIAGRAM_SOURCE_CHARS) {}

  /** Adds a line if it fits; a line that does not fit is counted as left out. */
  line(text: string): void {
    if (this.omitted === 0 && this.used + text.length + 1 <= this.budget - 80) {
      this.lines.push(text);
      this.used += text.length + 1;
    } else {
      this.omitted++;
    }
  }

  /** True once a line has been left out: the caller may stop looking for more. */
  get full(): boolean {
    return this.omitted > 0;
  }

  /** Counts lines the caller chose not to write (it stopped early) as left out. */
  skip(count: number): void {
    this.omitted += Math.max(0, count);
  }

  get text(): string {
    const tail =
      this.omitted > 0 ? [`… ${this.omitted} more line(s) left out to keep this short.`] : [];
    return [...this.lines, ...tail].join('\n');
  }
}
