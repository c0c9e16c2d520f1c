// Turns what a person drops, picks or pastes into ingest items: walks dropped folders, refuses
// files over the size limit before reading a byte (the worker reads the rest), and names pastes.
import { MAX_FILE_BYTES } from '../ingest/detect';
import type { IngestItem } from '../library/protocol';

export interface Rejected {
  name: string;
  message: string;
}

export interface Collected {
  items: IngestItem[];
  rejected: Rejected[];
}

const mb = (bytes: number) =>
  `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;

export function collectFiles(files: File[]): Collected {
  const items: IngestItem[] = [];
  const rejected: Rejected[] = [];
  for (const file of files) {
    const name = file.webkitRelativePath || file.name;
    if (file.size > MAX_FILE_BYTES) {
      rejected.push({
        name,
        message: `“${name}” is ${mb(file.size)}; ragtune takes files up to ${mb(MAX_FILE_BYTES)}. Split it into smaller files and add those.`,
      });
      continue;
    }
    // Unsupported types are refused by the worker with its message, so every refusal reads alike.
    // The File itself goes: the worker reads it, so the page neither waits nor holds the bytes.
    items.push({ name, bytes: file, source: 'file' });
  }
  return { items, rejected };
}

/** Files of a drop, including everything inside dropped folders. */
export async function filesFromDrop(transfer: DataTransfer): Promise<File[]> {
  const entries = [...transfer.items]
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null))
    .filter((e): e is FileSystemEntry => e !== null);
  if (entries.length === 0) return [...transfer.files];
  const files: File[] = [];
  for (const entry of entries) await walk(entry, '', files);
  return files;
}

async function walk(entry: FileSystemEntry, prefix: string, out: File[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    const path = `${prefix}${file.name}`;
    out.push(
      prefix ? new File([file], path, { type: file.type, lastModified: file.lastModified }) : file,
    );
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) break;
    for (const child of batch) {
      // Hidden files (.DS_Store, .git) are noise in a document folder.
      if (!child.name.startsWith('.')) await walk(child, `${prefix}${entry.name}/`, out);
    }
  }
}

/** A paste becomes a document: rich text (HTML) is kept as HTML so headings survive parsing. */
export function pasteItem(text: string, html: string | undefined, when = new Date()): IngestItem {
  const stamp = when.toISOString().slice(0, 16).replace('T', ' ');
  const rich = html && html.trim().length > 0;
  const body = rich ? html : text;
  return {
    name: `Pasted ${rich ? 'page' : 'text'} ${stamp}.${rich ? 'html' : 'txt'}`,
    bytes: new TextEncoder().encode(body).buffer as ArrayBuffer,
    source: 'paste',
  };
}
