// Saves text or a Blob as a file through the browser's own download: a Blob URL on a throw-away
// link, released a moment later. No server is involved.
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // A large Blob may take a moment to be handed to the download: release it later, not at once.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function downloadText(name: string, text: string, type: string): void {
  downloadBlob(name, new Blob([text], { type }));
}
