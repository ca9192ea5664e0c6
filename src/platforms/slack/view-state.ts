// What comes back from a modal: the values of its inputs (view.state.values) and its private_metadata. Both are
// untrusted input: the core validates the values; the metadata is parsed defensively and size-checked on the way out.

/** Slack's limit for a view's private_metadata. */
export const METADATA_MAX = 3000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON for private_metadata; throws when it would not fit (the caller then sends less, never a cut JSON). */
export function encodeMetadata(meta: Record<string, unknown>): string {
  const text = JSON.stringify(meta);
  if (text.length > METADATA_MAX) throw new Error(`private_metadata of ${text.length} characters (Slack allows ${METADATA_MAX})`);
  return text;
}

/** private_metadata back as an object of strings and numbers only; anything else is dropped. */
export function decodeMetadata(text: unknown): Record<string, string | number> {
  if (typeof text !== 'string' || text.length > METADATA_MAX) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  const out: Record<string, string | number> = {};
  if (!isObject(parsed)) return out;
  for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) out[k] = v;
  return out;
}

/** One input's value as text: typed text, a picked option's value, several options as a comma list, a ticked box as `yes`. */
function valueOf(el: unknown): string | undefined {
  if (!isObject(el)) return undefined;
  if (typeof el.value === 'string') return el.value;
  if (isObject(el.selected_option)) return typeof el.selected_option.value === 'string' ? el.selected_option.value : undefined;
  if (Array.isArray(el.selected_options)) {
    const vals = el.selected_options.map((o) => (isObject(o) && typeof o.value === 'string' ? o.value : '')).filter(Boolean);
    return el.type === 'checkboxes' ? (vals.length ? 'yes' : 'no') : vals.join(', ');
  }
  return undefined;
}

/** view.state.values → the value of each block (block_id = the field name), whatever the element's action_id. */
export function stateValues(state: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  const values = isObject(state) && isObject(state.values) ? state.values : {};
  for (const [block, actions] of Object.entries(values)) {
    if (!isObject(actions)) continue;
    const first = Object.values(actions)[0];
    const v = valueOf(first);
    if (v !== undefined) out[block] = v;
  }
  return out;
}
