// Real files as property tests damage them: one of the given files with up to eight of its bytes
// changed anywhere, and a number the test may cut it at. Readers of binary formats must read or
// refuse such a file, never throw on it.
import fc from 'fast-check';

export interface DamagedFile {
  /** Which of the given files it is. */
  readonly which: number;
  /** A changed copy: the given file is left as it was. */
  readonly file: Buffer;
  /** Any natural number: the test takes it modulo the length it allows. */
  readonly cutAt: number;
}

export function damagedFile(files: readonly Uint8Array[]): fc.Arbitrary<DamagedFile> {
  return fc
    .tuple(
      fc.nat({ max: files.length - 1 }),
      fc.nat(),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
    )
    .map(([which, cutAt, changes]) => {
      const file = Buffer.from(files[which]);
      for (const [at, value] of changes) {
        file[at % file.length] = value;
      }
      return { which, file, cutAt };
    });
}
