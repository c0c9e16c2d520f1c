// A server's model as the app knows it: the endpoint's id and the model's own name, so two servers
// may serve the same name. The id never holds the URL or the key; the endpoint's record does.

/** "lab-vllm/meta-llama/Llama-3.1-8B" for model "meta-llama/Llama-3.1-8B" on endpoint "lab-vllm". */
export const endpointModelId = (endpointId: string, modelId: string): string =>
  `${endpointId}/${modelId}`;

/** The endpoint and model an id names (endpoint ids hold no "/"); undefined for a bare name. */
export function splitEndpointModelId(
  id: string,
): { endpointId: string; modelId: string } | undefined {
  const at = id.indexOf('/');
  if (at <= 0 || at === id.length - 1) return undefined;
  return { endpointId: id.slice(0, at), modelId: id.slice(at + 1) };
}
