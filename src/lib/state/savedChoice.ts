// The chosen model, remembered in localStorage across reloads (engine and id; a damaged or unknown
// entry is forgotten).
import { isEngineName } from '../generate/engines';
import type { ModelChoice } from '../generate/modelMenu';

const CHOICE_KEY = 'ragtune-generator';

export function savedChoice(): ModelChoice | undefined {
  try {
    const raw = JSON.parse(globalThis.localStorage?.getItem(CHOICE_KEY) ?? 'null') as unknown;
    const c = raw as Partial<ModelChoice> | null;
    if (c && isEngineName(c.engine) && typeof c.id === 'string') {
      return { engine: c.engine, id: c.id };
    }
  } catch {
    // A damaged entry is forgotten.
  }
  return undefined;
}

export function saveChoice(choice: ModelChoice): void {
  globalThis.localStorage?.setItem(CHOICE_KEY, JSON.stringify(choice));
}
