// SHA-256 of training files: the published test vectors, Node's own digest for Unicode text, and
// the same files (and hashes) from the same reviewed pairs every time.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/lib/finetune/hash';
import { prepareTrainingData } from '../../../src/lib/finetune/prepare';
import { samplePairs } from './pairs';

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vectors and Node’s digest of UTF-8 text', async () => {
    expect(await sha256Hex('')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(await sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    const text = 'Größe: 62 € — 多言語\u2028\n';
    expect(await sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('is stable: the same pairs and split give the same files and hashes; one edit changes them', async () => {
    const settings = { testShare: 0.2, seed: 42 };
    const a = await prepareTrainingData(samplePairs(), settings);
    const b = await prepareTrainingData(samplePairs(), settings);
    expect(b.files).toEqual(a.files);
    for (const f of a.files)
      expect(f.sha256).toBe(createHash('sha256').update(f.text).digest('hex'));
    const edited = samplePairs();
    const trained = a.split.train[0]!;
    const i = edited.findIndex((p) => p.id === trained.id);
    edited[i] = { ...edited[i]!, answer: `${edited[i]!.answer}!` };
    const c = await prepareTrainingData(edited, settings);
    expect(c.files.map((f) => f.sha256)).not.toEqual(a.files.map((f) => f.sha256));
  });
});
