// The installable, offline app: a web app manifest and a Workbox service worker (vite-plugin-pwa)
// that precaches the built app, so after one visit ragtune opens with no network at all.
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Everything the build emits is precached (about 36 MB, most of it ONNX Runtime's WebAssembly,
 * which keyword search, embeddings and the transformers.js engine need offline). Model weights are
 * never here: they come from their hosts and stay in the engines' own caches (Cache Storage under
 * transformers.js's and WebLLM's names), which this worker leaves alone.
 */
const LARGEST_ASSET_BYTES = 40 * 1024 * 1024;

export function pwaPlugin() {
  return VitePWA({
    // A new version waits until the person says so (src/lib/pwa/serviceWorker.ts announces it).
    registerType: 'prompt',
    injectRegister: false,
    manifest: {
      name: 'ragtune — RAG vs fine-tuning, in your browser',
      short_name: 'ragtune',
      description:
        'Compare retrieval-augmented generation with fine-tuned models on your own documents, entirely in your browser.',
      start_url: './',
      scope: './',
      display: 'standalone',
      background_color: '#ffffff',
      theme_color: '#4f46e5',
      icons: [
        { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
      ],
    },
    workbox: {
      globPatterns: ['**/*.{html,js,mjs,css,wasm,svg,png,json,md,csv}'],
      maximumFileSizeToCacheInBytes: LARGEST_ASSET_BYTES,
      // Hash addresses (#/chat…) never reach the server; any other navigation gets the app.
      navigateFallback: 'index.html',
      // The first version takes over at once; later ones wait for the person (registerType above).
      clientsClaim: true,
      cleanupOutdatedCaches: true,
    },
  });
}
