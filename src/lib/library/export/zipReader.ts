// Reads the entries of an export's zip for import: found by the directory, inflated with the
// platform's DecompressionStream, stopped past a stated cap (a lying directory is caught while
// inflating), and checked against their CRC-32. Untrusted input: every failure says what it was.
import { readZipDirectory, type ZipEntry } from '../../ingest/parse/zipDirectory';
import { crc32 } from './crc32';

export class ZipEntryError extends Error {}

export interface ZipArchive {
  names: string[];
  /** The entry's bytes, or undefined when the archive has no such entry. */
  read(name: string, cap: number): Promise<Uint8Array | undefined>;
}

async function inflate(data: Uint8Array, cap: number, name: string): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('deflate-raw') as ReadableWritablePair);
  const reader = (stream as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > cap) {
        await reader.cancel().catch(() => undefined);
        throw new ZipEntryError(`${name} unpacks to more than its stated size.`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ZipEntryError) throw error;
    throw new ZipEntryError(`${name} is damaged: it could not be unpacked.`);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

async function entryBytes(archive: Uint8Array, entry: ZipEntry, cap: number): Promise<Uint8Array> {
  const { name, method, compressedSize, uncompressedSize, dataStart } = entry;
  if (uncompressedSize > cap) {
    throw new ZipEntryError(`${name} is larger than an export's ${name} may be.`);
  }
  if (dataStart + compressedSize > archive.length) {
    throw new ZipEntryError(`${name} is cut short: the file is incomplete.`);
  }
  const raw = archive.subarray(dataStart, dataStart + compressedSize);
  let bytes: Uint8Array;
  if (method === 0) bytes = raw;
  else if (method === 8) bytes = await inflate(raw, uncompressedSize, name);
  else
    throw new ZipEntryError(`${name} is packed with a method ragtune does not read (${method}).`);
  if (bytes.length !== uncompressedSize || crc32(bytes) !== entry.crc32) {
    throw new ZipEntryError(`${name} is damaged: its checksum does not match.`);
  }
  return bytes;
}

/** The archive's directory, or undefined when `bytes` is not a zip. */
export function openZip(bytes: Uint8Array): ZipArchive | undefined {
  const entries = readZipDirectory(bytes);
  if (!entries) return undefined;
  return {
    names: entries.map((e) => e.name),
    async read(name, cap) {
      const found = entries.filter((e) => e.name === name);
      if (found.length > 1) throw new ZipEntryError(`The file holds ${name} twice.`);
      return found[0] ? entryBytes(bytes, found[0], cap) : undefined;
    },
  };
}
