// What the OpenAI-compatible engine knows of a server and its models: an endpoint the person added
// (base URL and optional key) and the models its GET /models lists, LoRA adapters with their base.

/** A server the person added. The key stays in this browser and goes only to `baseUrl`. */
export interface Endpoint {
  /** Ours, stable across renames (the registry's key). */
  id: string;
  /** The person's label ("vLLM on the lab box"). */
  name: string;
  /** Normalised by parseBaseUrl: http(s)://host[:port][/path]/v1, never a trailing slash. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …` to this endpoint only, when set. */
  apiKey?: string;
  /** What the person noted about its models, by model id (see ./notes). */
  notes?: Record<string, ModelNote>;
}

/**
 * What the person noted about one of a server's models: for servers that list no `parent`
 * (Ollama, LM Studio, llama.cpp), which listed model it was fine-tuned from, and what for.
 * Shown as the person's note wherever the model appears, never as the server's word.
 */
export interface ModelNote {
  /** The id of another listed model, its base. */
  base?: string;
  /** What it was tuned for, in the person's words. */
  tunedFor?: string;
}

/** One entry of GET {baseUrl}/models, checked and kept minimal. */
export interface EndpointModel {
  /** The name the server answers to in `model`. */
  id: string;
  /** `owned_by` ("vllm", "library" for Ollama, "llamacpp"…). */
  ownedBy?: string;
  /**
   * The base model's id for a LoRA adapter: vLLM's `parent`, else `root` when that names another
   * listed model. Absent for bases and for servers that say nothing (Ollama, LM Studio).
   */
  parent?: string;
  /** The parent comes from the person's note (./notes), not from the server. */
  parentNoted?: true;
  /** Tokens the server accepts (prompt + answer): vLLM's `max_model_len`; adapters get their base's. */
  contextLength?: number;
}

/** A base model and the adapters listed with it as their parent. */
export interface ModelGroup {
  base: EndpointModel;
  adapters: EndpointModel[];
}

/** GET /models, sorted for a menu: bases with adapters, and adapters whose base is not listed. */
export interface DiscoveredModels {
  models: EndpointModel[];
  /** Every listed model that is no adapter of a listed base, with its adapters (possibly none). */
  groups: ModelGroup[];
  /** Adapters whose parent the server does not list (shown flat; the parent is still named). */
  orphans: EndpointModel[];
  /** Entries skipped as malformed, and entries past the cap: said, never silent. */
  skipped: number;
}
