// The keyword index's binary snapshot: one ArrayBuffer with a small JSON header and, per level,
// its columns (./bm25 Bm25Columns) as typed arrays at 4-byte-aligned offsets. Restoring makes
// views into the buffer: no JSON for the postings, no object per posting. Typed arrays use the
// platform's byte order (little-endian everywhere ragtune runs); a buffer written in the other
// order fails the magic number and is rebuilt like any unreadable snapshot.
import type { Bm25Columns } from './bm25';
import type { TfArray } from './postingList';

const MAGIC = 0x3353574b; // 'KWS3' read as a little-endian uint32

/** Where one typed array lies in the buffer: byte offset, element count (and tf width in bytes). */
type Span = [offset: number, count: number];
interface LevelHeader {
  ids: Span;
  terms: Span;
  lengths: Span;
  starts: Span;
  slots: Span;
  tfs: Span;
  tfBytes: 1 | 2 | 4;
}
interface Header {
  format: number;
  levels: Record<string, LevelHeader>;
}

const align4 = (n: number) => (n + 3) & ~3;

/** Thrown for any buffer this module cannot read; callers turn it into their own error. */
export class UnreadableSnapshot extends Error {}

export function encodeSnapshot(format: number, levels: Record<string, Bm25Columns>): ArrayBuffer {
  const encoder = new TextEncoder();
  const pieces: { offset: number; bytes: Uint8Array }[] = [];
  let offset = 0;
  const place = (bytes: Uint8Array): number => {
    const at = offset;
    pieces.push({ offset: at, bytes });
    offset = align4(at + bytes.byteLength);
    return at;
  };
  const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const header: Header = { format, levels: {} };
  for (const [name, c] of Object.entries(levels)) {
    const ids = encoder.encode(JSON.stringify(c.ids));
    const terms = encoder.encode(JSON.stringify(c.terms));
    header.levels[name] = {
      ids: [place(ids), ids.byteLength],
      terms: [place(terms), terms.byteLength],
      lengths: [place(bytesOf(c.lengths)), c.lengths.length],
      starts: [place(bytesOf(c.starts)), c.starts.length],
      slots: [place(bytesOf(c.slots)), c.slots.length],
      tfs: [place(bytesOf(c.tfs)), c.tfs.length],
      tfBytes: c.tfs.BYTES_PER_ELEMENT as 1 | 2 | 4,
    };
  }
  const head = encoder.encode(JSON.stringify(header));
  const base = align4(8 + head.byteLength);
  const buffer = new ArrayBuffer(base + offset);
  const words = new Uint32Array(buffer, 0, 2);
  words[0] = MAGIC;
  words[1] = head.byteLength;
  const out = new Uint8Array(buffer);
  out.set(head, 8);
  for (const p of pieces) out.set(p.bytes, base + p.offset);
  return buffer;
}

/** The levels of encodeSnapshot's buffer, as views into it; throws UnreadableSnapshot. */
export function decodeSnapshot(buffer: ArrayBuffer, format: number): Record<string, Bm25Columns> {
  try {
    return decode(buffer, format);
  } catch (error) {
    throw error instanceof UnreadableSnapshot ? error : new UnreadableSnapshot(String(error));
  }
}

function decode(buffer: ArrayBuffer, format: number): Record<string, Bm25Columns> {
  if (buffer.byteLength < 8) throw new UnreadableSnapshot('too short');
  const [magic, headLength] = new Uint32Array(buffer, 0, 2) as unknown as [number, number];
  if (magic !== MAGIC) throw new UnreadableSnapshot('not a keyword snapshot');
  const decoder = new TextDecoder();
  const header = JSON.parse(decoder.decode(new Uint8Array(buffer, 8, headLength))) as Header;
  if (header.format !== format) throw new UnreadableSnapshot('another format');
  const base = align4(8 + headLength);
  const text = ([at, n]: Span): unknown =>
    JSON.parse(decoder.decode(new Uint8Array(buffer, base + at, n)));
  const levels: Record<string, Bm25Columns> = {};
  for (const [name, h] of Object.entries(header.levels)) {
    const ids = text(h.ids);
    const terms = text(h.terms);
    if (!isStrings(ids) || !isStrings(terms)) throw new UnreadableSnapshot('ids or terms');
    const lengths = new Uint32Array(buffer, base + h.lengths[0], h.lengths[1]);
    const starts = new Uint32Array(buffer, base + h.starts[0], h.starts[1]);
    const slots = new Uint32Array(buffer, base + h.slots[0], h.slots[1]);
    const Tf = h.tfBytes === 1 ? Uint8Array : h.tfBytes === 2 ? Uint16Array : Uint32Array;
    const tfs: TfArray = new Tf(buffer, base + h.tfs[0], h.tfs[1]);
    check(ids, lengths, terms, starts, slots, tfs);
    levels[name] = { ids, lengths, terms, starts, slots, tfs };
  }
  return levels;
}

const isStrings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Shapes agree, term ranges ascend, every slot names a document (O(postings), a few ms). */
function check(
  ids: string[],
  lengths: Uint32Array,
  terms: string[],
  starts: Uint32Array,
  slots: Uint32Array,
  tfs: TfArray,
): void {
  const ok =
    lengths.length === ids.length &&
    starts.length === terms.length + 1 &&
    slots.length === tfs.length &&
    starts[0] === 0 &&
    starts[terms.length] === slots.length;
  if (!ok) throw new UnreadableSnapshot('shapes');
  for (let t = 0; t < terms.length; t++) {
    if ((starts[t] as number) > (starts[t + 1] as number)) throw new UnreadableSnapshot('starts');
  }
  const n = ids.length;
  for (let i = 0; i < slots.length; i++) {
    if ((slots[i] as number) >= n) throw new UnreadableSnapshot('slot');
  }
}
