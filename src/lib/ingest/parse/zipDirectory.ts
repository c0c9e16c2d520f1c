// Reads a zip archive's central directory (names, methods, sizes, where each entry's data
// starts) without inflating anything, so a .docx's unpacked size is known before it is opened.

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated (the two a .docx uses). */
  method: number;
  compressedSize: number;
  /** As the directory states it: checked again while inflating, since a header can lie. */
  uncompressedSize: number;
  /** Offset of the entry's (compressed) data in the archive. */
  dataStart: number;
  /** CRC-32 of the uncompressed data, as the directory states it. */
  crc32: number;
}

const END_SIGNATURE = 0x06054b50;
const ENTRY_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const ZIP64_EXTRA = 0x0001;
const MAX_U32 = 0xffffffff;
/** The end record is 22 bytes plus a comment of up to 65,535 bytes. */
const END_SEARCH = 22 + 0xffff;

function findEnd(view: DataView): number | undefined {
  const last = view.byteLength - 22;
  for (let at = last; at >= Math.max(0, last - END_SEARCH); at--) {
    if (view.getUint32(at, true) === END_SIGNATURE) return at;
  }
  return undefined;
}

/** A Zip64 extra field's real size for a field the directory gives as 0xFFFFFFFF. */
function zip64Size(view: DataView, extraStart: number, extraEnd: number): number | undefined {
  for (let at = extraStart; at + 4 <= extraEnd;) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === ZIP64_EXTRA && at + 12 <= extraEnd) return Number(view.getBigUint64(at + 4, true));
    at += 4 + size;
  }
  return undefined;
}

/** The archive's entries, or undefined when it has no readable central directory. */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] | undefined {
  if (bytes.byteLength < 22) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEnd(view);
  if (end === undefined) return undefined;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries: ZipEntry[] = [];
  const names = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.byteLength || view.getUint32(at, true) !== ENTRY_SIGNATURE) {
      return undefined;
    }
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const extraStart = at + 46 + nameLength;
    let uncompressedSize = view.getUint32(at + 24, true);
    if (uncompressedSize === MAX_U32) {
      // Zip64: an unknown size counts as the most there can be.
      uncompressedSize =
        zip64Size(view, extraStart, extraStart + extraLength) ?? Number.MAX_SAFE_INTEGER;
    }
    if (local + 30 > bytes.byteLength || view.getUint32(local, true) !== LOCAL_SIGNATURE) {
      return undefined;
    }
    entries.push({
      name: names.decode(bytes.subarray(at + 46, extraStart)),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize,
      dataStart: local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true),
      crc32: view.getUint32(at + 16, true),
    });
    at = extraStart + extraLength + commentLength;
  }
  return entries;
}
