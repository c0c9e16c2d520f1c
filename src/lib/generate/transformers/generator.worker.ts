// The transformers.js generator worker's entry: it owns the ONNX session and the tokenizer.
import { exposeApi } from '../../rpc/rpc';
import { createTransformersWorkerApi } from './workerApi';

exposeApi(createTransformersWorkerApi());
