// The streaming renderer against one render of the whole document, in the markdown harness page:
// each document is appended in chunks, rendered after a random share of them, and the DOM
// compared. The panel's streaming tests and the streaming markdown tests run it on their own
// documents.

/** A document, and how many random chunkings it gets besides the split after its third line. */
export type ChunkedDocument = readonly [text: string, seeds: number];

/**
 * Runs in the page (give it to page.evaluate: it uses nothing from outside itself). For each
 * document, seed 0 renders its first three lines, then the rest in one delta (an open block that
 * a single delta finishes and follows with more blocks); seeds 1…n append random chunks. Returns
 * the chunkings whose DOM differs from one render of the whole.
 */
export function chunkingMismatches(documents: readonly ChunkedDocument[]): string[] {
  const { createMarkdown, StreamingMarkdown } = (globalThis as any).markdownHarness;
  const md = createMarkdown();
  const document_ = (globalThis as any).document;
  const failures: string[] = [];
  for (const [text, seeds] of documents) {
    const expected = document_.createElement('div');
    expected.innerHTML = md.render(text);
    const thirdLine = text.split('\n', 3).join('\n').length + 1;
    for (let seed = 0; seed <= seeds; seed++) {
      const container = document_.createElement('div');
      // No frames: the test renders (flush) after a random share of the deltas.
      const view = new StreamingMarkdown(container, { md, schedule: () => () => undefined });
      if (seed === 0) {
        view.append(text.slice(0, thirdLine));
        view.flush();
        view.append(text.slice(thirdLine));
      } else {
        let state = seed;
        for (let index = 0; index < text.length;) {
          state = (state * 1103515245 + 12345) & 0x7fffffff;
          const length = 1 + (state % (seed % 2 ? 3 : 17));
          view.append(text.slice(index, index + length));
          index += length;
          if (state % 3 !== 0) {
            view.flush();
          }
        }
      }
      view.finish();
      if (container.innerHTML !== expected.innerHTML) {
        failures.push(`seed ${seed}: ${JSON.stringify(text.slice(0, 40))}`);
      }
    }
  }
  return failures;
}
