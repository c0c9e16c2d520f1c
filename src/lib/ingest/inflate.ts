// Counting what compressed data expands to, without keeping it: the guard against decompression
// bombs (a small .docx or PDF that inflates to hundreds of MB) before a parser inflates it whole.

import { RagtuneError } from '../errors';
import { formatBytes } from './detect';

/** The most a .docx's entries or a PDF's compressed streams may expand to, all together. */
export const MAX_EXPANDED_BYTES = 200 * 1024 * 1024;

/**
 * The bytes `data` inflates to through `layers` decompressors of `format`, stopping as soon as
 * the count passes `budget` (the result is then above it). Data that stops inflating part-way
 * (damaged, or not compressed after all) counts what came out: the parser reports the damage.
 */
export async function inflatedBytes(
  data: Uint8Array,
  format: 'deflate' | 'deflate-raw',
  budget: number,
  layers = 1,
): Promise<number> {
  let stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream() as ReadableStream<Uint8Array>;
  for (let i = 0; i < layers; i++) {
    stream = stream.pipeThrough(new DecompressionStream(format) as ReadableWritablePair);
  }
  const reader = stream.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > budget) break;
    }
  } catch {
    // A stream that is damaged part-way: what came out so far is what a parser could get.
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return total;
}

/**
 * The 'expands-too-large' error: names the file, says what it unpacks to (`detail`, e.g.
 * “unpacks to 300.0 MB”), and the limit.
 */
export function expandsTooLarge(name: string, detail: string): RagtuneError {
  return new RagtuneError(
    'expands-too-large',
    `${name} ${detail}; ragtune unpacks at most ${formatBytes(MAX_EXPANDED_BYTES)} from one ` +
      'file, so that a small file cannot fill the browser’s memory. If it is a real document, ' +
      'split it or export its text, and add that.',
  );
}
