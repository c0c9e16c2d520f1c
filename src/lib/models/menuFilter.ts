// The model picker's search and filters: words matched against a model's name, id, family and
// what its tuning is; the kind of model (base, public fine-tune, yours), for WebLLM whether this
// browser can run it, whether its files are already in this browser, and the memory it needs.
// Pure, so the picker and its tests share it.
import type { MenuFamily, MenuModel } from '../generate/modelMenu';
import { tuningLabel } from '../generate/tuningLabel';

export type KindFilter = 'all' | 'base' | 'fine-tune' | 'yours';

export interface MenuQuery {
  text: string;
  kind: KindFilter;
  /** Leave out models this browser cannot run (WebLLM's pre-load checks said no). */
  runnableOnly: boolean;
  /** Only models whose files this browser has cached (nothing to download). */
  downloadedOnly: boolean;
  /** Only models known to need at most this much memory while answering, MB (null: any). */
  maxMemoryMb: number | null;
}

export const ALL_MODELS: MenuQuery = {
  text: '',
  kind: 'all',
  runnableOnly: false,
  downloadedOnly: false,
  maxMemoryMb: null,
};

/** The memory choices of the size filter, MB, with their labels. */
export const MEMORY_LIMITS: readonly { mb: number | null; label: string }[] = [
  { mb: null, label: 'Any size' },
  { mb: 1024, label: 'Up to 1 GB' },
  { mb: 2048, label: 'Up to 2 GB' },
  { mb: 4096, label: 'Up to 4 GB' },
];

export const KIND_LABELS: Record<KindFilter, string> = {
  all: 'All kinds',
  base: 'Base models',
  'fine-tune': 'Public fine-tunes',
  yours: 'Your fine-tunes',
};

function kindOf(model: MenuModel): Exclude<KindFilter, 'all'> {
  if (model.yours) return 'yours';
  return model.isBase ? 'base' : 'fine-tune';
}

/** Families with only the models that match; empty families are left out. */
export function filterFamilies(
  families: readonly MenuFamily[],
  query: MenuQuery,
  runnable: (model: MenuModel) => boolean = () => true,
  downloaded: (model: MenuModel) => boolean = () => false,
): MenuFamily[] {
  const words = query.text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const matches = (family: MenuFamily, model: MenuModel) => {
    if (query.kind !== 'all' && kindOf(model) !== query.kind) return false;
    if (query.runnableOnly && !runnable(model)) return false;
    if (query.downloadedOnly && !downloaded(model)) return false;
    // A model whose memory is not known cannot be said to fit: left out while the filter is on.
    if (
      query.maxMemoryMb !== null &&
      !(model.memoryMb !== undefined && model.memoryMb <= query.maxMemoryMb)
    )
      return false;
    const haystack = [
      model.name,
      model.id,
      family.name,
      tuningLabel(model).label,
      model.domain ?? '',
    ]
      .join(' ')
      .toLocaleLowerCase();
    return words.every((w) => haystack.includes(w));
  };
  return families.flatMap((f) => {
    const models = f.models.filter((m) => matches(f, m));
    return models.length ? [{ ...f, models }] : [];
  });
}

/** Whether a query narrows anything (the picker then says how many models match). */
export const isFiltered = (q: MenuQuery): boolean =>
  q.text.trim() !== '' ||
  q.kind !== 'all' ||
  q.runnableOnly ||
  q.downloadedOnly ||
  q.maxMemoryMb !== null;
