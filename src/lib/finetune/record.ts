// Reads a question set's fine-tune record back from an imported experiment file, checking every
// field as the rest of that file is checked: the record names the training files and the split.
import type { Shape } from '../lab/shape';
import { TEST_SHARE } from './split';
import { TRAINING_FILE_KINDS, type FinetuneSetRecord, type PresetModel } from './types';

function presetModel(read: Shape, value: unknown, path: string): PresetModel {
  const m = read.object(value, path);
  return { engine: read.string(m.engine, `${path}.engine`), id: read.string(m.id, `${path}.id`) };
}

export function readFinetuneRecord(read: Shape, value: unknown, path: string): FinetuneSetRecord {
  const r = read.object(value, path);
  const s = read.object(r.split, `${path}.split`);
  const share = read.number(s.testShare, `${path}.split.testShare`);
  if (!(share >= TEST_SHARE.min && share <= TEST_SHARE.max))
    read.fail(
      `${path}.split.testShare`,
      `is ${share}; it must be between ${TEST_SHARE.min} and ${TEST_SHARE.max}`,
    );
  const models =
    r.models === undefined
      ? undefined
      : (() => {
          const m = read.object(r.models, `${path}.models`);
          return {
            base: presetModel(read, m.base, `${path}.models.base`),
            tuned: presetModel(read, m.tuned, `${path}.models.tuned`),
          };
        })();
  return {
    split: {
      testShare: share,
      seed: read.count(s.seed, `${path}.split.seed`),
      trainChunks: read.count(s.trainChunks, `${path}.split.trainChunks`),
      testChunks: read.count(s.testChunks, `${path}.split.testChunks`),
      trainPairs: read.count(s.trainPairs, `${path}.split.trainPairs`),
      testPairs: read.count(s.testPairs, `${path}.split.testPairs`),
    },
    files: read.array(r.files, `${path}.files`).map((f, i) => {
      const at = `${path}.files[${i}]`;
      const file = read.object(f, at);
      const sha256 = read.string(file.sha256, `${at}.sha256`);
      if (!/^[0-9a-f]{64}$/.test(sha256))
        read.fail(`${at}.sha256`, 'must be 64 lower-case hex digits');
      return {
        kind: read.oneOf(file.kind, TRAINING_FILE_KINDS, `${at}.kind`),
        name: read.string(file.name, `${at}.name`),
        sha256,
        examples: read.count(file.examples, `${at}.examples`),
      };
    }),
    trainedItemIds: read.strings(r.trainedItemIds, `${path}.trainedItemIds`),
    ...(models === undefined ? {} : { models }),
  };
}
