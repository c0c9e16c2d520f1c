// The URL of Voy's wasm as Vite emits it (dev server, build, worker). Imported lazily by voy.ts
// in browsers only, so Node and tsx never have to resolve a `?url` import.
export { default } from 'voy-search/voy_search_bg.wasm?url';
