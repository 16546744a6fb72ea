// The pdf.js worker, bundled on its own into dist/webview/pdf/pdf-worker.js (esbuild.config.mjs):
// it parses the file, fonts and images off the panel's thread. The panel reads this file from the
// extension (src/webview/pdf/pdfDocument.ts) and starts it from a blob: URL, the only kind of
// worker a webview may start. Importing the module is all it takes: it listens on `self` once
// loaded.
import 'pdfjs-dist/build/pdf.worker.mjs';
