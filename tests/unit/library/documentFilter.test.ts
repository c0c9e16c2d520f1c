// The library list's filter and sort.
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY, filterDocuments } from '../../../src/lib/library/documentFilter';
import type { DocumentMeta } from '../../../src/lib/library/types';

const doc = (name: string, extra: Partial<DocumentMeta> = {}): DocumentMeta => ({
  id: name,
  name,
  format: 'md',
  bytes: 100,
  chars: 100,
  contentHash: name,
  chunkCount: 1,
  addedAt: 1,
  updatedAt: 1,
  status: 'indexed',
  ...extra,
});

const DOCS = [
  doc('Ferry timetable.md', { updatedAt: 5, bytes: 900, chunkCount: 3 }),
  doc('harbour rules 10.pdf', { format: 'pdf', updatedAt: 9, bytes: 50, status: 'keyword-only' }),
  doc('harbour rules 9.pdf', { format: 'pdf', updatedAt: 2, editedAt: 2, chunkCount: 7 }),
];
const names = (docs: DocumentMeta[]) => docs.map((d) => d.name);

describe('filterDocuments', () => {
  it('lists every document, last changed first, by default', () => {
    expect(names(filterDocuments(DOCS, DEFAULT_QUERY))).toEqual([
      'harbour rules 10.pdf',
      'Ferry timetable.md',
      'harbour rules 9.pdf',
    ]);
  });

  it('keeps names holding every word, in any case, or a format named as a word', () => {
    expect(names(filterDocuments(DOCS, { ...DEFAULT_QUERY, text: 'HARBOUR 9' }))).toEqual([
      'harbour rules 9.pdf',
    ]);
    expect(names(filterDocuments(DOCS, { ...DEFAULT_QUERY, text: 'md' }))).toEqual([
      'Ferry timetable.md',
    ]);
    expect(filterDocuments(DOCS, { ...DEFAULT_QUERY, text: 'tram' })).toEqual([]);
  });

  it('filters by status, edited included', () => {
    const by = (status: typeof DEFAULT_QUERY.status) =>
      names(filterDocuments(DOCS, { ...DEFAULT_QUERY, status }));
    expect(by('keyword-only')).toEqual(['harbour rules 10.pdf']);
    expect(by('edited')).toEqual(['harbour rules 9.pdf']);
    expect(by('indexed')).toEqual(['Ferry timetable.md', 'harbour rules 9.pdf']);
  });

  it('sorts names as people read numbers, and sizes and chunks largest first', () => {
    const sorted = (sort: typeof DEFAULT_QUERY.sort) =>
      names(filterDocuments(DOCS, { ...DEFAULT_QUERY, sort }));
    expect(sorted('name')).toEqual([
      'Ferry timetable.md',
      'harbour rules 9.pdf',
      'harbour rules 10.pdf',
    ]);
    expect(sorted('size')[0]).toBe('Ferry timetable.md');
    expect(sorted('chunks')[0]).toBe('harbour rules 9.pdf');
  });
});
