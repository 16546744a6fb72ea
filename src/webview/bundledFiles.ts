// Files built beside the page's own script (dist/webview/…) that it loads only the first time
// they are needed: a library's module by import(), which carries the script's nonce, and a
// worker's code, started from a blob: URL, the only kind of worker a webview allows. A load that
// fails is forgotten, so the next use tries again.

/** The panel's (or chat's) own script, read while it first runs: the files are next to it. */
const scriptUrl =
  document.currentScript instanceof HTMLScriptElement ? document.currentScript.src : undefined;

/** The address of `file` (e.g. `pdf/pdf.js`) beside the page's script. */
export function bundledUrl(file: string): string {
  return new URL(file, scriptUrl ?? document.baseURI).href;
}

/** `load`, run on the first call and its promise kept for the next; a failed load is dropped. */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    }));
}

/** A blob: URL of the worker code in `file` beside the page's script. */
export async function workerBlobUrl(file: string): Promise<string> {
  const response = await fetch(bundledUrl(file));
  if (!response.ok) {
    throw new Error(`HTTP ${response.status}`);
  }
  return URL.createObjectURL(new Blob([await response.blob()], { type: 'text/javascript' }));
}
