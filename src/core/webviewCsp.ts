// The Content-Security-Policy of every conversation webview, in one place so the browser tests
// serve the panel under exactly the policy VS Code does.
//
// No remote loads of any kind: images, styles and fonts come only from the extension's own
// resources (`cspSource`), images also from data:/blob: URLs the page makes itself. The page may
// fetch() those same resources (the image file, read once for the viewer and the model:
// src/webview/image/imageSession.ts), nothing else. Scripts only
// by nonce; the lazily imported Mermaid bundle inherits the panel script's nonce (a dynamic
// import() carries its importer's nonce), so no script source is widened and there is no
// 'unsafe-eval'. Workers only from blob: URLs the page makes (a webview cannot start one from
// the extension's files): the image encoders' worker, whose code is text inside the page script
// (src/webview/image/imageEncoders.ts); model output makes no scripts. Styles allow 'unsafe-inline'
// because Mermaid lays a diagram out in the live page with style attributes and a <style>
// element (as VS Code's own Markdown preview allows); model output cannot use it: markdown is
// rendered with raw HTML off, and the finished diagram is shown as an <img>.
export function webviewCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data: blob:`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `font-src ${cspSource}`,
    `connect-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    'worker-src blob:',
  ].join('; ');
}
