// Our WebLLM worker's entry: it owns WebLLM (the 6 MB package), the GPU and one model at a time;
// the logic lives in hostApi.ts.
import { exposeApi } from '../../rpc/rpc';
import { createWebllmHostApi } from './hostApi';

exposeApi(createWebllmHostApi());
