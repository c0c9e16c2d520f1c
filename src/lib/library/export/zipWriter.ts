// A small zip writer for the export: each entry's CRC-32 and sizes are known before its header is
// written (entries are Blobs), so no data descriptors and no Zip64; text entries are deflated with
// the platform's CompressionStream, Parquet (already compressed) is stored.
import { crc32 } from './crc32';

export interface ZipInput {
  name: string;
  data: Blob;
  /** Deflate the entry (text); false stores it as it is. */
  deflate: boolean;
}

/** The classic zip format's limit for one entry and the whole archive (no Zip64 here). */
export const MAX_ZIP_BYTES = 0xffffffff;

const UTF8_NAMES = 0x0800;
/** 1980-01-01 00:00 in DOS time: entries carry the export's time in its meta file instead. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

async function blobCrc(data: Blob): Promise<number> {
  let crc = 0;
  const reader = (data.stream() as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return crc;
    crc = crc32(value, crc);
  }
}

const deflated = (data: Blob): Promise<Blob> =>
  new Response(
    data.stream().pipeThrough(new CompressionStream('deflate-raw') as ReadableWritablePair),
  ).blob();

function header(size: number, fill: (view: DataView) => void): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  fill(new DataView(bytes.buffer));
  return bytes;
}

/** Builds the archive; `onEntry` is told after each entry is packed (for progress). */
export async function createZip(
  inputs: readonly ZipInput[],
  onEntry: (name: string) => void = () => {},
): Promise<Blob> {
  const parts: BlobPart[] = [];
  const directory: Uint8Array<ArrayBuffer>[] = [];
  const encoder = new TextEncoder();
  let offset = 0;
  for (const input of inputs) {
    const name = encoder.encode(input.name);
    const crc = await blobCrc(input.data);
    const body = input.deflate ? await deflated(input.data) : input.data;
    const method = input.deflate ? 8 : 0;
    if (input.data.size > MAX_ZIP_BYTES || offset + body.size > MAX_ZIP_BYTES) {
      throw new RangeError(`${input.name} makes the export larger than a zip can hold (4 GB).`);
    }
    const common = (view: DataView, at: number) => {
      view.setUint16(at, 20, true); // version needed: 2.0
      view.setUint16(at + 2, UTF8_NAMES, true);
      view.setUint16(at + 4, method, true);
      view.setUint16(at + 6, 0, true); // time
      view.setUint16(at + 8, DOS_DATE, true);
      view.setUint32(at + 10, crc, true);
      view.setUint32(at + 14, body.size, true);
      view.setUint32(at + 18, input.data.size, true);
      view.setUint16(at + 22, name.length, true);
    };
    const local = header(30 + name.length, (view) => {
      view.setUint32(0, 0x04034b50, true);
      common(view, 4);
    });
    local.set(name, 30);
    directory.push(
      (() => {
        const entry = header(46 + name.length, (view) => {
          view.setUint32(0, 0x02014b50, true);
          view.setUint16(4, 20, true); // made by: 2.0
          common(view, 6);
          view.setUint32(42, offset, true);
        });
        entry.set(name, 46);
        return entry;
      })(),
    );
    parts.push(local, body);
    offset += local.length + body.size;
    onEntry(input.name);
  }
  const directorySize = directory.reduce((n, entry) => n + entry.length, 0);
  const end = header(22, (view) => {
    view.setUint32(0, 0x06054b50, true);
    view.setUint16(8, inputs.length, true);
    view.setUint16(10, inputs.length, true);
    view.setUint32(12, directorySize, true);
    view.setUint32(16, offset, true);
  });
  return new Blob([...parts, ...directory, end], { type: 'application/zip' });
}
