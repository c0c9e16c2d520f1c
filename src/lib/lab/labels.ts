// Words for arms: "tiny-lm · RAG + HyDE", blind letters A, B, C…, and a short model name from an id.
import { CONTEXT_MODE_ENTRIES, contextLabel } from '../rag/contextModes';
import type { Arm, ArmAnswer } from './types';

export function shortModelName(id: string): string {
  return id.split('/').pop() ?? id;
}

/** What an arm is given: "RAG", "RAG + multi-query + HyDE", "full documents"… */
export function armContextLabel(arm: Pick<Arm, 'context' | 'preRetrieval'>): string {
  return contextLabel(arm.context, arm.preRetrieval);
}

export function armLabel(arm: Arm): string {
  return `${arm.model.name ?? shortModelName(arm.model.id)} · ${armContextLabel(arm)}`;
}

/** The label of the model and mode that actually produced an answer (the engine's model id). */
export function answeredBy(answer: Pick<ArmAnswer, 'modelId' | 'arm'>): string {
  return `${shortModelName(answer.modelId)} · ${armContextLabel(answer.arm)}`;
}

/** Some arm searches the library (RAG passages, or the order of full documents). */
export function searchesLibrary(arms: readonly Pick<Arm, 'context'>[]): boolean {
  return arms.some((a) => CONTEXT_MODE_ENTRIES[a.context].needsSearch);
}

export function blindLetter(index: number): string {
  return index < 26 ? String.fromCharCode(65 + index) : `A${index - 25}`;
}

/** A shuffle that a person cannot predict (crypto random), for blind mode's order. */
export function shuffled<T>(items: readonly T[], random: () => number = cryptoRandom): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function cryptoRandom(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32;
}
