// The models behind the tests' OpenAI-compatible server: the tiny causal LMs written to a temporary
// folder, served by the model host and loaded through the app's own TransformersGenerator (ONNX on
// onnxruntime-node), one request at a time per model, as listed by a vLLM with two LoRA adapters.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TransformersGenerator } from '../../src/lib/generate/transformers/transformersGenerator';
import { setModelFileCacheDir } from '../../src/lib/ml/transformers';
import {
  TINY_LM_CONTEXT,
  TINY_LM_ID,
  TINY_LM_VARIANT_ID,
  writeTinyCausalLm,
} from '../fixtures/models/tinyCausalLm';
import { serveModels } from '../unit/embed/modelServer';

/** The adapter that answers like the variant ("Certainly: …"). */
export const STYLE_ADAPTER_ID = 'ragtune-test/tiny-lm-style-lora';
/** An adapter whose weights equal the base's: it answers exactly like the base. */
export const PLAIN_ADAPTER_ID = 'ragtune-test/tiny-lm-plain-lora';

/** One listed model: its id, the base it adapts (vLLM `parent`), and the weights that answer. */
export interface ListedModel {
  id: string;
  parent?: string;
  /** vLLM's `root`: the base's own name, or the adapter's folder on the server. */
  root: string;
  weights: typeof TINY_LM_ID | typeof TINY_LM_VARIANT_ID;
}

export const LISTED_MODELS: readonly ListedModel[] = [
  { id: TINY_LM_ID, root: TINY_LM_ID, weights: TINY_LM_ID },
  {
    id: STYLE_ADAPTER_ID,
    parent: TINY_LM_ID,
    root: '/adapters/style',
    weights: TINY_LM_VARIANT_ID,
  },
  { id: PLAIN_ADAPTER_ID, parent: TINY_LM_ID, root: '/adapters/plain', weights: TINY_LM_ID },
];

export const CONTEXT_LENGTH = TINY_LM_CONTEXT;

export interface Backend {
  generator: TransformersGenerator;
  /** Runs `work` after every earlier request to these weights (a generator answers one at a time). */
  queue<T>(work: () => Promise<T>): Promise<T>;
}

export interface Backends {
  get(weights: ListedModel['weights']): Backend;
  close(): Promise<void>;
}

/** Writes, serves and loads both tiny LMs; close() frees them and deletes the folder. */
export async function startBackends(): Promise<Backends> {
  const work = await mkdtemp(join(tmpdir(), 'ragtune-openai-'));
  await writeTinyCausalLm(join(work, 'models', TINY_LM_ID));
  await writeTinyCausalLm(join(work, 'models', TINY_LM_VARIANT_ID), { variant: 'variant' });
  const host = await serveModels(join(work, 'models'));
  setModelFileCacheDir(join(work, 'cache'));
  const backends = new Map<string, Backend>();
  for (const weights of [TINY_LM_ID, TINY_LM_VARIANT_ID]) {
    const generator = new TransformersGenerator({ host: host.host, device: 'wasm' });
    await generator.load(weights, () => {});
    let last: Promise<unknown> = Promise.resolve();
    backends.set(weights, {
      generator,
      queue<T>(job: () => Promise<T>): Promise<T> {
        const next = last.then(job, job);
        last = next.catch(() => undefined);
        return next;
      },
    });
  }
  return {
    get: (weights) => backends.get(weights)!,
    async close() {
      for (const b of backends.values()) await b.generator.unload();
      await host.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}
