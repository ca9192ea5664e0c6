// The fake Slack's interactive surfaces, answered and checked like Slack: trigger ids (valid 3 s, once),
// modals (views.open / views.push / views.update, and what a view_submission's ack does to them), App Home
// (views.publish), chat.update, and response_url posts that replace or delete the message acted on.
// interactive.ts sends the payloads (block_actions, view_submission, …) that lead the bot here.
import { randomBytes } from 'node:crypto';
import { blockProblems } from './limits.ts';
import type { FakeMessage } from './server.ts';

type Obj = Record<string, unknown>;

export interface FakeEphemeral {
  channel: string;
  user: string;
  text: string;
  ts?: string;
  blocks?: unknown[];
  /** removed by a response_url `delete_original` */
  deleted?: boolean;
}

export interface FakeView {
  id: string;
  type: 'modal' | 'home';
  /** whose it is */
  user: string;
  callback_id: string;
  title?: Obj;
  submit?: Obj;
  close?: Obj;
  blocks: Obj[];
  private_metadata: string;
  external_id?: string;
  notify_on_close: boolean;
  hash: string;
  root_view_id: string | null;
  previous_view_id: string | null;
  /** still on screen (a modal not yet submitted or closed) */
  open: boolean;
  /** the errors the last view_submission ack showed beside its fields */
  errors?: Record<string, string>;
  /** how many times views.update or an ack replaced it */
  updates: number;
}

/** What a response_url belongs to: the user who acted, where, and the message they acted on. */
export interface ResponseTarget {
  channel: string;
  user: string;
  message?: { ts: string };
  ephemeral?: { ts: string };
}

export interface Host {
  messages: FakeMessage[];
  ephemerals: FakeEphemeral[];
  teamId: string;
  botId: string;
  botUserId: string;
  nextTs(): string;
}

/** Slack allows this many posts to one response_url. */
export const RESPONSE_URL_USES = 5;
/** A trigger_id works this long after the interaction that made it. */
export const TRIGGER_TTL_MS = 3000;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const parse = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
const plainLen = (v: unknown) => (isObj(v) && typeof v.text === 'string' ? [...v.text].length : 0);

/** The problems Slack would report for a view (views.open / update / push / publish, or an ack's update/push). */
export function viewProblems(view: unknown): string[] {
  if (!isObj(view)) return ['view: not an object'];
  const p: string[] = [];
  if (view.type !== 'modal' && view.type !== 'home') p.push(`view.type: ${String(view.type)}`);
  const modal = view.type === 'modal';
  for (const key of ['title', 'submit', 'close'] as const) {
    const v = view[key];
    if (v === undefined) {
      if (modal && key === 'title') p.push('view.title: required for a modal');
      continue;
    }
    if (!isObj(v) || v.type !== 'plain_text' || plainLen(v) === 0 || plainLen(v) > 24) p.push(`view.${key}: plain_text of 1..24 characters (${plainLen(v)})`);
  }
  const blocks = Array.isArray(view.blocks) ? (view.blocks as Obj[]) : [];
  if (!Array.isArray(view.blocks)) p.push('view.blocks: required');
  if (modal && view.submit === undefined && blocks.some((b) => b.type === 'input')) p.push('view.submit: required when the modal has input blocks');
  if (view.private_metadata !== undefined && (typeof view.private_metadata !== 'string' || view.private_metadata.length > 3000)) {
    p.push(`view.private_metadata: ${String(view.private_metadata).length} > 3000 characters`);
  }
  if (view.callback_id !== undefined && (typeof view.callback_id !== 'string' || view.callback_id.length > 255)) p.push('view.callback_id: > 255 characters');
  if (view.external_id !== undefined && (typeof view.external_id !== 'string' || view.external_id.length > 255)) p.push('view.external_id: > 255 characters');
  if (JSON.stringify(view).length > 250_000) p.push('view_too_large');
  p.push(...blockProblems({ blocks }, { view: true }));
  return p;
}

export class FakeInteractivity {
  /** every modal ever opened or pushed, and every App Home published, by view id */
  readonly views = new Map<string, FakeView>();
  /** App Home by user */
  readonly homes = new Map<string, FakeView>();
  /** chat.update calls that Slack accepted, in order */
  readonly updates: { channel: string; ts: string; text: string; blocks?: unknown[] }[] = [];
  /** calls Slack refused, with the error it answered */
  readonly refused: { method: string; error: string; problems?: string[] }[] = [];
  private triggers = new Map<string, { user: string; at: number; used: boolean }>();
  private stacks = new Map<string, FakeView[]>();
  private bindings = new Map<string, ResponseTarget>();
  private uses = new Map<string, number>();
  private counter = 0;

  constructor(private host: Host) {}

  /** A trigger_id as Slack puts in an interaction payload; `ageMs` backdates it (an expired trigger). */
  issueTrigger(user: string, ageMs = 0): string {
    this.counter += 1;
    const id = `${this.counter}.${Date.now()}.${randomBytes(8).toString('hex')}`;
    this.triggers.set(id, { user, at: Date.now() - ageMs, used: false });
    return id;
  }

  /** Tie a response_url (by its id) to the message acted on, so replace_original/delete_original act on it. */
  bindResponseUrl(id: string, target: ResponseTarget): void {
    this.bindings.set(id, target);
  }

  /** Show an ephemeral message (e.g. a command's ephemeral answer) so a test can act on its buttons. */
  showEphemeral(channel: string, user: string, body: { text?: string; blocks?: unknown[] }): FakeEphemeral {
    const eph: FakeEphemeral = { channel, user, text: body.text ?? '', ts: this.host.nextTs(), ...(body.blocks ? { blocks: body.blocks } : {}) };
    this.host.ephemerals.push(eph);
    return eph;
  }

  /** The user's modals on screen, the top one last. */
  stack(user: string): FakeView[] {
    return (this.stacks.get(user) ?? []).filter((v) => v.open);
  }

  /** The modal the user sees now. */
  topView(user: string): FakeView | undefined {
    return this.stack(user).at(-1);
  }

  view(id: string): FakeView | undefined {
    return this.views.get(id);
  }

  /** A view as Slack puts it in payloads (`view` of view_submission, block_actions in a modal, block_suggestion). */
  viewOutput(v: FakeView, state: Obj = { values: {} }): Obj {
    return {
      id: v.id, team_id: this.host.teamId, type: v.type, blocks: v.blocks, private_metadata: v.private_metadata,
      callback_id: v.callback_id, state, hash: v.hash, title: v.title ?? { type: 'plain_text', text: 'Home' },
      clear_on_close: false, notify_on_close: v.notify_on_close, close: v.close ?? null, submit: v.submit ?? null,
      previous_view_id: v.previous_view_id, root_view_id: v.root_view_id, app_id: 'A0CLAIMDESK',
      external_id: v.external_id ?? '', app_installed_team_id: this.host.teamId, bot_id: this.host.botId,
    };
  }

  /** Web API methods of the interactive surfaces; undefined for methods this part does not answer. */
  answer(method: string, a: Obj): Obj | undefined {
    const result = this.dispatch(method, a);
    if (result && result.ok === false) this.refused.push({ method, error: String(result.error), ...(result.problems ? { problems: result.problems as string[] } : {}) });
    return result;
  }

  private dispatch(method: string, a: Obj): Obj | undefined {
    switch (method) {
      case 'views.open':
      case 'views.push': {
        const view = this.checkedView(a.view);
        if ('error' in view) return view.error;
        const trigger = this.useTrigger(a.trigger_id ?? a.interactivity_pointer);
        if ('error' in trigger) return { ok: false, error: trigger.error };
        const below = this.stack(trigger.user);
        if (method === 'views.push' && below.length === 0) return { ok: false, error: 'not_found' };
        if (method === 'views.push' && below.length >= 3) return { ok: false, error: 'push_limit_reached' };
        if (method === 'views.open') for (const v of below) v.open = false; // a new modal replaces what was open
        const top = method === 'views.push' ? below.at(-1) : undefined;
        const v = this.make(view.view, trigger.user, top);
        this.stacks.set(trigger.user, [...this.stack(trigger.user), v]);
        return { ok: true, view: this.viewOutput(v) };
      }
      case 'views.update': {
        const v = typeof a.view_id === 'string' ? this.views.get(a.view_id) : [...this.views.values()].find((x) => x.external_id && x.external_id === a.external_id);
        if (!v || !v.open) return { ok: false, error: 'not_found' };
        if (a.hash !== undefined && a.hash !== v.hash) return { ok: false, error: 'hash_conflict' };
        const view = this.checkedView(a.view);
        if ('error' in view) return view.error;
        this.replace(v, view.view);
        return { ok: true, view: this.viewOutput(v) };
      }
      case 'views.publish': {
        const user = typeof a.user_id === 'string' ? a.user_id : '';
        if (!user) return { ok: false, error: 'invalid_arguments', problems: ['user_id: required'] };
        const view = this.checkedView(a.view);
        if ('error' in view) return view.error;
        if (view.view.type !== 'home') return { ok: false, error: 'invalid_arguments', problems: ['view.type: must be home'] };
        const had = this.homes.get(user);
        if (had && a.hash !== undefined && a.hash !== had.hash) return { ok: false, error: 'hash_conflict' };
        if (had) this.replace(had, view.view);
        else this.homes.set(user, this.make(view.view, user));
        return { ok: true, view: this.viewOutput(this.homes.get(user)!) };
      }
      case 'chat.update': {
        const m = this.host.messages.find((x) => x.channel === a.channel && x.ts === a.ts);
        if (!m) return { ok: false, error: 'message_not_found' };
        if (m.bot_id !== this.host.botId) return { ok: false, error: 'cant_update_message' };
        const problems = blockProblems({ text: a.text ?? m.text, blocks: a.blocks ?? m.blocks });
        if (problems.length) return { ok: false, error: 'invalid_blocks', problems };
        // like Slack: blocks left out are kept
        if (a.text !== undefined) m.text = String(a.text);
        if (a.blocks !== undefined) m.blocks = parse(a.blocks) as unknown[];
        m.edited = (m.edited ?? 0) + 1;
        this.updates.push({ channel: m.channel, ts: m.ts, text: m.text, ...(m.blocks ? { blocks: m.blocks } : {}) });
        return { ok: true, channel: m.channel, ts: m.ts, text: m.text, message: { text: m.text, blocks: m.blocks } };
      }
      default:
        return undefined;
    }
  }

  /**
   * A POST to a response_url (server.ts records it in `responses` too). Returns why Slack refuses it, or
   * undefined. replace_original / delete_original act on the message the response_url was bound to; a new
   * ephemeral answer shows to the user who acted.
   */
  respond(id: string, body: Obj): string | undefined {
    const n = (this.uses.get(id) ?? 0) + 1;
    this.uses.set(id, n);
    if (n > RESPONSE_URL_USES) return 'used_url';
    const target = this.bindings.get(id);
    if (!target) return undefined;
    const yes = (v: unknown) => v === true || v === 'true';
    const blocks = body.blocks === undefined ? undefined : (parse(body.blocks) as unknown[]);
    const shown = target.message
      ? this.host.messages.find((m) => m.channel === target.channel && m.ts === target.message!.ts)
      : target.ephemeral
        ? this.host.ephemerals.find((e) => e.channel === target.channel && e.ts === target.ephemeral!.ts && !e.deleted)
        : undefined;
    if (yes(body.delete_original)) {
      if (!shown) return 'message_not_found';
      if (target.ephemeral) (shown as FakeEphemeral).deleted = true;
      else this.host.messages.splice(this.host.messages.indexOf(shown as FakeMessage), 1);
      return undefined;
    }
    if (yes(body.replace_original)) {
      if (!shown) return 'message_not_found';
      shown.text = typeof body.text === 'string' ? body.text : shown.text;
      if (blocks) shown.blocks = blocks;
      if (target.message) (shown as FakeMessage).edited = ((shown as FakeMessage).edited ?? 0) + 1;
      return undefined;
    }
    if (body.response_type === 'in_channel') {
      this.host.messages.push({ ts: this.host.nextTs(), channel: target.channel, text: String(body.text ?? ''), bot_id: this.host.botId, user: this.host.botUserId, ...(blocks ? { blocks } : {}) });
    } else {
      this.showEphemeral(target.channel, target.user, { text: typeof body.text === 'string' ? body.text : '', ...(blocks ? { blocks } : {}) });
    }
    return undefined;
  }

  /**
   * What the bot's ack of a view_submission does to the modal, as Slack applies it: nothing (close it),
   * `errors` (keep it open, messages beside input blocks — keys must be block ids of its input blocks),
   * `update` (replace it), `push` (a new modal on top), `clear` (close them all). Returns what happened.
   */
  afterSubmit(v: FakeView, ack: Obj | undefined): { result: 'closed' | 'errors' | 'updated' | 'pushed' | 'cleared' | 'refused'; problems?: string[] } {
    const action = ack?.response_action;
    if (action === undefined) {
      v.open = false;
      return { result: 'closed' };
    }
    if (action === 'errors') {
      const errors = isObj(ack!.errors) ? (ack!.errors as Record<string, string>) : {};
      const inputs = new Set(v.blocks.filter((b) => b.type === 'input').map((b) => b.block_id));
      const problems = Object.entries(errors).flatMap(([k, msg]) => [
        ...(inputs.has(k) ? [] : [`errors: ${k} is not the block_id of an input block`]),
        ...(typeof msg === 'string' && msg.length > 0 && msg.length <= 2000 ? [] : [`errors.${k}: not a message of 1..2000 characters`]),
      ]);
      if (problems.length || Object.keys(errors).length === 0) return { result: 'refused', problems: problems.length ? problems : ['errors: empty'] };
      v.errors = errors;
      return { result: 'errors' };
    }
    if (action === 'update' || action === 'push') {
      const view = this.checkedView(ack!.view);
      if ('error' in view) return { result: 'refused', problems: (view.error.problems as string[]) ?? [] };
      if (action === 'update') this.replace(v, view.view);
      else this.stacks.set(v.user, [...this.stack(v.user), this.make(view.view, v.user, v)]);
      return { result: action === 'update' ? 'updated' : 'pushed' };
    }
    if (action === 'clear') {
      for (const x of this.stack(v.user)) x.open = false;
      return { result: 'cleared' };
    }
    return { result: 'refused', problems: [`response_action: ${String(action)}`] };
  }

  /** The user closed the modal (its × or Cancel). */
  closeView(v: FakeView): void {
    v.open = false;
  }

  private useTrigger(raw: unknown): { user: string } | { error: string } {
    const id = typeof raw === 'string' ? raw : '';
    const t = this.triggers.get(id);
    if (!/^\d+\.\d+\.[0-9a-f]+$/.test(id) || !t) return { error: 'invalid_trigger_id' };
    if (t.used) return { error: 'exchanged_trigger_id' };
    if (Date.now() - t.at > TRIGGER_TTL_MS) return { error: 'expired_trigger_id' };
    t.used = true;
    return { user: t.user };
  }

  private checkedView(raw: unknown): { view: Obj } | { error: Obj } {
    let view: unknown;
    try {
      view = parse(raw);
    } catch {
      return { error: { ok: false, error: 'invalid_arguments', problems: ['view: not JSON'] } };
    }
    const problems = viewProblems(view);
    if (problems.includes('view_too_large')) return { error: { ok: false, error: 'view_too_large' } };
    if (problems.length) return { error: { ok: false, error: 'invalid_arguments', problems, response_metadata: { messages: problems.map((m) => `[ERROR] ${m}`) } } };
    return { view: view as Obj };
  }

  private make(view: Obj, user: string, below?: FakeView): FakeView {
    this.counter += 1;
    const v: FakeView = {
      id: `V${String(this.counter).padStart(8, '0')}`, type: view.type as 'modal' | 'home', user,
      callback_id: String(view.callback_id ?? ''), title: view.title as Obj | undefined, submit: view.submit as Obj | undefined,
      close: view.close as Obj | undefined, blocks: (view.blocks as Obj[]) ?? [], private_metadata: String(view.private_metadata ?? ''),
      ...(typeof view.external_id === 'string' ? { external_id: view.external_id } : {}),
      notify_on_close: view.notify_on_close === true, hash: randomBytes(6).toString('hex'),
      root_view_id: below ? (below.root_view_id ?? below.id) : null, previous_view_id: below?.id ?? null, open: true, updates: 0,
    };
    this.views.set(v.id, v);
    return v;
  }

  private replace(v: FakeView, view: Obj): void {
    Object.assign(v, {
      callback_id: String(view.callback_id ?? v.callback_id), title: view.title, submit: view.submit, close: view.close,
      blocks: view.blocks ?? [], private_metadata: String(view.private_metadata ?? ''), notify_on_close: view.notify_on_close === true,
      hash: randomBytes(6).toString('hex'), errors: undefined, updates: v.updates + 1,
    });
  }
}
