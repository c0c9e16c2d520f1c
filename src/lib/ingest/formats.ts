// The document formats ragtune reads, in one registry: a format's name, its label, its file name
// extensions (the first is the one messages name). The DocFormat type, the extension lookup, the
// "ragtune reads …" sentence and the file picker's `accept` list are all derived from it, and the
// parser table in ./parse is a Record<DocFormat, …>, so a new format added here does not compile
// until it has a parser.

export const DOC_FORMATS = {
  pdf: { label: 'PDF', extensions: ['pdf'] },
  docx: { label: 'Word', extensions: ['docx'] },
  md: { label: 'Markdown', extensions: ['md', 'markdown'] },
  html: { label: 'HTML', extensions: ['html', 'htm'] },
  txt: { label: 'plain text', extensions: ['txt', 'text'] },
  csv: { label: 'CSV', extensions: ['csv'] },
  json: { label: 'JSON', extensions: ['json'] },
} as const satisfies Record<string, { label: string; extensions: readonly [string, ...string[]] }>;

export type DocFormat = keyof typeof DOC_FORMATS;

const entries = Object.entries(DOC_FORMATS) as [DocFormat, (typeof DOC_FORMATS)[DocFormat]][];

/** Extension (lower case, no dot) → format. */
export const FORMAT_BY_EXTENSION: ReadonlyMap<string, DocFormat> = new Map(
  entries.flatMap(([format, { extensions }]) => extensions.map((e) => [e, format] as const)),
);

/** Every accepted extension with its dot, for an `<input accept>` attribute. */
export const ACCEPTED_EXTENSIONS: readonly string[] = [...FORMAT_BY_EXTENSION.keys()].map(
  (extension) => `.${extension}`,
);

/** "ragtune reads PDF (.pdf), Word (.docx), … and JSON (.json) files." */
export const ACCEPTED_SENTENCE = (() => {
  const names = entries.map(([, { label, extensions }]) => `${label} (.${extensions[0]})`);
  return `ragtune reads ${names.slice(0, -1).join(', ')} and ${names.at(-1)} files.`;
})();
