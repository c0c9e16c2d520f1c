// The keyword index's records: JSON segments stay one record each; a binary snapshot is split
// into parts of at most KEYWORD_PART_BYTES (Chromium refuses a value over ~127 MiB) under a
// manifest, all written in one transaction. Reading reassembles them; a set whose parts are
// missing, extra or of the wrong size is stale, so the library rebuilds the index.
import type { KeywordSnapshot } from './schema';

/** Largest part of a binary snapshot: well under Chromium's limit for one IndexedDB value. */
export const KEYWORD_PART_BYTES = 32 * 1024 * 1024;

/** One logical segment: a binary snapshot's bytes, or a JSON segment (or older JSON snapshot). */
export interface KeywordSegment {
  key: string;
  data: string | ArrayBuffer;
  chunkCount: number;
}

const partKey = (key: string, part: number) => `${key}:p${String(part).padStart(6, '0')}`;

/** The records that store `data` under `key` (a manifest and its parts for a buffer). */
export function keywordRecords(
  key: string,
  data: string | ArrayBuffer,
  chunkCount: number,
  partBytes = KEYWORD_PART_BYTES,
): KeywordSnapshot[] {
  const savedAt = Date.now();
  if (typeof data === 'string') return [{ key, json: data, chunkCount, savedAt }];
  const parts = Math.max(1, Math.ceil(data.byteLength / partBytes));
  const id = `${savedAt}-${Math.random().toString(36).slice(2)}`;
  const records: KeywordSnapshot[] = [
    { key, chunkCount, savedAt, parts, byteLength: data.byteLength, id },
  ];
  for (let part = 0; part < parts; part++) {
    const slice = data.slice(part * partBytes, (part + 1) * partBytes);
    records.push({ key: partKey(key, part), of: id, part, data: slice, chunkCount, savedAt });
  }
  return records;
}

/**
 * The logical segments of the stored records (in key order, as getAll returns them), binary
 * snapshots reassembled; an empty list if any snapshot's parts do not match its manifest.
 */
export function keywordSegments(records: readonly KeywordSnapshot[]): KeywordSegment[] {
  const segments: KeywordSegment[] = [];
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as KeywordSnapshot;
    if (typeof record.json === 'string') {
      segments.push({ key: record.key, data: record.json, chunkCount: record.chunkCount });
      continue;
    }
    const { parts, byteLength, id } = record;
    if (parts === undefined || byteLength === undefined || id === undefined) return [];
    const own = records.slice(i + 1, i + 1 + parts);
    const whole =
      own.length === parts &&
      own.every((p, n) => p.of === id && p.part === n && p.data instanceof ArrayBuffer) &&
      own.reduce((sum, p) => sum + (p.data?.byteLength ?? 0), 0) === byteLength;
    if (!whole) return [];
    segments.push({ key: record.key, data: join(own), chunkCount: record.chunkCount });
    i += parts;
  }
  return segments;
}

/** The parts' bytes as one buffer (the only part itself when there is one). */
function join(parts: readonly KeywordSnapshot[]): ArrayBuffer {
  const buffers = parts.map((p) => p.data as ArrayBuffer);
  if (buffers.length === 1) return buffers[0] as ArrayBuffer;
  const out = new Uint8Array(buffers.reduce((sum, b) => sum + b.byteLength, 0));
  let at = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  return out.buffer;
}
