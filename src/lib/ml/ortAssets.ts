// URLs of ONNX Runtime's wasm runtime as files the app itself serves (never a CDN). Browser only:
// the `?url` imports are Vite's; Node code must not import this module (transformers.ts loads it lazily).
import ortWasmFactoryUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import ortWasmBinaryUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';

/**
 * transformers.js 4.3.1 loads onnxruntime-web's WebGPU bundle, which runs on the asyncify build
 * for both the wasm and the webgpu device: these two files are all it fetches.
 */
export const ORT_WASM_PATHS = { mjs: ortWasmFactoryUrl, wasm: ortWasmBinaryUrl } as const;
