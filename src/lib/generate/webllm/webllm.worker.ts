// The WebLLM worker's entry: WebLLM's own handler owns the engine and the GPU; the page talks to it
// through WebWorkerMLCEngine (see runtime.ts).
import { WebWorkerMLCEngineHandler } from './webllm';

const handler = new WebWorkerMLCEngineHandler();
self.onmessage = (event: MessageEvent) => handler.onmessage(event);
