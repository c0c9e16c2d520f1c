// A model download's progress (transformers.js events, with speed and time left) as the fields of
// the library's ModelStatus events, and the same fields when nothing is downloading.
import type { DownloadProgress } from '../ml/downloadProgress';
import type { ModelStatus } from './protocol';

type DownloadFields = Pick<
  ModelStatus,
  'loadedBytes' | 'totalBytes' | 'bytesPerSecond' | 'secondsLeft' | 'stalled'
>;

export const NO_DOWNLOAD: DownloadFields = {
  loadedBytes: 0,
  totalBytes: 0,
  bytesPerSecond: undefined,
  secondsLeft: undefined,
  stalled: undefined,
};

export function downloadStatus(p: DownloadProgress): DownloadFields {
  return {
    loadedBytes: p.loaded,
    totalBytes: p.total,
    bytesPerSecond: p.bytesPerSecond,
    secondsLeft: p.secondsLeft,
    stalled: p.stalled,
  };
}
