// The one owner of the channel that tabs on the same library talk over (BroadcastChannel, which
// also works in workers): a write posts what changed once it commits; listeners get valid messages.
import { parseTabEnvelope, type TabMessage, type TabMessageKind } from './tabMessages';

type Handler<K extends TabMessageKind> = (message: Extract<TabMessage, { kind: K }>) => void;
export type TabHandlers = { [K in TabMessageKind]?: Handler<K> };

export interface TabChannel {
  /** Tells the other tabs (and the other side of this tab: page or worker) what changed. */
  post(message: TabMessage): void;
  /** Calls the handler of each valid message's kind; returns the unsubscribe function. */
  listen(handlers: TabHandlers): () => void;
  close(): void;
}

/** This realm's id: a page and its workers each have their own. */
const THIS_REALM = crypto.randomUUID();

/**
 * Opens a channel for the library stored in the IndexedDB database `library`. Messages this
 * channel's `senderId` sent are never delivered back to it, even through another channel object.
 */
export function openTabChannel(library: string, senderId: string = THIS_REALM): TabChannel {
  if (typeof BroadcastChannel !== 'function') {
    return { post: () => {}, listen: () => () => {}, close: () => {} };
  }
  const port = new BroadcastChannel(`ragtune-tabs:${library}`);
  // In Node (unit tests) an open channel would keep the process alive.
  (port as { unref?: () => void }).unref?.();
  const all = new Set<TabHandlers>();
  port.onmessage = (event: MessageEvent<unknown>) => {
    const envelope = parseTabEnvelope(event.data);
    if (!envelope || envelope.from === senderId) return;
    const { message } = envelope;
    for (const handlers of all) (handlers[message.kind] as Handler<typeof message.kind>)?.(message);
  };
  return {
    post(message) {
      try {
        port.postMessage({ ...message, from: senderId });
      } catch {
        // A closed channel: the other tabs catch up at their next write or reload.
      }
    },
    listen(handlers) {
      all.add(handlers);
      return () => all.delete(handlers);
    },
    close: () => port.close(),
  };
}

const pageChannels = new Map<string, TabChannel>();

/** The page's one channel per library: its stores post on it and its state listens on it. */
export function pageChannel(library: string): TabChannel {
  let channel = pageChannels.get(library);
  if (!channel) pageChannels.set(library, (channel = openTabChannel(library)));
  return channel;
}

/** The kinds a page's own stores announce (the library worker announces the rest). */
export type PageStoreKind = Exclude<TabMessageKind, 'documents-changed' | 'settings-changed'>;

/** Awaits a store's transaction and, when it could write, tells the other tabs it committed. */
export async function announcing<T>(
  library: string,
  kind: PageStoreKind,
  mode: IDBTransactionMode,
  transaction: Promise<T>,
): Promise<T> {
  const result = await transaction;
  if (mode !== 'readonly') pageChannel(library).post({ kind });
  return result;
}
