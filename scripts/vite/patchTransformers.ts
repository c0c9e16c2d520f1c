// A Vite plugin that mends one line of transformers.js 4.3.1's web build. It chains every ONNX
// session creation on one promise (`webInitChain = webInitChain.then(load)`): after one creation
// fails (a damaged model file), every later one in that worker rejects with the same old error, so
// trying again could never load the model until the page was reloaded. `.then(load, load)` keeps
// the chain going after a failure. The build fails if the line is gone, so an upgrade is noticed.
import type { Plugin } from 'vite';

const TRANSFORMERS_WEB = /@huggingface[\\/]transformers[\\/]dist[\\/]transformers\.web(\.min)?\.js/;
const BROKEN = 'webInitChain = webInitChain.then(load)';
const MENDED = 'webInitChain = webInitChain.then(load, load)';

export function patchTransformersInitChain(): Plugin {
  return {
    name: 'ragtune-patch-transformers-init-chain',
    transform(code, id) {
      if (!TRANSFORMERS_WEB.test(id)) return null;
      if (!code.includes(BROKEN)) {
        this.error(
          `transformers.js changed: "${BROKEN}" is not in ${id}. Check whether a failed ONNX session ` +
            'still poisons later ones (tests/e2e/interrupted-download.spec.ts), then update or drop ' +
            'scripts/vite/patchTransformers.ts.',
        );
      }
      return { code: code.replace(BROKEN, MENDED), map: null };
    },
  };
}
