// The bare side of bench:generate: a page whose worker calls transformers.js' text-generation
// pipeline directly, with none of the app around it. `runBare` is called by the benchmark.
import type { BareRequest, BareResult } from './bare.worker';

function runBare(request: BareRequest): Promise<BareResult> {
  const worker = new Worker(new URL('./bare.worker.ts', import.meta.url), { type: 'module' });
  return new Promise((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<BareResult | { error: string }>) => {
      worker.terminate();
      if ('error' in e.data) reject(new Error(e.data.error));
      else resolve(e.data);
    };
    worker.postMessage(request);
  });
}

Object.assign(globalThis, { runBare });
