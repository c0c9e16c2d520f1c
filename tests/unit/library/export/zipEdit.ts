// Rewrites an export's zip for the import tests: drop an entry, or replace one's content, so a
// test can hand import a file that is wrong in exactly one way.
import { createZip } from '../../../../src/lib/library/export/zipWriter';
import { openZip } from '../../../../src/lib/library/export/zipReader';

const CAP = 1 << 30;

export async function rewriteZip(
  bytes: Uint8Array,
  change: (name: string, data: Uint8Array) => Uint8Array | undefined,
): Promise<Uint8Array> {
  const zip = openZip(bytes)!;
  const inputs = [];
  for (const name of zip.names) {
    const data = change(name, (await zip.read(name, CAP))!);
    if (data)
      inputs.push({ name, data: new Blob([data as Uint8Array<ArrayBuffer>]), deflate: true });
  }
  return new Uint8Array(await (await createZip(inputs)).arrayBuffer());
}

export const withoutEntry = (bytes: Uint8Array, drop: string) =>
  rewriteZip(bytes, (name, data) => (name === drop ? undefined : data));

/** Replaces a text entry with what `edit` makes of it. */
export const editText = (bytes: Uint8Array, target: string, edit: (text: string) => string) =>
  rewriteZip(bytes, (name, data) =>
    name === target ? new TextEncoder().encode(edit(new TextDecoder().decode(data))) : data,
  );
