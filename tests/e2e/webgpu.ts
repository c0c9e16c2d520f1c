// Makes WebGPU absent, or present with a capable (stand-in) adapter, in the page and in the WebLLM
// worker, so that a test of either path runs the same on every machine, with or without a GPU.
import type { Page } from '@playwright/test';

const define = (gpu: string) =>
  `Object.defineProperty(Object.getPrototypeOf(navigator), 'gpu', { get: () => ${gpu}, configurable: true });`;

/** No navigator.gpu at all: a browser without WebGPU. */
const NONE = define('undefined');

/** An adapter that passes every pre-load check (shader-f16, 2 GiB buffers) but has no device. */
const CAPABLE = `{
  const adapter = {
    features: new Set(['shader-f16']),
    limits: { maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 31 },
    isFallbackAdapter: false,
    info: { vendor: 'ragtune-test', architecture: 'test', description: 'Test GPU', isFallbackAdapter: false },
    requestDevice: async () => { throw new Error('The test GPU has no device.'); },
  };
  const gpu = { requestAdapter: async () => adapter, getPreferredCanvasFormat: () => 'bgra8unorm' };
  ${define('gpu')}
}`;

export async function forceWebgpu(page: Page, kind: 'none' | 'capable'): Promise<void> {
  const script = kind === 'none' ? NONE : CAPABLE;
  await page.addInitScript(script);
  // The WebLLM worker runs the checks: its script gets the same first lines.
  await page.route('**/assets/host.worker-*.js', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `${script}\n${await response.text()}` });
  });
}
