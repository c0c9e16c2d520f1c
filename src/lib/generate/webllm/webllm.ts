// The only module that imports @mlc-ai/web-llm (one 6 MB chunk that does not tree-shake): others
// import its types freely and its values only through `await import('./webllm')`.
export { MLCEngine, hasModelInCache, prebuiltAppConfig } from '@mlc-ai/web-llm';
export type {
  AppConfig,
  ChatCompletionChunk,
  ChatCompletionMessageParam,
  ChatCompletionRequestStreaming,
  CompletionUsage,
  InitProgressCallback,
  InitProgressReport,
  MLCEngineConfig,
  MLCEngineInterface,
  ModelRecord,
} from '@mlc-ai/web-llm';
