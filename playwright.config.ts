// End-to-end tests: the production build served by `vite preview`, driven in Chromium found by
// scripts/browser.mjs, with the models the tests make served at /test-models/.
import { defineConfig } from '@playwright/test';
import { resolve } from 'node:path';
import { chromiumArgs, findChromium } from './scripts/browser.mjs';

/** RAGTUNE_E2E_PORT lets two checkouts run their end-to-end tests at once. */
const port = Number(process.env.RAGTUNE_E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/globalSetup.ts',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    trace: 'retain-on-failure',
    // The service worker would answer the app's own requests from its cache, out of reach of the
    // routes specs use to hold or fail them; tests/e2e/offline.spec.ts allows it to test it.
    serviceWorkers: 'block',
    // The start view opens by itself on a first visit; specs open the app where they expect it
    // (tests/e2e/start.spec.ts starts from an empty storage to see the first visit).
    storageState: {
      cookies: [],
      origins: [
        {
          origin: `http://127.0.0.1:${port}`,
          localStorage: [{ name: 'ragtune-start-seen', value: '1' }],
        },
      ],
    },
    launchOptions: { executablePath: findChromium(), args: chromiumArgs },
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
    env: { RAGTUNE_TEST_MODELS_DIR: resolve('tests/.generated/models') },
  },
});
