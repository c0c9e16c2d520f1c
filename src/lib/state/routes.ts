// Every view has an address: a hash route (#/chat, #/compare…), so it works from any sub-path of a
// static host, Back and Forward move between views, and the page title names the view.
import type { View } from './UiState.svelte';

export const VIEW_ROUTES: readonly { id: View; label: string; path: string }[] = [
  { id: 'start', label: 'Start', path: 'start' },
  { id: 'chat', label: 'Chat', path: 'chat' },
  { id: 'lab', label: 'Compare', path: 'compare' },
  { id: 'library', label: 'Library', path: 'library' },
  { id: 'search', label: 'Search', path: 'search' },
  { id: 'evaluate', label: 'Evaluate', path: 'evaluate' },
  { id: 'settings', label: 'Settings', path: 'settings' },
];

/** The view a hash names ('#/compare' → 'lab'); undefined for no or an unknown route. */
export function viewFromHash(hash: string): View | undefined {
  const path = hash.replace(/^#\/?/, '').split(/[/?]/)[0]?.toLowerCase() ?? '';
  return VIEW_ROUTES.find((r) => r.path === path)?.id;
}

export function hashOf(view: View): string {
  return `#/${VIEW_ROUTES.find((r) => r.id === view)?.path ?? view}`;
}

export function titleOf(view: View): string {
  return `${VIEW_ROUTES.find((r) => r.id === view)?.label ?? view} — ragtune`;
}
