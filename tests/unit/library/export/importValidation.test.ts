// Import takes an export as untrusted input: every way a file can be wrong is refused with a
// message that says what, before anything would be stored.
import { beforeAll, describe, expect, it } from 'vitest';
import { INDEX_FILES } from '../../../../src/lib/library/export/format';
import { readIndexPackage } from '../../../../src/lib/library/export/readPackage';
import { writeIndexExport } from '../../../../src/lib/library/export/writeExport';
import { MODEL, sampleLibrary, sourceOf } from './sampleLibrary';
import { editText, rewriteZip, withoutEntry } from './zipEdit';

let good: Uint8Array;
/** The same export with rows.jsonl as the rows (no Parquet), so rows can be edited as text. */
let jsonOnly: Uint8Array;

beforeAll(async () => {
  const { zip } = await writeIndexExport(sourceOf(await sampleLibrary(8, 3)), { modelId: MODEL });
  good = new Uint8Array(await zip.arrayBuffer());
  jsonOnly = await withoutEntry(good, INDEX_FILES.parquet);
});

const lines = (text: string) => text.trimEnd().split('\n');
const editLine = (text: string, index: number, edit: (o: Record<string, unknown>) => void) => {
  const all = lines(text);
  const object = JSON.parse(all[index]!) as Record<string, unknown>;
  edit(object);
  all[index] = JSON.stringify(object);
  return all.join('\n') + '\n';
};
const editRow = (edit: (o: Record<string, unknown>) => void, index = 1) =>
  editText(jsonOnly, INDEX_FILES.jsonl, (t) => editLine(t, index, edit));
const editDoc = (edit: (o: Record<string, unknown>) => void, index = 0) =>
  editText(jsonOnly, INDEX_FILES.documents, (t) => editLine(t, index, edit));
const editMeta = (edit: (o: { ragtune: Record<string, unknown> }) => void) =>
  editText(good, INDEX_FILES.meta, (t) => {
    const meta = JSON.parse(t) as { ragtune: Record<string, unknown> };
    edit(meta);
    return JSON.stringify(meta);
  });

describe('import refuses', () => {
  it('what is not a zip, or a zip that is not an export', async () => {
    await expect(readIndexPackage(new TextEncoder().encode('hello'))).rejects.toThrow(
      'This is not a zip file',
    );
    await expect(readIndexPackage(await withoutEntry(good, INDEX_FILES.meta))).rejects.toThrow(
      'The file has no VDF_META.json',
    );
    await expect(readIndexPackage(await withoutEntry(good, INDEX_FILES.documents))).rejects.toThrow(
      'The file has no documents.jsonl',
    );
  });

  it('a damaged entry (checksum) or a cut-short file', async () => {
    const damaged = good.slice();
    // The Parquet entry is stored, so a byte in its middle is a byte of the data.
    const at = new TextDecoder('latin1').decode(good).indexOf('PAR1') + 40;
    damaged[at] = damaged[at]! ^ 0xff;
    await expect(readIndexPackage(damaged)).rejects.toThrow('rows.parquet is damaged');
    await expect(readIndexPackage(good.slice(0, good.length - 30))).rejects.toThrow('not a zip');
  });

  it('a meta file that is wrong', async () => {
    await expect(
      readIndexPackage(await editMeta((m) => (m.ragtune.dimension = 0))),
    ).rejects.toThrow('“dimension” must be a whole number from 1 to 8192');
    await expect(
      readIndexPackage(await editMeta((m) => (m.ragtune.format_version = 99))),
    ).rejects.toThrow('This export is format 99');
    await expect(
      readIndexPackage(await editMeta((m) => (m.ragtune.normalized = false))),
    ).rejects.toThrow('“normalized” must be true');
    await expect(readIndexPackage(await editMeta((m) => (m.ragtune.chunks = 8)))).rejects.toThrow(
      'rows.parquet holds 9 rows, not 8',
    );
    await expect(
      readIndexPackage(await editText(good, INDEX_FILES.meta, () => '{"ragtune": ')),
    ).rejects.toThrow('VDF_META.json is not valid JSON');
  });

  it('a vector of the wrong dimension, not finite, or not unit length', async () => {
    await expect(readIndexPackage(await editRow((r) => (r.vector = [1, 0])))).rejects.toThrow(
      'rows.jsonl, line 2: “vector” must be a list of 8 numbers',
    );
    await expect(
      readIndexPackage(await editRow((r) => ((r.vector as unknown[])[0] = 'x'))),
    ).rejects.toThrow('must hold finite numbers only');
    await expect(
      readIndexPackage(await editRow((r) => (r.vector = (r.vector as number[]).map((x) => x * 2)))),
    ).rejects.toThrow('“vector” must have unit length');
  });

  it('ids that do not fit together', async () => {
    await expect(readIndexPackage(await editRow((r) => (r.id = 'doc-0#7')))).rejects.toThrow(
      '“id” must be “doc-0#1”',
    );
    await expect(readIndexPackage(await editDoc((d) => (d.id = 'a#b')))).rejects.toThrow(
      '“id” must not contain “#”',
    );
    await expect(readIndexPackage(await editDoc((d) => (d.id = 'other')))).rejects.toThrow(
      'Chunk doc-0#0 belongs to no listed document',
    );
    await expect(
      readIndexPackage(await editRow((r) => ((r.ordinal = 5), (r.id = 'doc-0#5')))),
    ).rejects.toThrow('is missing chunk 1');
  });

  it('a chunk that is not its text, or a text that does not match its hash', async () => {
    await expect(
      readIndexPackage(await editRow((r) => (r.text = 'Something else'))),
    ).rejects.toThrow('Chunk doc-0#1 is not the text at its offsets');
    await expect(
      readIndexPackage(
        await editDoc((d) => {
          // Between two chunks: every chunk still matches, only the hash can tell.
          d.text = String(d.text).replace('\n\n', '\n\t');
        }),
      ),
    ).rejects.toThrow('does not match its content_hash');
  });

  it('wrong types and sizes', async () => {
    await expect(readIndexPackage(await editDoc((d) => (d.format = 'exe')))).rejects.toThrow(
      '“format” must be one of pdf, docx, md',
    );
    await expect(
      readIndexPackage(await editDoc((d) => (d.name = 'x'.repeat(1001)))),
    ).rejects.toThrow('“name” must be a non-empty text of at most 1000 characters');
    await expect(
      readIndexPackage(await editRow((r) => (r.heading_path = 'Lamps'))),
    ).rejects.toThrow('“heading_path” must be a list');
    await expect(
      readIndexPackage(await editRow((r) => (r.embedding_model = 'x/y'))),
    ).rejects.toThrow('was embedded with x/y');
    await expect(
      readIndexPackage(
        await editText(jsonOnly, INDEX_FILES.jsonl, (t) => t + '[[[[[[[[1]]]]]]]]\n'),
      ),
    ).rejects.toThrow('nests deeper');
  });

  it('an entry that unpacks to more than its stated size', async () => {
    // Say the documents entry is 10 bytes: inflating finds more and stops.
    const zip = await rewriteZip(jsonOnly, (_, d) => d);
    const view = new DataView(zip.buffer);
    const name = new TextEncoder().encode(INDEX_FILES.documents);
    for (let at = zip.length - 22; at >= 0; at--) {
      if (view.getUint32(at, true) !== 0x02014b50) continue;
      const length = view.getUint16(at + 28, true);
      const here = zip.subarray(at + 46, at + 46 + length);
      if (here.every((b, i) => b === name[i]) && length === name.length) {
        view.setUint32(at + 24, 10, true);
      }
    }
    await expect(readIndexPackage(zip)).rejects.toThrow('documents.jsonl unpacks to more');
  });
});

it('accepts the untouched export (the edits above are what fail)', async () => {
  await expect(readIndexPackage(jsonOnly)).resolves.toMatchObject({ meta: { chunks: 9 } });
  await expect(readIndexPackage(good)).resolves.toMatchObject({ meta: { documents: 3 } });
});
