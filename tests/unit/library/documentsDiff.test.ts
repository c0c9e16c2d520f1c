// How a tab tells what another tab changed: new, gone, re-chunked or re-embedded, or renamed only.
import { describe, expect, it } from 'vitest';
import { changeOf, diffDocuments } from '../../../src/lib/library/documentsDiff';
import type { DocumentMeta } from '../../../src/lib/library/types';

const doc = (id: string, patch: Partial<DocumentMeta> = {}): DocumentMeta => ({
  id,
  name: `${id}.txt`,
  format: 'txt',
  bytes: 10,
  chars: 10,
  contentHash: `hash-${id}`,
  chunkCount: 2,
  addedAt: 1,
  updatedAt: 1,
  status: 'indexed',
  embeddingModel: 'model-a',
  ...patch,
});

const byId = (docs: DocumentMeta[]) => new Map(docs.map((d) => [d.id, d]));

describe('diffDocuments', () => {
  it('finds nothing between equal views', () => {
    const docs = [doc('a'), doc('b')];
    const diff = diffDocuments(
      byId(docs),
      docs.map((d) => ({ ...d })),
    );
    expect(diff).toEqual({ added: [], deleted: [], contentChanged: [], metaChanged: [] });
    expect(changeOf(diff)).toEqual({ added: [], deleted: [], edited: [] });
  });

  it('sorts each difference by what a tab must reload', () => {
    const before = byId([doc('kept'), doc('gone'), doc('edited'), doc('renamed'), doc('embedded')]);
    const next = [
      doc('kept'),
      doc('new'),
      doc('edited', { contentHash: 'hash-2', chunkCount: 3, editedAt: 5, updatedAt: 5 }),
      doc('renamed', { name: 'Better name.txt', updatedAt: 6 }),
      doc('embedded', { embeddingModel: 'model-b' }),
    ];
    const diff = diffDocuments(before, next);
    expect(diff.added.map((d) => d.id)).toEqual(['new']);
    expect(diff.deleted).toEqual(['gone']);
    expect(diff.contentChanged.map((d) => d.id)).toEqual(['edited', 'embedded']);
    expect(diff.metaChanged).toEqual([next[3]]);
    expect(changeOf(diff)).toEqual({
      added: ['new'],
      deleted: ['gone'],
      edited: ['edited', 'embedded', 'renamed'],
    });
  });

  it('a document that lost its vectors (keyword-only) is content, not just a record', () => {
    const { embeddingModel: _dropped, ...rest } = doc('a');
    const diff = diffDocuments(byId([doc('a')]), [{ ...rest, status: 'keyword-only' }]);
    expect(diff.contentChanged.map((d) => d.id)).toEqual(['a']);
  });

  it('a field that appears only in the new record counts as a change', () => {
    const diff = diffDocuments(byId([doc('a')]), [doc('a', { pageCount: 3 })]);
    expect(diff.metaChanged.map((d) => d.id)).toEqual(['a']);
  });
});
