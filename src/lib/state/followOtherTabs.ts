// Keeps the page's state in step with other tabs on the same library: when another tab's write
// commits, the list it changed is read again (documents and settings follow through the worker).
import { DB_NAME } from '../store/schema';
import { coalesce } from '../sync/coalesce';
import { pageChannel } from '../sync/tabSync';
import type { ChatState } from './ChatState.svelte';
import type { QuestionSetState } from './QuestionSetState.svelte';
import type { LabState } from './LabState.svelte';
import type { ModelsState } from './ModelsState.svelte';

export interface FollowingState {
  chat: Pick<ChatState, 'followOtherTab'>;
  lab: Pick<LabState, 'followOtherTab'>;
  questionSets: Pick<QuestionSetState, 'followOtherTab'>;
  models: { custom: Pick<ModelsState['custom'], 'followOtherTab'> };
}

/** Starts following; returns the function that stops it. */
export function followOtherTabs(databaseName: string | undefined, state: FollowingState) {
  const conversations = coalesce(() => state.chat.followOtherTab());
  const comparisons = coalesce(() => state.lab.followOtherTab());
  const experiments = coalesce(() => state.questionSets.followOtherTab());
  const customModels = coalesce(() => state.models.custom.followOtherTab());
  return pageChannel(databaseName ?? DB_NAME).listen({
    'conversations-changed': () => void conversations(),
    'comparisons-changed': () => void comparisons(),
    'experiments-changed': () => void experiments(),
    'custom-models-changed': () => void customModels(),
  });
}
