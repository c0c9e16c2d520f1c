// Files fetched while registering a model by URL are read as they stream in and refused past
// their cap (4 MB for a config): a 200 MB config.json is never read whole, whatever the host
// says in Content-Length.
import { describe, expect, it } from 'vitest';
import { RagtuneError } from '../../../src/lib/errors';
import {
  FILE_CAPS,
  readCappedText,
  readFolderJson,
  type FetchLike,
} from '../../../src/lib/generate/folderFetch';
import { validateOnnxModel } from '../../../src/lib/generate/transformers/customModels';

const MB = 1024 * 1024;
const FOLDER = 'https://cdn.example.org/you/huge-config/';

/** A response streaming `total` bytes of JSON-ish text 1 MB at a time; counts what was pulled. */
function hugeResponse(total: number, headers: Record<string, string> = {}) {
  const pulled = { bytes: 0 };
  const chunk = new TextEncoder().encode(' '.repeat(MB));
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= total) return controller.close();
      pulled.bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { response: new Response(body, { headers }), pulled };
}

async function caught(action: () => Promise<unknown>): Promise<RagtuneError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(RagtuneError);
    return error as RagtuneError;
  }
  throw new Error('expected an error');
}

describe('capped reads of model folder files', () => {
  it('refuses a 200 MB config.json after reading just past 4 MB', async () => {
    const huge = hugeResponse(200 * MB);
    const fetch: FetchLike = async (url) =>
      url === `${FOLDER}config.json` ? huge.response : new Response('', { status: 404 });
    const error = await caught(() =>
      validateOnnxModel({ url: FOLDER, isCausalLm: () => true, bases: [], fetch }),
    );
    expect(error.code).toBe('invalid-model');
    expect(error.message).toContain('config.json');
    expect(error.message).toContain('larger than 4 MB');
    expect(huge.pulled.bytes).toBeLessThanOrEqual(FILE_CAPS.config + 2 * MB);
  });

  it('does not trust a Content-Length that understates the file', async () => {
    const lying = hugeResponse(50 * MB, { 'content-length': '100' });
    const error = await caught(() =>
      readCappedText(lying.response, FILE_CAPS.config, 'mlc-chat-config.json', FOLDER),
    );
    expect(error.message).toContain('mlc-chat-config.json');
    expect(lying.pulled.bytes).toBeLessThanOrEqual(FILE_CAPS.config + 2 * MB);
  });

  it('refuses at once when Content-Length already says too much', async () => {
    const big = hugeResponse(20 * MB, { 'content-length': String(20 * MB) });
    const fetch: FetchLike = async () => big.response;
    const error = await caught(() =>
      readFolderJson(fetch, `${FOLDER}tokenizer_config.json`, 'tokenizer_config.json', 'x'),
    );
    expect(error.message).toContain('tokenizer_config.json');
    expect(big.pulled.bytes).toBeLessThanOrEqual(2 * MB);
  });

  it('reads a file under its cap', async () => {
    const fetch: FetchLike = async () => new Response('{"model_type": "qwen2"}');
    expect(await readFolderJson(fetch, `${FOLDER}config.json`, 'config.json', 'x')).toEqual({
      model_type: 'qwen2',
    });
  });
});
