// SHA-256 of a training file's UTF-8 bytes as lower-case hex, the same figure `sha256sum` and
// Python's hashlib print, so a fine-tune can be traced to the exact file it was trained on.

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
