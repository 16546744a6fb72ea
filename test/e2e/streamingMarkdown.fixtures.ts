// Documents that stress the streaming renderer's open blocks
// (src/webview/markdown/streamingMarkdown.ts): tables grown row by row, code blocks long enough to
// stay open across many frames, and a table markdown-it cuts short. Used by
// streamingMarkdown.test.ts.

/** Tables the streaming renderer grows row by row: every way a table's body can end or bend. */
export const TABLES = `| Component | Owner | Latency |
|:---|:---:|---:|
| Gateway | **edge** team | 12 ms |
| Orders | \`orders.place()\` | 48 ms |
| a \\| escaped pipe | one cell too few |
| five | cells | in | a | row |

| lone header | b |
|---|---|
Paragraph right after a table without rows? No: this line is a row.
# A heading ends it
| x | y |
|---|---|
| 1 | 2 |
> a quote ends it too

| x | y |
|---|---|
| 1 | 2 |
- a list ends it
| x |
|---|
    | indented four: ends it? |
\`\`\`
| a fence ends it |
\`\`\`
| last | table |
| --- | --- |
| unfinished at the end`;

/**
 * A long code block that closes, one that closes on the last line without a newline, one left open.
 */
export const LONG_FENCES = `Before.

\`\`\`ts
${Array.from({ length: 120 }, (_, index) => `const line${index} = "<${index}>" & ${index};`).join('\n')}
\`\`\`
After the first block.
~~~
${Array.from({ length: 60 }, (_, index) => `  ~~ ${index} \u0000`).join('\n')}
~~~

\`\`\`\`
inside
   \`\`\`\`
| not | a table |
\`\`\`
${Array.from({ length: 50 }, (_, index) => `open ${index}`).join('\n')}`;

/**
 * A table markdown-it cuts short: 256 columns and rows of one cell leave 255 cells each to fill,
 * and the body stops once more than 65,536 would be (its MAX_AUTOCOMPLETED_CELLS, counted over
 * the whole table: the first row's 346 extra cells make room for one more row).
 */
export const AUTOCOMPLETE_LIMIT_TABLE = `${'| h '.repeat(256)}|
${'|-'.repeat(256)}|
| wide | ${'x | '.repeat(600)}
${'| 1 |\n'.repeat(265)}after the table`;
