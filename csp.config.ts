// The one build-time setting for where the app may connect (CSP `connect-src`), each entry with its
// reason. vite.config.ts reads it; RAGTUNE_CONNECT_SRC narrows or extends it (see docs/security.md).

export interface ConnectSource {
  /** A CSP source expression: scheme://host[:port][/path]. Never a bare scheme or a `*` host. */
  source: string;
  /** Why the app needs it: shown in docs/security.md and kept beside the entry on purpose. */
  reason: string;
}

/**
 * Where a model download may come from. The app's own origin ('self') is always allowed and is not
 * listed here. Anything not listed cannot be reached by the app or by a script injected into it.
 */
export const DEFAULT_CONNECT_SRC: readonly ConnectSource[] = [
  {
    source: 'https://huggingface.co',
    reason:
      'the default model host: weights, configs and tokenizers of both engines and the embedding and reranking models',
  },
  {
    source: 'https://hf.co',
    reason: "the hub's short domain, which the model host setting accepts like huggingface.co",
  },
  {
    source: 'https://*.huggingface.co',
    reason: 'the hub redirects large files to its CDN (cdn-lfs.huggingface.co)',
  },
  {
    source: 'https://*.hf.co',
    reason:
      "the hub's file storage that downloads redirect to (cdn-lfs*.hf.co, cas-bridge.xethub.hf.co)",
  },
  {
    source: 'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/',
    reason:
      "WebLLM's compiled model libraries (model_lib .wasm); only this repository, which every WebLLM record and every registered fine-tune uses",
  },
  {
    source: 'http://127.0.0.1:*',
    reason:
      "model servers on this machine (a converted fine-tune or a mirror served locally, the tests' model hosts); loopback only",
  },
  {
    source: 'http://localhost:*',
    reason: 'the same local model servers, addressed by name',
  },
];
