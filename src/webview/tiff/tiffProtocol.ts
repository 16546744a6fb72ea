// What the page and its TIFF worker say to each other (tiffPages.ts ↔ tiffWorker.ts).

export interface TiffRequest {
  readonly id: number;
  /** The whole file (a copy: the page keeps its own). */
  readonly bytes: ArrayBuffer;
  /** The page wanted, from 0; out of range is clamped. */
  readonly page: number;
  /** A page above this many pixels is refused before it is decoded. */
  readonly maxPixels: number;
}

/** A page of the file, decoded into a PNG. */
export interface TiffPageImage {
  readonly png: Blob;
  readonly width: number;
  readonly height: number;
  /** The page decoded, from 0, and how many the file has. */
  readonly index: number;
  readonly count: number;
}

export type TiffReply =
  | (TiffPageImage & { readonly id: number })
  | {
      readonly id: number;
      readonly error: 'damaged' | 'tooManyPages' | 'tooLarge' | 'decode';
      readonly detail: string;
      readonly index?: number;
      readonly count?: number;
    };
