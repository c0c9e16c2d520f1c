// What the page shows: the active view, the open document (and the chunk to highlight), the
// colour theme and short notices.
export type View = 'chat' | 'lab' | 'library' | 'search' | 'evaluate' | 'settings';
export type Theme = 'light' | 'dark' | 'system';

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

const THEME_KEY = 'ragtune-theme';

export class UiState {
  view = $state<View>('library');
  /** The lab's tab: one question across the arms, or a whole question set. */
  labTab = $state<'compare' | 'eval'>('compare');
  openDocId = $state<string | undefined>(undefined);
  openChunkId = $state<string | undefined>(undefined);
  theme = $state<Theme>('system');
  notices = $state<Notice[]>([]);
  #next = 0;

  constructor() {
    const saved = globalThis.localStorage?.getItem(THEME_KEY);
    if (saved === 'light' || saved === 'dark' || saved === 'system') this.theme = saved;
  }

  openDocument(docId: string, chunkId?: string): void {
    this.openDocId = docId;
    this.openChunkId = chunkId;
  }

  closeDocument(): void {
    this.openDocId = undefined;
    this.openChunkId = undefined;
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    globalThis.localStorage?.setItem(THEME_KEY, theme);
  }

  notify(text: string, kind: Notice['kind'] = 'info'): void {
    const id = ++this.#next;
    this.notices.push({ id, kind, text });
    setTimeout(() => this.dismiss(id), kind === 'error' ? 10_000 : 5_000);
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }
}
