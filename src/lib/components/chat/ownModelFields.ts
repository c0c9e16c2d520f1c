// Each kind of your own model's fields beyond the folder's URL and a name, as a component the form
// draws under the URL (bound to that kind's fields); undefined when it asks for nothing more. A
// Record over models/ownModelKinds' engines: a new kind does not compile until it says here.
import type { Component } from 'svelte';
import type { FieldsOf, OwnModelEngine } from '../../models/ownModelKinds';
import WebllmBaseField from './WebllmBaseField.svelte';

export type OwnModelFields<E extends OwnModelEngine> = Component<
  { fields: FieldsOf<E> },
  Record<string, unknown>,
  'fields'
>;

export const OWN_MODEL_FIELDS: { [E in OwnModelEngine]: OwnModelFields<E> | undefined } = {
  webllm: WebllmBaseField,
  transformers: undefined,
};
