// The files of a drop, walking into dropped folders (the DOM's FileSystemEntry API): used by the
// drop overlay only; the files then go to LibraryState.addFiles like picked ones.

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
