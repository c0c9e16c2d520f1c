// Before the end-to-end tests: make the tests' own models (no downloads) into the folder the
// preview server serves at /test-models/.
import { buildFixtures } from '../fixtures/build';

export default async function globalSetup(): Promise<void> {
  await buildFixtures();
}
