// What the page shows: the active view, the open document (the chunk to highlight, or its text
// editor), the colour theme and short notices.
import { startSeen } from '../start/firstVisit';

export type View = 'start' | 'chat' | 'lab' | 'library' | 'search' | 'evaluate' | 'settings';
export type Theme = 'light' | 'dark' | 'system';

export interface NoticeAction {
  label: string;
  run: () => void;
}

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
  /** Buttons beside the text; a notice with actions stays until one is taken or it is dismissed. */
  actions?: NoticeAction[];
}

const THEME_KEY = 'ragtune-theme';

export class UiState {
  /** The start view opens by itself on the first visit only (see start/firstVisit). */
  view = $state<View>(startSeen() ? 'library' : 'start');
  /** Evaluate's tab: question sets over the arms, or retrieval over a BEIR dataset. */
  evalTab = $state<'questions' | 'retrieval'>('questions');
  openDocId = $state<string | undefined>(undefined);
  openChunkId = $state<string | undefined>(undefined);
  /** The open document's viewer starts in its "Edit text" mode (set by editDocument). */
  openInEditor = $state(false);
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
    this.openInEditor = false;
  }

  /** Opens a document's viewer straight in its "Edit text" mode. */
  editDocument(docId: string): void {
    this.openDocId = docId;
    this.openChunkId = undefined;
    this.openInEditor = true;
  }

  closeDocument(): void {
    this.openDocId = undefined;
    this.openChunkId = undefined;
    this.openInEditor = false;
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    globalThis.localStorage?.setItem(THEME_KEY, theme);
  }

  notify(text: string, kind: Notice['kind'] = 'info', actions?: NoticeAction[]): number {
    const id = ++this.#next;
    this.notices.push({ id, kind, text, ...(actions ? { actions } : {}) });
    if (!actions) setTimeout(() => this.dismiss(id), kind === 'error' ? 10_000 : 5_000);
    return id;
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }
}
