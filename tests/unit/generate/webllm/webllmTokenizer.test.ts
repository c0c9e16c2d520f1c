// The tokenizer we build for WebLLM models from a folder's tokenizer.json and tokenizer_config.json
// (tokenizerFromFiles) counts exactly as transformers.js' AutoTokenizer does on the same files: the
// reference is the transformers engine's own countTokens (loadTextGenerator, whose pipeline loads
// its tokenizer with AutoTokenizer). Two tokenizers: the tiny LM's WordPiece one, and a Qwen2-style
// byte-level BPE one swapped into a copy of the tiny LM's folder (counting never runs the graph).
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateTokens } from '../../../../src/lib/generate/generatorClient';
import { loadTextGenerator, type TextGenerator } from '../../../../src/lib/ml/textGeneration';
import {
  configureModelHost,
  setModelFileCacheDir,
  tokenizerFromFiles,
} from '../../../../src/lib/ml/transformers';
import {
  CORPUS,
  TEXTS,
  byteLevelBpe,
  type TokenizerFiles,
} from '../../../fixtures/models/byteLevelBpe';
import { TINY_LM_ID, writeTinyCausalLm } from '../../../fixtures/models/tinyCausalLm';
import { serveModels, type ModelServer } from '../../embed/modelServer';

const BPE_ID = 'ragtune-test/tiny-lm-bpe';

let work: string;
let server: ModelServer;
let wordPiece: { files: TokenizerFiles; generator: TextGenerator };
let bpe: { files: TokenizerFiles; generator: TextGenerator };

const readJson = async (path: string) =>
  JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ragtune-webllm-tokenizer-'));
  const models = join(work, 'models');
  const tinyDir = join(models, TINY_LM_ID);
  await writeTinyCausalLm(tinyDir, { words: ['diem'] });
  const bpeDir = join(models, BPE_ID);
  await mkdir(bpeDir, { recursive: true });
  await cp(tinyDir, bpeDir, { recursive: true });
  const bpeFiles = byteLevelBpe(CORPUS);
  await writeFile(join(bpeDir, 'tokenizer.json'), JSON.stringify(bpeFiles.tokenizer));
  await writeFile(join(bpeDir, 'tokenizer_config.json'), JSON.stringify(bpeFiles.config));

  server = await serveModels(models);
  setModelFileCacheDir(join(work, 'cache'));
  configureModelHost(server.host);
  const load = (id: string) => loadTextGenerator(id, { device: 'wasm', dtype: 'fp32' });
  wordPiece = {
    files: {
      tokenizer: await readJson(join(tinyDir, 'tokenizer.json')),
      config: await readJson(join(tinyDir, 'tokenizer_config.json')),
    },
    generator: await load(TINY_LM_ID),
  };
  bpe = { files: bpeFiles, generator: await load(BPE_ID) };
});

afterAll(async () => {
  await wordPiece?.generator.dispose();
  await bpe?.generator.dispose();
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

describe('tokenizerFromFiles', () => {
  it.each([
    ['WordPiece (the tiny LM)', () => wordPiece],
    ['byte-level BPE (Qwen2-style)', () => bpe],
  ])('counts as AutoTokenizer does: %s', (_name, which) => {
    const { files, generator } = which();
    const ours = tokenizerFromFiles(files.tokenizer, files.config);
    const counts = TEXTS.map((text) => [ours.countTokens(text), generator.countTokens(text)]);
    expect(counts.map(([a]) => a)).toEqual(counts.map(([, b]) => b));
    // Not a length rule in disguise: the counts depart from the estimate on most texts.
    const departs = TEXTS.filter((t, i) => counts[i]?.[0] !== estimateTokens(t));
    expect(departs.length).toBeGreaterThan(TEXTS.length / 2);
  });

  it('reads a special token as one token and prose in merged pieces', () => {
    const ours = tokenizerFromFiles(bpe.files.tokenizer, bpe.files.config);
    expect(ours.countTokens('<|im_end|>')).toBe(1);
    expect(ours.countTokens('<|im_start|>user\nHi<|im_end|>')).toBe(
      2 + ours.countTokens('user\nHi'),
    );
    // Trained on the corpus, the BPE merges its words: far fewer tokens than bytes.
    expect(ours.countTokens(CORPUS)).toBeLessThan(new TextEncoder().encode(CORPUS).length / 2);
    // Each CJK character is 3 bytes; with no merges for them, 3 tokens each.
    expect(ours.countTokens('河流')).toBe(6);
  });

  it('counts the same without tokenizer_config.json (WebLLM never fetches it)', () => {
    for (const { files } of [wordPiece, bpe]) {
      const withConfig = tokenizerFromFiles(files.tokenizer, files.config);
      const without = tokenizerFromFiles(files.tokenizer);
      expect(TEXTS.map((t) => without.countTokens(t))).toEqual(
        TEXTS.map((t) => withConfig.countTokens(t)),
      );
    }
  });

  it('refuses what is not a tokenizer', () => {
    expect(() => tokenizerFromFiles({ hello: 'world' })).toThrow();
    expect(() => tokenizerFromFiles('not json')).toThrow();
    expect(() => tokenizerFromFiles(null)).toThrow();
  });
});
