// The WebLLM worker's state: the installed package's model list plus your registered models, read
// as one catalogue and one appConfig, the browser checks made against both, and registration.
import { RagtuneError } from '../../errors';
import { browserEnvironment, type BrowserEnvironment, type GpuAdapterLike } from '../capabilities';
import { fetchWithTimeout } from '../folderFetch';
import { buildCatalog, type Catalog } from './catalog';
import { refreshCustomModel, validateCustomModel, type CustomModel } from './customModels';
import type { AppConfig } from './webllm';

// Loaded dynamically, like everywhere else (catalog.ts), so Vite keeps one lazy WebLLM chunk.
export const webllm = () => import('./webllm');

/** What the page asks to register: checked here, where the base's record is known. */
export interface WebllmRegistration {
  url: string;
  /** The WebLLM record id of the base the LoRA was merged into. */
  baseId: string;
  /** Becomes the model's id; default from the URL. */
  name?: string;
  /** Ids of the other custom models (of both engines). */
  takenIds: string[];
}

/** The browser environment with one adapter request shared by every check. */
function sharedEnvironment(appConfig: () => AppConfig): BrowserEnvironment {
  const isCached = async (id: string) => {
    const { hasModelInCache } = await webllm();
    return hasModelInCache(id, appConfig()).catch(() => false);
  };
  const env = browserEnvironment(isCached);
  const gpu = env.gpu;
  if (!gpu) return env;
  let adapter: Promise<GpuAdapterLike | null> | undefined;
  return {
    ...env,
    gpu: { requestAdapter: (options) => (adapter ??= gpu.requestAdapter(options)) },
  };
}

/** The installed WebLLM's list and the custom models registered so far. */
export class HostContext {
  /** Your models as the page sent them (the identity the host compares). */
  given: CustomModel[] = [];
  /** The same, rebuilt on their bases' current records. */
  custom: CustomModel[] = [];
  #catalog: Catalog | undefined;
  readonly env: BrowserEnvironment;

  constructor(readonly prebuilt: AppConfig) {
    this.env = sharedEnvironment(() => this.appConfig());
  }

  get catalog(): Catalog {
    return (this.#catalog ??= buildCatalog(this.prebuilt.model_list, this.custom));
  }

  setCustom(models: CustomModel[]): void {
    this.given = models;
    this.custom = models.map((m) => refreshCustomModel(m, this.prebuilt.model_list));
    this.#catalog = undefined;
  }

  /** What CreateMLCEngine and reload() read: the prebuilt records, then the custom ones. */
  appConfig(): AppConfig {
    const records = this.custom.map((m) => m.record);
    return { ...this.prebuilt, model_list: [...this.prebuilt.model_list, ...records] };
  }
}

export async function hostContext(): Promise<HostContext> {
  try {
    const { prebuiltAppConfig } = await webllm();
    return new HostContext(prebuiltAppConfig);
  } catch (error) {
    throw new RagtuneError(
      'model-unavailable',
      'WebLLM could not start in this browser (its code failed to load): reload the page.',
      { cause: error },
    );
  }
}

export async function register(context: HostContext, r: WebllmRegistration): Promise<CustomModel> {
  const base = context.prebuilt.model_list.find((record) => record.model_id === r.baseId);
  if (!base) {
    throw new RagtuneError(
      'invalid-model',
      `${r.baseId} is not in this version of WebLLM’s model list: pick the base from the list.`,
    );
  }
  const custom = context.custom.map((m) => m.record.model_id);
  const model = await validateCustomModel({
    url: r.url,
    base,
    takenIds: [...context.prebuilt.model_list.map((m) => m.model_id), ...custom, ...r.takenIds],
    ...(r.name?.trim() ? { id: r.name.trim() } : {}),
    fetch: fetchWithTimeout,
    baseUrl: globalThis.location?.href,
  });
  const twin = context.custom.find((m) => m.record.model === model.record.model);
  if (twin) {
    throw new RagtuneError(
      'invalid-model',
      `This folder is already registered as “${twin.record.model_id}”: remove that one first.`,
    );
  }
  return model;
}
