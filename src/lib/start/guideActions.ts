// What each guided step does with the app's state (one click each), and which models it would load
// (for the consent ask). Kept out of the component so it stays a view.
import { tick } from 'svelte';
import { loadSampleItem } from '../samples/samples';
import type { AppState } from '../state/context';
import type { StepId } from './guide';

export interface WantedModel {
  id: string;
  name: string;
  download?: string | undefined;
}

/** The models a step will load, with what the menus know of their download. */
export function wantedModels({ models, lab }: AppState, step: StepId): WantedModel[] {
  if (step === 'library' || step === 'freshness') return []; // neither loads a model
  if (step === 'chat') {
    const m = models.selectedModel;
    const { id } = models.selected;
    return [{ id, name: m?.name ?? id, download: m?.facts.download }];
  }
  return lab.arms.map((a) => ({
    id: a.model.id,
    name: a.model.name ?? a.model.id,
    download: lab.menuModel(a.model)?.facts.download,
  }));
}

export function guideActions(
  { library, chat, lab, ui }: AppState,
  input: { samples: () => readonly string[]; question: () => string },
): Record<StepId, () => Promise<void>> {
  return {
    library: async () => {
      const have = new Set(library.documents.map((d) => d.name));
      const missing = input.samples().filter((name) => !have.has(name));
      await library.addItems(await Promise.all(missing.map(loadSampleItem)));
    },
    // In Chat, where the two answers are seen one under the other.
    chat: async () => {
      ui.view = 'chat';
      chat.newConversation();
      for (const ragOn of [false, true]) {
        chat.ragOn = ragOn;
        chat.draft = input.question();
        await chat.ask();
      }
    },
    compare: async () => {
      ui.view = 'lab';
      lab.question = input.question();
      await lab.run();
    },
    // The demo has its own steps (ask, change the price, ask again): open it where it lives.
    freshness: async () => {
      ui.view = 'lab';
      await tick();
      const demo = document.querySelector<HTMLDetailsElement>('[data-testid="freshness-demo"]');
      if (!demo) return;
      demo.open = true;
      demo.scrollIntoView({ block: 'start' });
      demo.querySelector('summary')?.focus();
    },
  };
}
