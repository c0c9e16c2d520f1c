// Types for voy-search's wasm-bindgen glue module, which the package ships without a .d.ts.
// voy.ts imports this module directly so it can instantiate the wasm itself (see stack-facts).
declare module 'voy-search/voy_search_bg.js' {
  export * from 'voy-search';
  export function __wbg_set_wasm(exports: WebAssembly.Exports): void;
}
