// The generated library the scale benchmarks share (bench:scale, bench:keystroke): its address,
// waiting for the app, and filling it with generated text and vectors through the worker.
import type { Page } from '@playwright/test';
import type { LibraryClient } from '../../src/lib/library/libraryClient';
import { DEFAULT_VECTOR_INDEX } from '../../src/lib/search/vectorIndexKinds';
import { TEST_MODEL_ID } from './harness';

declare global {
  var ragtune: { client: LibraryClient } | undefined;
}

/** The app with the benchmark's library; the vector index is the app's default. */
export function scaleUrl(baseUrl: string, size: number): string {
  const host = encodeURIComponent(`${baseUrl}test-models/`);
  return (
    `${baseUrl}?library=scale${size}&embedModel=${TEST_MODEL_ID}&modelHost=${host}` +
    `&vectorIndex=${DEFAULT_VECTOR_INDEX}`
  );
}

/** Until the embedding model is ready (hybrid search answers). */
export async function waitReady(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="model-chip"][data-state="ready"]', {
    timeout: 120_000,
  });
}

/**
 * Clears the library and stores `size` generated chunks, `slice` per import call. One call for
 * 100k chunks works since the keyword snapshot is binary and split into records of at most 32 MB
 * (its JSON, 133.2 MB, was over Chromium's IndexedDB value limit of 133.17 MB). In slices, the
 * first call saves a snapshot and the others small segments, as a library filled by several
 * imports would.
 */
export async function fillScaleLibrary(page: Page, size: number, slice: number): Promise<number> {
  const t0 = Date.now();
  await page.evaluate(
    async ({ size, slice }) => {
      const client = globalThis.ragtune!.client;
      await client.clearLibrary();
      for (let from = 0; from < size; from += slice) {
        const chunks = Math.min(size, from + slice);
        await client.importSynthetic(
          { chunks, from, dim: 384, model: 'ragtune-test/tiny-bert' },
          () => {},
        );
      }
    },
    { size, slice },
  );
  return Date.now() - t0;
}

/** The p-th percentile of `values` (nearest rank). */
export const percentile = (values: readonly number[], p: number): number =>
  [...values].sort((a, b) => a - b)[
    Math.min(values.length - 1, Math.floor((p / 100) * values.length))
  ] ?? 0;
