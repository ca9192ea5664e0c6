// Block Kit's interactive parts as Slack checks them: actions blocks and their elements (buttons, selects) in
// messages, and input blocks in modals. Slack refuses a message or view that breaks one of these with
// `invalid_blocks` / `invalid_arguments`. https://docs.slack.dev/reference/block-kit/block-elements
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const textOf = (v: unknown): string | undefined => (isObj(v) && typeof v.text === 'string' ? v.text : undefined);
const len = (s: unknown) => (typeof s === 'string' ? [...s].length : 0);

function plainText(p: string[], at: string, v: unknown, max: number, required = true): void {
  if (v === undefined && !required) return;
  if (!isObj(v) || v.type !== 'plain_text') return void p.push(`${at}: must be a plain_text object`);
  const t = textOf(v);
  if (!t || len(t) > max) p.push(`${at}: text length ${len(t)} (1..${max})`);
}

function options(p: string[], at: string, opts: unknown, max: number): Obj[] {
  if (!Array.isArray(opts) || opts.length === 0 || opts.length > max) {
    p.push(`${at}.options: ${Array.isArray(opts) ? opts.length : 'none'} (1..${max})`);
    return [];
  }
  opts.forEach((o, i) => {
    if (!isObj(o)) return void p.push(`${at}.options[${i}]: not an object`);
    plainText(p, `${at}.options[${i}].text`, o.text, 75);
    if (typeof o.value !== 'string' || len(o.value) === 0 || len(o.value) > 150) p.push(`${at}.options[${i}].value: length ${len(o.value)} (1..150)`);
  });
  return opts.filter(isObj);
}

/** initial_option(s) must be one of the options, exactly. */
function initialIn(p: string[], at: string, el: Obj, opts: Obj[]): void {
  const initials = [el.initial_option, ...((el.initial_options as unknown[]) ?? [])].filter((x) => x !== undefined);
  for (const init of initials) {
    if (!opts.some((o) => JSON.stringify(o) === JSON.stringify(init))) p.push(`${at}.initial_option: not one of the options`);
  }
}

/** One interactive element (in an actions block or an input block). */
export function elementProblems(el: unknown, at: string, ids: Set<string>): string[] {
  const p: string[] = [];
  if (!isObj(el)) return [`${at}: not an object`];
  const actionId = el.action_id;
  if (actionId !== undefined) {
    if (typeof actionId !== 'string' || len(actionId) === 0 || len(actionId) > 255) p.push(`${at}.action_id: length ${len(actionId)} (1..255)`);
    else if (ids.has(actionId)) p.push(`${at}.action_id: ${actionId} is not unique`);
    else ids.add(actionId);
  }
  switch (el.type) {
    case 'button':
      plainText(p, `${at}.text`, el.text, 75);
      if (el.value !== undefined && (typeof el.value !== 'string' || len(el.value) > 2000)) p.push(`${at}.value: length ${len(el.value)} > 2000`);
      if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') p.push(`${at}.style: ${String(el.style)}`);
      break;
    case 'static_select':
    case 'multi_static_select': {
      plainText(p, `${at}.placeholder`, el.placeholder, 150, false);
      initialIn(p, at, el, options(p, at, el.options, 100));
      break;
    }
    case 'external_select':
    case 'multi_external_select':
      plainText(p, `${at}.placeholder`, el.placeholder, 150, false);
      if (el.min_query_length !== undefined && (typeof el.min_query_length !== 'number' || el.min_query_length < 0)) p.push(`${at}.min_query_length`);
      break;
    case 'checkboxes':
    case 'radio_buttons':
      initialIn(p, at, el, options(p, at, el.options, 10));
      break;
    case 'plain_text_input':
    case 'url_text_input':
    case 'email_text_input':
    case 'number_input': {
      plainText(p, `${at}.placeholder`, el.placeholder, 150, false);
      const max = el.max_length;
      if (max !== undefined && (typeof max !== 'number' || max < 1 || max > 3000)) p.push(`${at}.max_length: ${String(max)} (1..3000)`);
      const cap = typeof max === 'number' ? max : 3000;
      if (el.initial_value !== undefined && (typeof el.initial_value !== 'string' || len(el.initial_value) > cap)) p.push(`${at}.initial_value: length ${len(el.initial_value)} > ${cap}`);
      break;
    }
    case 'users_select':
    case 'conversations_select':
    case 'channels_select':
    case 'overflow':
    case 'datepicker':
      break;
    default:
      p.push(`${at}: unknown element type ${String(el.type)}`);
  }
  return p;
}

/** block_id: at most 255 characters and unique in the message or view. */
export function blockIdProblems(b: Obj, at: string, ids: Set<string>): string[] {
  if (b.block_id === undefined) return [];
  if (typeof b.block_id !== 'string' || len(b.block_id) === 0 || len(b.block_id) > 255) return [`${at}.block_id: length ${len(b.block_id)} (1..255)`];
  if (ids.has(b.block_id)) return [`${at}.block_id: ${b.block_id} is not unique`];
  ids.add(b.block_id);
  return [];
}

/** An actions block: 1..25 elements, each valid. */
export function actionsProblems(b: Obj, at: string, actionIds: Set<string>): string[] {
  const els = b.elements;
  if (!Array.isArray(els) || els.length === 0 || els.length > 25) return [`${at}: ${Array.isArray(els) ? els.length : 'no'} elements (1..25)`];
  return els.flatMap((el, i) => elementProblems(el, `${at}.elements[${i}]`, actionIds));
}

/** An input block (modals): a label, one element, an optional hint. */
export function inputProblems(b: Obj, at: string, actionIds: Set<string>): string[] {
  const p: string[] = [];
  plainText(p, `${at}.label`, b.label, 2000);
  plainText(p, `${at}.hint`, b.hint, 2000, false);
  if (!isObj(b.element)) p.push(`${at}.element: missing`);
  else p.push(...elementProblems(b.element, `${at}.element`, actionIds));
  return p;
}
