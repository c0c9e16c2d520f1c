// A bare transformers.js generation: pipeline + TextStreamer, greedy, timing each token as it
// streams. The baseline the app's tokens/s are compared with.
import {
  TextStreamer,
  configureModelHost,
  configureOrtRuntime,
  pipeline,
} from '../../../src/lib/ml/transformers';

export interface BareRequest {
  id: string;
  host: string;
  messages: { role: string; content: string }[];
  maxTokens: number;
}

export interface BareResult {
  tokens: number;
  firstTokenMs: number;
  tokensPerS: number;
}

self.onmessage = async (event: MessageEvent<BareRequest>) => {
  try {
    const { id, host, messages, maxTokens } = event.data;
    configureModelHost(host);
    await configureOrtRuntime();
    const generate = await pipeline('text-generation', id, { device: 'wasm', dtype: 'q8' });
    const times: number[] = [];
    const streamer = new TextStreamer(generate.tokenizer, {
      skip_prompt: true,
      callback_function: () => {},
      token_callback_function: () => void times.push(performance.now()),
    });
    const t0 = performance.now();
    await generate(messages, { max_new_tokens: maxTokens, do_sample: false, streamer });
    const span = ((times.at(-1) ?? t0) - (times[0] ?? t0)) / 1000;
    const result: BareResult = {
      tokens: times.length,
      firstTokenMs: (times[0] ?? t0) - t0,
      tokensPerS: span > 0 ? (times.length - 1) / span : 0,
    };
    self.postMessage(result);
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
