// Words for arms: labels from the menu name or the id, the answering model's label from the
// engine's id, blind letters, and a shuffle that is a permutation, uniform and deterministic given
// its random source.
import { describe, expect, it } from 'vitest';
import {
  answeredBy,
  armLabel,
  blindLetter,
  searchesLibrary,
  shortModelName,
  shuffled,
} from '../../../src/lib/lab/labels';
import { arm, QWEN, TINY } from './arms';

/** A random source that returns `values` in turn, then starts over. */
function sequence(values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}

describe('labels', () => {
  it('says whether any arm searches the library (RAG or full documents)', () => {
    expect(searchesLibrary([arm(QWEN, 'none'), arm(TINY, 'none')])).toBe(false);
    expect(searchesLibrary([arm(QWEN, 'none'), arm(TINY, 'rag')])).toBe(true);
    expect(searchesLibrary([arm(QWEN, 'full')])).toBe(true);
    expect(searchesLibrary([])).toBe(false);
  });

  it('labels an arm by its menu name, else the last part of its id, and its context mode', () => {
    expect(armLabel(arm(TINY, 'rag'))).toBe('tiny-lm · RAG');
    expect(armLabel(arm(QWEN, 'full'))).toBe(`${QWEN.id} · full documents`);
    expect(armLabel(arm({ engine: 'transformers', id: 'org/Model-1B' }, 'none'))).toBe(
      'Model-1B · no documents',
    );
    expect(shortModelName('a/b/c')).toBe('c');
    expect(shortModelName('plain')).toBe('plain');
  });

  it('labels an answer by the model the engine says answered, not the arm’s model', () => {
    const answer = { arm: arm(TINY, 'rag'), modelId: 'onnx-community/Other-0.5B' };
    expect(answeredBy(answer)).toBe('Other-0.5B · RAG');
  });

  it('gives blind letters A to Z, then distinct letters beyond', () => {
    const letters = Array.from({ length: 26 }, (_, i) => blindLetter(i));
    expect(letters.join('')).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    const more = Array.from({ length: 60 }, (_, i) => blindLetter(i));
    expect(new Set(more).size).toBe(60);
  });
});

describe('shuffled', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];

  it('returns a permutation and leaves its input alone', () => {
    for (const random of [Math.random, sequence([0]), sequence([0.999999]), sequence([0.3, 0.7])]) {
      const out = shuffled(items, random);
      expect([...out].sort()).toEqual(items);
      expect(out).not.toBe(items);
    }
    expect(items).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(shuffled([], sequence([0.5]))).toEqual([]);
    expect(shuffled(['only'], sequence([0.5]))).toEqual(['only']);
  });

  it('is deterministic given its random source', () => {
    const values = [0.12, 0.87, 0.45, 0.33];
    expect(shuffled(items, sequence(values))).toEqual(shuffled(items, sequence(values)));
    // Fisher–Yates from the end: always swapping with the first moves each to the front in turn.
    expect(shuffled(['a', 'b', 'c', 'd'], sequence([0]))).toEqual(['b', 'c', 'd', 'a']);
    // Always swapping with itself keeps the order.
    expect(shuffled(items, sequence([0.999999]))).toEqual(items);
  });

  it('reaches every order equally often over an even grid of random values', () => {
    // Three items take two draws: ⌊r·3⌋ then ⌊r·2⌋. A grid of 6 × 6 values covers each pair evenly.
    const grid = Array.from({ length: 6 }, (_, i) => (i + 0.5) / 6);
    const counts = new Map<string, number>();
    for (const first of grid) {
      for (const second of grid) {
        const order = shuffled(['a', 'b', 'c'], sequence([first, second])).join('');
        counts.set(order, (counts.get(order) ?? 0) + 1);
      }
    }
    expect([...counts.keys()].sort()).toEqual(['abc', 'acb', 'bac', 'bca', 'cab', 'cba']);
    expect(new Set(counts.values())).toEqual(new Set([6]));
  });

  it('uses the crypto random source by default', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const out = shuffled(items);
      expect([...out].sort()).toEqual(items);
      seen.add(out.join(''));
    }
    // 50 draws of 120 orders: all the same would mean no shuffle at all.
    expect(seen.size).toBeGreaterThan(1);
  });
});
