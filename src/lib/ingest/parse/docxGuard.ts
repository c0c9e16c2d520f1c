// The decompression-bomb guard for .docx files: the zip directory's sizes are summed before
// anything is inflated, then each entry is inflated (and thrown away) counting its real size.

import { RagtuneError } from '../../errors';
import { formatBytes } from '../detect';
import { MAX_EXPANDED_BYTES, expandsTooLarge, inflatedBytes } from '../inflate';
import { readZipDirectory } from './zipDirectory';

/** Entries a Word document has: a few dozen, a few thousand with many images. */
export const MAX_DOCX_ENTRIES = 10_000;

const STORED = 0;

/**
 * Throws 'expands-too-large' when the archive's entries add up to more than MAX_EXPANDED_BYTES,
 * by its directory or in fact, or when it has more than MAX_DOCX_ENTRIES entries; returns false
 * when it has no readable zip directory (the caller reports a damaged file).
 */
export async function checkDocxExpansion(bytes: Uint8Array, name: string): Promise<boolean> {
  const entries = readZipDirectory(bytes);
  if (!entries) return false;
  if (entries.length > MAX_DOCX_ENTRIES) {
    throw new RagtuneError(
      'expands-too-large',
      `${name} holds ${entries.length.toLocaleString('en')} files inside; a Word document has ` +
        `at most ${MAX_DOCX_ENTRIES.toLocaleString('en')}. Save it again from Word or LibreOffice.`,
    );
  }
  const declared = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (declared > MAX_EXPANDED_BYTES) {
    throw expandsTooLarge(name, `unpacks to ${formatBytes(declared)} (by its zip directory)`);
  }
  // The directory's sizes are the file's own claim: inflate and count, within what is left.
  let total = 0;
  for (const entry of entries) {
    const end = Math.min(bytes.byteLength, entry.dataStart + entry.compressedSize);
    const data = bytes.subarray(Math.min(entry.dataStart, end), end);
    const budget = MAX_EXPANDED_BYTES - total;
    total +=
      entry.method === STORED ? data.byteLength : await inflatedBytes(data, 'deflate-raw', budget);
    if (total > MAX_EXPANDED_BYTES) {
      throw expandsTooLarge(
        name,
        `unpacks to more than ${formatBytes(MAX_EXPANDED_BYTES)} (its zip directory claims ` +
          `${formatBytes(declared)})`,
      );
    }
  }
  return true;
}
