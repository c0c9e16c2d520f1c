import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { patchTransformersInitChain } from './scripts/vite/patchTransformers';
import { serveDir } from './scripts/vite/serveDir';

// Relative base: the build works from any static host and any sub-path.
export default defineConfig({
  base: './',
  plugins: [svelte(), serveDir('/test-models/', process.env.RAGTUNE_TEST_MODELS_DIR)],
  // transformers.js runs in the workers: their bundles get the fix (see patchTransformers.ts).
  worker: { format: 'es', plugins: () => [patchTransformersInitChain()] },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000 },
  preview: { port: 4173 },
});
