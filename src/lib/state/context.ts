// Svelte context keys for the app's state objects, created once in App.svelte.
import { getContext, setContext } from 'svelte';
import type { ChatState } from './ChatState.svelte';
import type { QuestionSetState } from './QuestionSetState.svelte';
import type { FinetuneState } from './FinetuneState.svelte';
import type { GenerationSettings } from './GenerationSettings.svelte';
import type { LabState } from './LabState.svelte';
import type { LibraryState } from './LibraryState.svelte';
import type { ModelsState } from './ModelsState.svelte';
import type { SearchState } from './SearchState.svelte';
import type { UiState } from './UiState.svelte';

export interface AppState {
  library: LibraryState;
  search: SearchState;
  ui: UiState;
  chat: ChatState;
  /** Decoding settings shared by the chat, comparisons and question-set runs. */
  generation: GenerationSettings;
  models: ModelsState;
  lab: LabState;
  questionSets: QuestionSetState;
  finetune: FinetuneState;
}

const KEY = Symbol('ragtune');

export const setAppState = (state: AppState): AppState => setContext(KEY, state);
export const getAppState = (): AppState => getContext<AppState>(KEY);
