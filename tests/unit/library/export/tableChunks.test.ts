// A table chunk (rows after a repeated header) survives export and import: the row's text holds
// the header, its offsets the rows, and import restores tableHeaderChars; a forged prefix fails.
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../../src/lib/ingest/hash';
import { chunkText, estimateTokens } from '../../../../src/lib/ingest/chunk';
import { INDEX_FILES } from '../../../../src/lib/library/export/format';
import { readIndexPackage } from '../../../../src/lib/library/export/readPackage';
import { writeIndexExport } from '../../../../src/lib/library/export/writeExport';
import type { ChunkRecord } from '../../../../src/lib/library/types';
import { MODEL, sampleDocument, sourceOf, unitVectors } from './sampleLibrary';
import { editText, withoutEntry } from './zipEdit';

const rows = Array.from({ length: 40 }, (_, i) => `| Lamp ${i} | WH-${100 + i} | ${i * 3} lux |`);
const text = `# Lamps\n\n| Lamp | Code | Light |\n| --- | --- | --- |\n${rows.join('\n')}`;

async function tableExport(): Promise<{ bytes: Uint8Array; chunks: ChunkRecord[] }> {
  const spans = chunkText(text, { maxTokens: 60, overlapTokens: 10, countTokens: estimateTokens });
  const chunks = spans.map((s) => ({ ...s, id: `tab#${s.ordinal}`, docId: 'tab' }));
  const base = await sampleDocument('tab', 'lamps.md', ['x'], 8, 9);
  const doc = {
    text,
    chunks,
    meta: {
      ...base.meta,
      chars: text.length,
      chunkCount: chunks.length,
      contentHash: await sha256Hex(text),
    },
    block: { docId: 'tab', model: MODEL, dim: 8, vectors: unitVectors(chunks.length, 8, 9) },
  };
  const { zip } = await writeIndexExport(sourceOf([doc]), { modelId: MODEL });
  return { bytes: new Uint8Array(await zip.arrayBuffer()), chunks };
}

describe('table chunks in an index export', () => {
  it('import gives back the chunks with their repeated headers', async () => {
    const { bytes, chunks } = await tableExport();
    expect(chunks.filter((c) => c.tableHeaderChars !== undefined).length).toBeGreaterThan(2);
    const back = await readIndexPackage(bytes);
    expect(back.documents[0]?.chunks).toEqual(chunks);
  });

  it('refuses a prefix that is not a header found above the chunk', async () => {
    const { bytes, chunks } = await tableExport();
    const at = chunks.findIndex((c) => c.tableHeaderChars !== undefined);
    const jsonl = await editText(bytes, INDEX_FILES.jsonl, (t) => {
      const lines = t.trimEnd().split('\n');
      const row = JSON.parse(lines[at]!) as { text: string };
      row.text = row.text.replace('| Lamp | Code | Light |', '| Lamp | Code | Price |');
      lines[at] = JSON.stringify(row);
      return lines.join('\n') + '\n';
    });
    // Without the Parquet file import reads rows.jsonl, the file edited here.
    await expect(readIndexPackage(await withoutEntry(jsonl, INDEX_FILES.parquet))).rejects.toThrow(
      `Chunk tab#${at} is not the text at its offsets`,
    );
  });
});
