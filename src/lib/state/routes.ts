// Every view has an address: a hash route (#/chat, #/compare…), so it works from any sub-path of a
// static host, Back and Forward move between views, and the page title names the view. What is
// open has one too: a comparison (#/compare/comparison/ID), an experiment
// (#/evaluate/experiment/ID) and a document over any view (…/document/ID, …/chunk/ID).
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

/** A view and what is open in it. */
export interface Route {
  view: View;
  /** The comparison shown in Compare. */
  comparison?: string;
  /** The experiment shown under Evaluate → Question sets. */
  experiment?: string;
  /** The document open in the viewer (over any view), and the chunk it points at. */
  document?: string;
  chunk?: string;
}

/** Which view each item belongs to (undefined: any view). */
const ITEM_VIEWS = {
  comparison: 'lab',
  experiment: 'evaluate',
  document: undefined,
  chunk: undefined,
} as const satisfies Record<Exclude<keyof Route, 'view'>, View | undefined>;
type Item = keyof typeof ITEM_VIEWS;
const ITEMS = Object.keys(ITEM_VIEWS) as Item[];
const isItem = (key: string): key is Item => (ITEMS as string[]).includes(key);

function decode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined; // a damaged escape names nothing
  }
}

/**
 * The route a hash names ('#/compare/comparison/c1' → lab and c1); undefined for no or an
 * unknown view. Items of another view, unknown keys and empty or damaged ids are left out.
 */
export function routeFromHash(hash: string): Route | undefined {
  const [path = '', ...rest] = hash.replace(/^#\/?/, '').split('?')[0]!.split('/');
  const view = VIEW_ROUTES.find((r) => r.path === path.toLowerCase())?.id;
  if (!view) return undefined;
  const route: Route = { view };
  for (let i = 0; i + 1 < rest.length; i += 2) {
    const key = rest[i]!;
    const value = decode(rest[i + 1]!);
    if (!isItem(key) || !value) continue;
    const owner = ITEM_VIEWS[key];
    if (owner === undefined || owner === view) route[key] = value;
  }
  if (!route.document) delete route.chunk;
  return route;
}

/** The view a hash names ('#/compare' → 'lab'); undefined for no or an unknown route. */
export function viewFromHash(hash: string): View | undefined {
  return routeFromHash(hash)?.view;
}

/** The hash of a route; items are written in one order, so equal routes have equal hashes. */
export function hashOfRoute(route: Route): string {
  const path = VIEW_ROUTES.find((r) => r.id === route.view)?.path ?? route.view;
  const items = ITEMS.filter((key) => route[key] && (key !== 'chunk' || route.document))
    .filter((key) => ITEM_VIEWS[key] === undefined || ITEM_VIEWS[key] === route.view)
    .map((key) => `/${key}/${encodeURIComponent(route[key]!)}`);
  return `#/${path}${items.join('')}`;
}

export function hashOf(view: View): string {
  return hashOfRoute({ view });
}

export function titleOf(view: View): string {
  return `${VIEW_ROUTES.find((r) => r.id === view)?.label ?? view} — ragtune`;
}
