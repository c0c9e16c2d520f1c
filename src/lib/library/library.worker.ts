// The library worker's entry: it owns IndexedDB, the indexes and the embedding model.
import { exposeApi } from '../rpc/rpc';
import { createLibraryApi } from './libraryApi';

exposeApi(createLibraryApi());
