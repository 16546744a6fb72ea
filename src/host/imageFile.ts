// Reads an image the user picked, through `workspace.fs` so remote and virtual workspaces
// work, and checks it before anything else sees it: size cap first (never read a huge file
// whole), then the type from its magic bytes (never trust the extension), then what its header
// claims (a broken PNG, or a decompression bomb that would take gigabytes to decode).
import * as vscode from 'vscode';
import {
  formatBytes,
  isHeif,
  isPdf,
  MAX_IMAGE_FILE_BYTES,
  PDF_MIME,
  sniffImageMime,
} from '../core/imageFacts';
import { headerProblem, MAX_IMAGE_PIXELS } from '../core/imageHeader';
import { SUPPORTED_FORMATS_TEXT } from '../core/imageLimits';

export interface LoadedImage {
  readonly uri: vscode.Uri;
  readonly name: string;
  readonly mime: string;
  readonly bytes: number;
  readonly data: Uint8Array;
}

export class ImageFileError extends Error {}

export function imageFileName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.path;
}

/**
 * `documents`: a PDF is accepted too (the analysis panel shows its pages; a chosen page then goes
 * as an image). pdf.js in the panel's worker reads it, and says when it is damaged or encrypted.
 */
export async function loadImageFile(
  uri: vscode.Uri,
  { documents = false }: { readonly documents?: boolean } = {},
): Promise<LoadedImage> {
  const name = imageFileName(uri);
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch (error) {
    throw new ImageFileError(vscode.l10n.t('Cannot open "{0}": {1}', name, describeFsError(error)));
  }
  if (stat.type & vscode.FileType.Directory) {
    throw new ImageFileError(vscode.l10n.t('"{0}" is a folder, not an image.', name));
  }
  if (stat.size === 0) {
    throw new ImageFileError(vscode.l10n.t('"{0}" is empty (0 bytes).', name));
  }
  if (stat.size > MAX_IMAGE_FILE_BYTES) {
    throw new ImageFileError(
      vscode.l10n.t(
        '"{0}" is {1}; images larger than {2} are not analyzed.',
        name,
        formatBytes(stat.size),
        formatBytes(MAX_IMAGE_FILE_BYTES),
      ),
    );
  }
  let data: Uint8Array;
  try {
    data = await vscode.workspace.fs.readFile(uri);
  } catch (error) {
    throw new ImageFileError(vscode.l10n.t('Cannot read "{0}": {1}', name, describeFsError(error)));
  }
  const mime = sniffImageMime(data);
  if (!mime && isHeif(data)) {
    throw new ImageFileError(heifAdvice(name));
  }
  if (!mime && documents && isPdf(data)) {
    return { uri, name, mime: PDF_MIME, bytes: data.byteLength, data };
  }
  if (!mime) {
    throw new ImageFileError(
      vscode.l10n.t(
        '"{0}" is not an image this extension can read (supported: {1}).',
        name,
        documents ? `${SUPPORTED_FORMATS_TEXT}, PDF` : SUPPORTED_FORMATS_TEXT,
      ),
    );
  }
  const problem = headerProblem(data, mime);
  if (problem?.kind === 'truncated') {
    throw new ImageFileError(
      vscode.l10n.t(
        '"{0}" is damaged or incomplete: the {1} data ends before its end marker. Save or download it again.',
        name,
        problem.format,
      ),
    );
  }
  if (problem?.kind === 'unreadableSize') {
    throw new ImageFileError(
      vscode.l10n.t(
        '"{0}" does not say how large its image is, as every {1} file must, so it is not decoded: it may be damaged. Save it again from an image editor.',
        name,
        problem.format,
      ),
    );
  }
  if (problem?.kind === 'damaged') {
    throw new ImageFileError(
      vscode.l10n.t(
        '"{0}" is a damaged {1} file ({2}), so it is not decoded. Save it again from the program that made it.',
        name,
        problem.format,
        problem.reason,
      ),
    );
  }
  if (problem?.kind === 'tooManyPages') {
    throw new ImageFileError(
      vscode.l10n.t(
        '"{0}" has more than {1} pages, more than a {2} this extension opens. Split it, or save the pages you want as images.',
        name,
        problem.max,
        problem.format,
      ),
    );
  }
  if (problem?.kind === 'xmlBomb') {
    throw new ImageFileError(
      vscode.l10n.t(
        '"{0}" declares XML entities that expand into other entities (an "XML bomb" that takes gigabytes to read), so it is not opened.',
        name,
      ),
    );
  }
  if (problem?.kind === 'tooManyPixels') {
    const { width, height } = problem.size;
    throw new ImageFileError(
      vscode.l10n.t(
        '"{0}" is {1}×{2} pixels ({3} megapixels); images larger than {4} megapixels are not analyzed, since decoding one takes gigabytes of memory. Scale it down first.',
        name,
        width,
        height,
        Math.round((width * height) / 1e6),
        MAX_IMAGE_PIXELS / 1e6,
      ),
    );
  }
  return { uri, name, mime, bytes: data.byteLength, data };
}

/**
 * HEIC/HEIF (an iPhone's photos): Chromium cannot decode it and no decoder ships here (a
 * WebAssembly libheif would add about 1.5 MB and need 'wasm-unsafe-eval' in the webview's CSP),
 * so the user is told how to convert it, on each platform.
 */
function heifAdvice(name: string): string {
  return vscode.l10n.t(
    '"{0}" is a HEIC/HEIF photo, which VS Code cannot display. Convert it to JPEG or PNG, then analyze that: on macOS open it in Preview and choose File > Export (or run sips -s format jpeg "{0}" --out photo.jpg); on Windows open it in Photos and choose Save as; on Linux run heif-convert "{0}" photo.jpg (package libheif-examples). On an iPhone, Settings > Camera > Formats > Most Compatible takes JPEG photos.',
    name,
  );
}

function describeFsError(error: unknown): string {
  if (error instanceof vscode.FileSystemError) {
    switch (error.code) {
      case 'FileNotFound':
      case 'EntryNotFound':
        return vscode.l10n.t('the file no longer exists.');
      case 'NoPermissions':
        return vscode.l10n.t('permission denied.');
      case 'Unavailable':
        return vscode.l10n.t('the file system is unavailable.');
    }
  }
  return error instanceof Error ? error.message : String(error);
}
