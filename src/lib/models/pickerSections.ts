// The picker's sections, one per engine in ENGINE_NAMES order: its title (where the engine runs),
// its families after the filters, whether its menu is there yet, and what every listed model of it
// shares about running here (said once under the title). Pure, so it is tested alone; the picker
// draws one section per entry and counts the models shown from them.
import { ENGINE_NAMES, ENGINES, type EngineName } from '../generate/engines';
import type { MenuFamily, MenuModel } from '../generate/modelMenu';
import { sharedNotes, type CheckNote, type SharedNotes } from './sharedNotes';

/** Whether an engine's menu is there (WebLLM's is read from its worker on first opening). */
export type MenuStatus =
  { state: 'ready' } | { state: 'loading'; text: string } | { state: 'error'; error: string };

export const MENU_READY: MenuStatus = { state: 'ready' };

export interface PickerSection {
  engine: EngineName;
  title: string;
  status: MenuStatus;
  /** Its families after the filters (drawn only when its status is ready). */
  families: MenuFamily[];
  /** What every listed model of the section shares (no WebGPU, say). */
  notes: SharedNotes;
}

export interface SectionInput {
  families: Record<EngineName, MenuFamily[]>;
  status: Record<EngineName, MenuStatus>;
  /** The filters the person set, applied to one engine's families. */
  filter(families: MenuFamily[]): MenuFamily[];
  /** A model's check in this browser, where its engine makes one. */
  check(model: MenuModel): CheckNote | undefined;
}

export function pickerSections(input: SectionInput): PickerSection[] {
  return ENGINE_NAMES.map((engine) => {
    const families = input.filter(input.families[engine]);
    return {
      engine,
      title: ENGINES[engine].runs,
      status: input.status[engine],
      families,
      notes: sharedNotes(families.flatMap((f) => f.models).map(input.check)),
    };
  });
}

/** The models the sections show: a section whose menu is not there yet shows none. */
export function shownCount(sections: readonly PickerSection[]): number {
  return sections
    .filter((s) => s.status.state === 'ready')
    .reduce((n, s) => n + s.families.reduce((m, f) => m + f.models.length, 0), 0);
}
