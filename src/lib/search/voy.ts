// Loads voy-search (its only importer, with voyWasmUrl.ts which names the wasm file) in Node,
// Vite dev, a production build and a module worker: the package's own loader only works in
// bundlers, so we instantiate its wasm ourselves.
import * as bg from 'voy-search/voy_search_bg.js';
import { RagtuneError } from '../errors';

export type Voy = bg.Voy;
export type VoyResource = bg.Resource;
export type VoyConstructor = typeof bg.Voy;

let loading: Promise<VoyConstructor> | undefined;

/**
 * Returns Voy's class once its wasm is running; memoised, so every caller shares one instance.
 * Pass `wasm` to supply the module's bytes yourself; otherwise the browser fetches the URL Vite
 * emits and Node reads the file from node_modules.
 */
export function loadVoy(wasm?: BufferSource): Promise<VoyConstructor> {
  loading ??= instantiate(wasm).catch((error: unknown) => {
    loading = undefined; // let a later call retry
    throw new RagtuneError(
      'internal',
      `The vector search engine (Voy) failed to load: ${String(error)}`,
      { cause: error },
    );
  });
  return loading;
}

async function instantiate(wasm: BufferSource | undefined): Promise<VoyConstructor> {
  const bytes = wasm ?? (isNode() ? await readInNode() : await fetchInBrowser());
  const imports = { './voy_search_bg.js': bg as unknown as WebAssembly.ModuleImports };
  const { instance } = await WebAssembly.instantiate(bytes, imports);
  bg.__wbg_set_wasm(instance.exports);
  return bg.Voy;
}

function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

async function fetchInBrowser(): Promise<ArrayBuffer> {
  // A separate module, imported only here, so Node never sees the `?url` import.
  const { default: url } = await import('./voyWasmUrl');
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.arrayBuffer();
}

async function readInNode(): Promise<Uint8Array<ArrayBuffer>> {
  // Variable specifiers with @vite-ignore keep node: modules out of browser bundles.
  const fsName = 'node:fs/promises';
  const moduleName = 'node:module';
  const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs/promises');
  const { createRequire } = (await import(
    /* @vite-ignore */ moduleName
  )) as typeof import('node:module');
  const path = createRequire(import.meta.url).resolve('voy-search/voy_search_bg.wasm');
  return new Uint8Array(await fs.readFile(path));
}
