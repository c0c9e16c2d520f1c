// Hides the worker global from pdf.js's worker code while pdfjsBrowser.ts evaluates it, so that
// it does not take over this worker's own message port (see restoreWindow below).

interface MaybeWindow {
  window?: unknown;
}

const scope = globalThis as MaybeWindow;
// pdf.worker.mjs calls initializeFromPort(self) when `window` is undefined and `self` can post
// messages: inside our library worker that would post a stray "ready" message to the page and
// listen on our port. A defined `window` skips it; module evaluation is synchronous, so nothing
// else runs before restoreWindow() removes it again.
const shimmed = typeof scope.window === 'undefined';
if (shimmed) scope.window = globalThis;

export function restoreWindow(): void {
  if (shimmed) delete scope.window;
}
