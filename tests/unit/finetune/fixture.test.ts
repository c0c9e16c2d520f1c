// The files the Python kit's tests read (finetune/tests/fixtures) are what this exporter writes
// from the sample pairs, byte for byte, with their SHA-256 in SHA256SUMS: they cannot drift apart.
// After a deliberate change to the export, rewrite them with UPDATE_FIXTURES=1.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { prepareTrainingData } from '../../../src/lib/finetune/prepare';
import { samplePairs } from './pairs';

const DIR = fileURLToPath(new URL('../../../finetune/tests/fixtures/', import.meta.url));

describe('the Python kit’s fixtures', () => {
  it('are the exporter’s output for the sample pairs, with their hashes', async () => {
    const prepared = await prepareTrainingData(
      samplePairs(),
      { testShare: 0.2, seed: 42 },
      'sample',
    );
    const sums = prepared.files.map((f) => `${f.sha256}  ${f.name}\n`).join('');
    const expected = [...prepared.files.map((f) => [f.name, f.text]), ['SHA256SUMS', sums]];
    for (const [name, text] of expected) {
      if (process.env.UPDATE_FIXTURES === '1') await writeFile(DIR + name!, text!);
      const onDisk = await readFile(DIR + name!, 'utf8').catch(() => '(missing)');
      expect(
        onDisk,
        `${name} differs from the exporter's output: UPDATE_FIXTURES=1 npx vitest run tests/unit/finetune/fixture.test.ts`,
      ).toBe(text);
    }
  });
});
