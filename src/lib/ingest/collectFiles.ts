// Turns the files a person drops or picks, and what they paste, into ingest items: refuses files
// over the size limit before reading a byte (the worker reads the rest), and names pastes.
import { MAX_FILE_BYTES } from './detect';
import type { IngestItem } from './types';

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
