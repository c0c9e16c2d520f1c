// pdf.js for browsers (a page or a module worker), with its "worker" running in this thread:
// we are already off the main thread, and this needs no worker URL, CDN or extra file.

// Evaluation follows this order: the API, then the shim, then pdf.js's worker code (which
// registers globalThis.pdfjsWorker, the in-thread handler the API looks for), then the body.
export * from 'pdfjs-dist';
import { restoreWindow } from './pdfjsWindowShim';
import 'pdfjs-dist/build/pdf.worker.mjs';

restoreWindow();
