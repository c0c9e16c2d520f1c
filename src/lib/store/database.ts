// Opening the ragtune database: the one call to idb's openDB in the tree. Every store (the
// library's in its worker, the page's record stores) opens it here, with the same schema and
// migrations, so whichever part of the app opens it first brings it up to date.
import { openDB, type IDBPDatabase } from 'idb';
import { DB_NAME, DB_VERSION, upgrade, type RagtuneDB } from './schema';
import { storageError } from './transaction';

/** An open ragtune database; pass it to runTransaction. */
export type RagtuneDatabase = IDBPDatabase<RagtuneDB>;

export async function openRagtuneDatabase(
  name: string = DB_NAME,
  what = 'open its database',
): Promise<RagtuneDatabase> {
  try {
    const db = await openDB<RagtuneDB>(name, DB_VERSION, {
      upgrade,
      // Another tab opened a newer schema: step aside so its upgrade can run.
      blocking: () => db.close(),
    });
    return db;
  } catch (error) {
    throw storageError(error, `${what} (reload the page, or close other ragtune tabs)`);
  }
}
