import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { patchTransformersInitChain } from './scripts/vite/patchTransformers';
import { pwaPlugin } from './scripts/vite/pwa';
import { serveDir } from './scripts/vite/serveDir';
import { securityHeadersPlugin } from './scripts/vite/securityHeaders';
import { resolveConnectSrc, securityHeaders } from './scripts/vite/securityPolicy';
import { DEFAULT_CONNECT_SRC } from './csp.config';

// Where the app may connect: csp.config.ts, narrowed or extended by RAGTUNE_CONNECT_SRC (validated).
const connectSrc = resolveConnectSrc(DEFAULT_CONNECT_SRC, process.env.RAGTUNE_CONNECT_SRC);
const headers = securityHeaders(connectSrc);

// Relative base: the build works from any static host and any sub-path.
export default defineConfig({
  base: './',
  plugins: [
    svelte(),
    serveDir('/test-models/', process.env.RAGTUNE_TEST_MODELS_DIR),
    securityHeadersPlugin(connectSrc),
    pwaPlugin(),
  ],
  // The same list, for messages that name a host the policy refuses (src/lib/security/connectPolicy.ts).
  define: { __RAGTUNE_CONNECT_SRC__: JSON.stringify(connectSrc.map((entry) => entry.source)) },
  // transformers.js runs in the workers: their bundles get the fix (see patchTransformers.ts).
  worker: { format: 'es', plugins: () => [patchTransformersInitChain()] },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000 },
  // The headers a static host should send (see the build's _headers), so tests see them too.
  server: { headers },
  preview: { port: 4173, headers },
});
