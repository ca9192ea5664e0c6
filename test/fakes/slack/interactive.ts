// Sends interaction payloads to the bot exactly as Slack does: over HTTP as a signed
// `application/x-www-form-urlencoded` body `payload=<json>` to /slack/events, or over Socket Mode as an
// `interactive` envelope. Like a Slack client, it only lets a user press what is on screen: a button or an
// option of a message, ephemeral or view the fake holds; a modal submits only with its required fields filled.
// Shapes: https://docs.slack.dev/reference/interaction-payloads (block_actions, view_submission, view_closed,
// message_action / shortcut, block_suggestion).
import { randomUUID } from 'node:crypto';
import type { BotAnswer, SignOptions, SlackSender } from './client.ts';
import type { FakeView } from './interactivity.ts';
import type { FakeSlack } from './server.ts';

type Obj = Record<string, unknown>;

export interface Who {
  user: string;
  userName?: string;
}

/** Where a control is: a channel message, an ephemeral message, or a view (modal, App Home). */
export type Surface = { kind: 'message'; channel: string; ts: string } | { kind: 'ephemeral'; channel: string; ts: string } | { kind: 'view'; viewId: string };

export interface InteractiveAnswer extends BotAnswer {
  /** how long the bot took to acknowledge (Slack gives up after 3 s) */
  ms: number;
}

export interface ActAnswer extends InteractiveAnswer {
  triggerId: string;
  /** the response_url's id (fake.responsesFor(id)); undefined for a view */
  responseId?: string;
}

export interface SubmitAnswer extends InteractiveAnswer {
  /** what the ack did to the modal */
  result: 'closed' | 'errors' | 'updated' | 'pushed' | 'cleared' | 'refused';
  /** the errors shown beside the fields (result 'errors') */
  errors?: Record<string, string>;
  problems?: string[];
}

export interface ActOptions {
  /** backdate the trigger_id Slack hands with it (past 3 s: expired) */
  triggerAgeMs?: number;
}

type Transport = (payload: Obj, opts?: SignOptions) => Promise<InteractiveAnswer>;

const FORM = 'application/x-www-form-urlencoded';

export class SlackInteractions {
  private constructor(
    private fake: FakeSlack,
    private transport: Transport,
  ) {}

  /** Over HTTP, signed, to the bot's /slack/events. */
  static http(fake: FakeSlack, sender: SlackSender): SlackInteractions {
    return new SlackInteractions(fake, async (payload, opts) => {
      const start = Date.now();
      const answer = await sender.post(`payload=${encodeURIComponent(JSON.stringify(payload))}`, FORM, opts);
      return { ...answer, ms: Date.now() - start };
    });
  }

  /** Over Socket Mode, as an `interactive` envelope; the ack's payload is the answer. */
  static socket(fake: FakeSlack): SlackInteractions {
    return new SlackInteractions(fake, async (payload) => {
      const start = Date.now();
      const json = await fake.socketSend('interactive', payload, 10_000);
      return { status: 200, text: JSON.stringify(json), json, ms: Date.now() - start };
    });
  }

  /** Send any payload as it is (hostile tests). */
  raw(payload: Obj, opts?: SignOptions): Promise<InteractiveAnswer> {
    return this.transport(payload, opts);
  }

  /** The blocks on a surface. */
  blocksOf(s: Surface): Obj[] {
    if (s.kind === 'view') return this.fake.ui.view(s.viewId)?.blocks ?? [];
    const list = s.kind === 'message' ? this.fake.messages : this.fake.ephemerals.filter((e) => !e.deleted);
    const shown = list.find((m) => m.channel === s.channel && m.ts === s.ts);
    if (!shown) throw new Error(`no ${s.kind} ${s.ts} in ${s.channel}`);
    return (shown.blocks ?? []) as Obj[];
  }

  /**
   * A user presses a button or picks an option (`choice`: the option's value) of the control `actionId` on the
   * surface: a block_actions payload. Throws when the surface shows no such control or option.
   */
  async act(s: Surface, who: Who, actionId: string, choice?: string, opts: ActOptions & SignOptions = {}): Promise<ActAnswer> {
    const { block, element } = this.find(s, actionId);
    const action: Obj = { type: element.type, action_id: actionId, block_id: block.block_id, action_ts: `${Date.now() / 1000}` };
    if (element.type === 'button') Object.assign(action, { text: element.text, value: element.value, ...(element.style ? { style: element.style } : {}) });
    else if (element.type === 'static_select' || element.type === 'overflow') {
      const option = ((element.options as Obj[]) ?? []).find((o) => o.value === choice);
      if (!option) throw new Error(`${actionId} offers no option ${choice}`);
      Object.assign(action, { selected_option: option, ...(element.initial_option ? { initial_option: element.initial_option } : {}), ...(element.placeholder ? { placeholder: element.placeholder } : {}) });
    } else throw new Error(`acting on a ${String(element.type)} is not supported by the fake`);

    const triggerId = this.fake.ui.issueTrigger(who.user, opts.triggerAgeMs ?? 0);
    const payload: Obj = {
      type: 'block_actions', user: this.user(who), api_app_id: 'A0CLAIMDESK', token: 'legacy-verification-token',
      trigger_id: triggerId, team: this.team(), enterprise: null, is_enterprise_install: false, state: { values: {} }, actions: [action],
    };
    let responseId: string | undefined;
    if (s.kind === 'view') {
      const v = this.fake.ui.view(s.viewId)!;
      Object.assign(payload, { container: { type: 'view', view_id: v.id }, view: this.fake.ui.viewOutput(v) });
    } else {
      responseId = randomUUID();
      const m = this.fake[s.kind === 'message' ? 'messages' : 'ephemerals'].find((x) => x.channel === s.channel && x.ts === s.ts)!;
      this.fake.ui.bindResponseUrl(responseId, { channel: s.channel, user: who.user, ...(s.kind === 'message' ? { message: { ts: s.ts } } : { ephemeral: { ts: s.ts } }) });
      Object.assign(payload, {
        container: { type: 'message', message_ts: s.ts, channel_id: s.channel, is_ephemeral: s.kind === 'ephemeral' },
        channel: { id: s.channel, name: this.fake.channels.get(s.channel) ?? s.channel.toLowerCase() },
        response_url: this.fake.responseUrl(responseId),
        // Slack sends the message for a channel message, not for an ephemeral one
        ...(s.kind === 'message' ? { message: { type: 'message', ts: m.ts, text: m.text, user: (m as { user?: string }).user, bot_id: (m as { bot_id?: string }).bot_id, blocks: m.blocks } } : {}),
      });
    }
    const answer = await this.transport(payload, opts);
    return { ...answer, triggerId, ...(responseId ? { responseId } : {}) };
  }

  /**
   * The user submits the modal: `values` by block_id (text for text inputs, option values or `true` for
   * checkboxes, an option value or `{text, value}` for selects); fields not given keep what the modal shows.
   * Throws, as a Slack client would refuse to submit, when a required field is empty or a text is too long.
   */
  async submit(viewId: string, who: Who, values: Record<string, unknown> = {}, opts: SignOptions = {}): Promise<SubmitAnswer> {
    const v = this.openView(viewId, who);
    const inputs = v.blocks.filter((b) => b.type === 'input');
    for (const k of Object.keys(values)) if (!inputs.some((b) => b.block_id === k)) throw new Error(`the modal has no input block ${k}`);
    const state: Record<string, Record<string, Obj>> = {};
    for (const b of inputs) {
      const el = b.element as Obj;
      const id = String(b.block_id);
      const value = stateValue(el, values[id], !(id in values));
      const label = (b.label as { text?: string })?.text ?? String(b.block_id);
      if (b.optional !== true && isEmpty(value)) throw new Error(`Slack would not submit: "${label}" is required`);
      const text = typeof value.value === 'string' ? [...value.value].length : 0;
      if (typeof el.max_length === 'number' && text > el.max_length) throw new Error(`Slack would not submit: "${label}" is over ${el.max_length} characters`);
      if (typeof el.min_length === 'number' && text > 0 && text < el.min_length) throw new Error(`Slack would not submit: "${label}" is under ${el.min_length} characters`);
      state[id] = { [String(el.action_id)]: value };
    }
    const payload: Obj = {
      type: 'view_submission', team: this.team(), user: this.user(who), api_app_id: 'A0CLAIMDESK', token: 'legacy-verification-token',
      trigger_id: this.fake.ui.issueTrigger(who.user), view: this.fake.ui.viewOutput(v, { values: state }), response_urls: [],
      is_enterprise_install: false, enterprise: null,
    };
    const answer = await this.transport(payload, opts);
    const after = answer.status === 200 ? this.fake.ui.afterSubmit(v, answer.json && Object.keys(answer.json).length ? answer.json : undefined) : { result: 'refused' as const, problems: [`HTTP ${answer.status}`] };
    return { ...answer, ...after, ...(after.result === 'errors' ? { errors: v.errors } : {}) };
  }

  /** The user closes the modal; Slack sends view_closed only when the view asked for it (notify_on_close). */
  async close(viewId: string, who: Who): Promise<InteractiveAnswer | undefined> {
    const v = this.openView(viewId, who);
    this.fake.ui.closeView(v);
    if (!v.notify_on_close) return undefined;
    return this.transport({
      type: 'view_closed', team: this.team(), user: this.user(who), api_app_id: 'A0CLAIMDESK', token: 'legacy-verification-token',
      view: this.fake.ui.viewOutput(v), is_cleared: false, is_enterprise_install: false, enterprise: null,
    });
  }

  /** A message shortcut (the message's ⋯ menu) on a message the fake holds, or a global shortcut without one. */
  async shortcut(callbackId: string, who: Who, message?: { channel: string; ts: string }, opts: ActOptions & SignOptions = {}): Promise<ActAnswer> {
    const triggerId = this.fake.ui.issueTrigger(who.user, opts.triggerAgeMs ?? 0);
    const base = { callback_id: callbackId, trigger_id: triggerId, user: this.user(who), team: this.team(), token: 'legacy-verification-token', action_ts: `${Date.now() / 1000}`, is_enterprise_install: false, enterprise: null };
    if (!message) return { ...(await this.transport({ type: 'shortcut', ...base }, opts)), triggerId };
    const m = this.fake.messages.find((x) => x.channel === message.channel && x.ts === message.ts);
    if (!m) throw new Error(`no message ${message.ts} in ${message.channel}`);
    const responseId = randomUUID();
    this.fake.ui.bindResponseUrl(responseId, { channel: m.channel, user: who.user, message: { ts: m.ts } });
    const payload = {
      type: 'message_action', ...base, message_ts: m.ts, response_url: this.fake.responseUrl(responseId),
      channel: { id: m.channel, name: this.fake.channels.get(m.channel) ?? m.channel.toLowerCase() },
      message: { type: 'message', ts: m.ts, text: m.text, user: m.user, ...(m.bot_id ? { bot_id: m.bot_id } : {}), ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}) },
    };
    return { ...(await this.transport(payload, opts)), triggerId, responseId };
  }

  /** The user types `query` into the external select of block `blockId` in a modal: block_suggestion; the options the bot offered. */
  async suggest(viewId: string, who: Who, blockId: string, query: string): Promise<InteractiveAnswer & { options: Obj[]; problems: string[] }> {
    const v = this.openView(viewId, who);
    const block = v.blocks.find((b) => b.block_id === blockId);
    const el = (block?.element ?? ((block?.elements as Obj[]) ?? []).find((e) => String(e.type).includes('external_select'))) as Obj | undefined;
    if (!el || !String(el.type).includes('external_select')) throw new Error(`block ${blockId} has no external select`);
    const answer = await this.transport({
      type: 'block_suggestion', user: this.user(who), container: { type: 'view', view_id: v.id }, api_app_id: 'A0CLAIMDESK', token: 'legacy-verification-token',
      action_id: el.action_id, block_id: blockId, value: query, team: this.team(), enterprise: null, is_enterprise_install: false, view: this.fake.ui.viewOutput(v),
    });
    const groups = (answer.json?.option_groups as { options?: Obj[] }[] | undefined) ?? [];
    const options = [...((answer.json?.options as Obj[] | undefined) ?? []), ...groups.flatMap((g) => g.options ?? [])];
    const problems: string[] = [];
    if (options.length > 100) problems.push(`${options.length} options > 100`);
    for (const o of options) {
      const t = (o.text as { text?: string } | undefined)?.text ?? '';
      if (!t || [...t].length > 75) problems.push(`option text length ${[...t].length}`);
      if (typeof o.value !== 'string' || !o.value || o.value.length > 150) problems.push(`option value ${String(o.value).slice(0, 40)}`);
    }
    return { ...answer, options, problems };
  }

  private openView(viewId: string, who: Who): FakeView {
    const v = this.fake.ui.view(viewId);
    if (!v || !v.open) throw new Error(`view ${viewId} is not on screen`);
    if (v.user !== who.user) throw new Error(`view ${viewId} is ${v.user}'s, not ${who.user}'s`);
    return v;
  }

  private find(s: Surface, actionId: string): { block: Obj; element: Obj } {
    for (const block of this.blocksOf(s)) {
      const els = [...((block.elements as Obj[] | undefined) ?? []), ...(block.accessory ? [block.accessory as Obj] : [])];
      const element = block.type === 'context' ? undefined : els.find((e) => e.action_id === actionId);
      if (element) return { block, element };
    }
    throw new Error(`the ${s.kind} shows no control ${actionId}`);
  }

  private user(who: Who): Obj {
    const name = who.userName ?? who.user.toLowerCase();
    return { id: who.user, username: name, name, team_id: this.fake.teamId };
  }

  private team(): Obj {
    return { id: this.fake.teamId, domain: 'newsroom' };
  }
}

/** The state value Slack sends for an input element: given, else (`keep`) what it shows at first. */
function stateValue(el: Obj, given: unknown, keep: boolean): Obj {
  const type = String(el.type);
  const options = (el.options as Obj[] | undefined) ?? [];
  const option = (v: unknown): Obj | null => {
    if (v === undefined || v === null || v === '') return null;
    if (typeof v === 'object') return v as Obj;
    const hit = options.find((o) => o.value === v);
    if (hit) return hit;
    if (type.includes('external')) return { text: { type: 'plain_text', text: String(v) }, value: String(v) };
    throw new Error(`no option ${String(v)}`);
  };
  switch (type) {
    case 'checkboxes':
    case 'multi_static_select':
    case 'multi_external_select': {
      if (keep) return { type, selected_options: (el.initial_options as Obj[]) ?? [] };
      const list = given === true ? options.slice(0, 1) : given === false ? [] : Array.isArray(given) ? given.map(option).filter(Boolean) : [option(given)].filter(Boolean);
      return { type, selected_options: list };
    }
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: keep ? ((el.initial_option as Obj) ?? null) : option(given) };
    default: {
      const v = keep ? el.initial_value : given;
      return { type, value: typeof v === 'string' && v !== '' ? v : null };
    }
  }
}

function isEmpty(v: Obj): boolean {
  if ('selected_options' in v) return (v.selected_options as unknown[]).length === 0;
  if ('selected_option' in v) return !v.selected_option;
  return v.value === null || v.value === undefined || v.value === '';
}
