// Arms and models for the lab's tests: small models by engine and id, arms of each context mode.
import type { Arm, ArmModel, ContextMode } from '../../../src/lib/lab/types';

export const TINY: ArmModel = {
  engine: 'transformers',
  id: 'HuggingFaceTB/tiny-lm',
  name: 'tiny-lm',
};
export const QWEN: ArmModel = { engine: 'webllm', id: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC' };
export const CODER: ArmModel = { engine: 'webllm', id: 'Qwen2.5-Coder-0.5B-Instruct-q4f16_1-MLC' };
export const LLAMA: ArmModel = { engine: 'webllm', id: 'Llama-3.2-3B-Instruct-q4f16_1-MLC' };
export const PHI: ArmModel = { engine: 'webllm', id: 'Phi-3.5-mini-instruct-q4f16_1-MLC' };

export function arm(model: ArmModel, context: ContextMode = 'none'): Arm {
  return { model, context };
}
