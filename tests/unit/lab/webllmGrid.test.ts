// The default grid never pairs a base with an always-thinking model (an R1 distill spends a default
// answer budget thinking); a hybrid one (Qwen3, asked not to think) may join it.
import { describe, expect, it } from 'vitest';
import { defaultVariant } from '../../../src/lib/lab/plan';

const m = (id: string) => ({ engine: 'webllm' as const, id });

describe('defaultVariant', () => {
  it('skips an always-thinking distill for the next fine-tune', () => {
    const base = m('Llama-3.1-8B-Instruct-q4f16_1-MLC');
    const r1 = m('DeepSeek-R1-Distill-Llama-8B-q4f16_1-MLC');
    const hermes = m('Hermes-3-Llama-3.1-8B-q4f16_1-MLC');
    expect(defaultVariant([base, r1, hermes], base)).toBe(hermes);
    expect(defaultVariant([base, r1], base)).toBeUndefined();
  });

  it('keeps a hybrid model', () => {
    const base = m('Qwen3-1.7B-q4f16_1-MLC');
    const other = m('Qwen3-4B-q4f16_1-MLC');
    expect(defaultVariant([base, other], base)).toBe(other);
  });
});
