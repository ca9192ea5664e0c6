// INTERACTION_CREATE payloads as Discord sends them: chat-input commands and autocomplete, message commands
// (Apps → …), clicks on message components (buttons, selects) and modal submissions.
import {
  apiChannel, apiMember, apiMessage, apiThread, snowflake,
  type FakeGuild, type FakeMember, type FakeThread, type FakeUser, type StoredMessage,
} from './payloads.ts';

export interface SlashSpec {
  user: FakeUser;
  channelId: string;
  group: string;
  /** subcommand; omitted for a command without subcommands */
  sub?: string;
  options?: Record<string, string>;
  /** autocomplete: the option being typed (its value is the partial text) */
  focused?: string;
}

/** Any other interaction: who, where, and a few words for timeout messages. */
export interface OtherSpec {
  user: FakeUser;
  channelId: string;
  what: string;
}

export interface InteractionRecord {
  id: string;
  token: string;
  channelId: string;
  /** command: slash, autocomplete or message command; component: a button or select; modal: a modal submission */
  kind: 'command' | 'component' | 'modal';
  spec: SlashSpec | OtherSpec;
  /** the message a component is on (or the modal was opened from): type 6/7 answers and @original edit it */
  messageId?: string;
  /** when the interaction was dispatched (Date.now()): Discord refuses a first answer after 3 s */
  createdAt: number;
  /** callback bodies (`{ type, data }`), in order */
  callbacks: any[];
  /** the original response message once there is one; `body` merges later edits */
  original?: { id: string; body: any; edited: boolean; deleted?: boolean };
  edits: any[];
  followups: any[];
}

interface Ctx {
  guild: FakeGuild;
  applicationId: string;
  member: FakeMember;
  threads?: Map<string, FakeThread>;
}

function base(ctx: Ctx, channelId: string, type: number, data: unknown, extra: object = {}) {
  const id = snowflake();
  const thread = ctx.threads?.get(channelId);
  const channel = ctx.guild.channels.find((c) => c.id === channelId) ?? { id: channelId, name: 'unknown' };
  const payload = {
    id,
    application_id: ctx.applicationId,
    type,
    token: `itok-${id}`,
    version: 1,
    guild_id: ctx.guild.id,
    guild: { id: ctx.guild.id, locale: 'en-US', features: [] },
    channel_id: channelId,
    channel: thread ? apiThread(thread, ctx.guild.id) : apiChannel(channel, ctx.guild.id),
    member: { ...apiMember(ctx.member), permissions: '2248473465835073' },
    app_permissions: '2248473465835073',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': ctx.guild.id },
    context: 0,
    attachment_size_limit: 10485760,
    data,
    ...extra,
  };
  return { id, token: payload.token, payload };
}

const record = (id: string, token: string, channelId: string, kind: InteractionRecord['kind'], spec: InteractionRecord['spec'], messageId?: string): InteractionRecord => ({
  id, token, channelId, kind, spec, ...(messageId ? { messageId } : {}), createdAt: Date.now(), callbacks: [], edits: [], followups: [],
});

export function buildInteraction(spec: SlashSpec, ctx: Ctx): { payload: unknown; record: InteractionRecord } {
  const opts = Object.entries(spec.options ?? {}).map(([name, value]) => ({
    type: 3,
    name,
    value,
    ...(spec.focused === name ? { focused: true } : {}),
  }));
  const options = spec.sub ? [{ type: 1, name: spec.sub, options: opts }] : opts;
  const data = { id: snowflake(), name: spec.group, type: 1, guild_id: ctx.guild.id, options };
  const { id, token, payload } = base(ctx, spec.channelId, spec.focused ? 4 : 2, data);
  return { payload, record: record(id, token, spec.channelId, 'command', spec) };
}

/** A message command (type 2, data.type 3) on a message: Discord sends the message along in `resolved`. */
export function buildMessageCommand(name: string, msg: StoredMessage, user: FakeUser, ctx: Ctx) {
  const data = { id: snowflake(), name, type: 3, guild_id: ctx.guild.id, target_id: msg.id, resolved: { messages: { [msg.id]: apiMessage(msg) } } };
  const { id, token, payload } = base(ctx, msg.channel_id, 2, data);
  return { payload, record: record(id, token, msg.channel_id, 'command', { user, channelId: msg.channel_id, what: `${name} on ${msg.id}` }) };
}

/** A click on a button (component_type 2) or a pick in a string select (3, with values) of a message. */
export function buildComponent(msg: StoredMessage, customId: string, componentType: number, values: string[] | undefined, user: FakeUser, ctx: Ctx) {
  const data = { custom_id: customId, component_type: componentType, ...(values ? { values } : {}) };
  const { id, token, payload } = base(ctx, msg.channel_id, 3, data, { message: apiMessage(msg) });
  return { payload, record: record(id, token, msg.channel_id, 'component', { user, channelId: msg.channel_id, what: `component ${customId}` }, msg.id) };
}

/** A modal submission: each text input with the value typed; from a component's message, that message too. */
export function buildModalSubmit(customId: string, inputs: { custom_id: string; value: string }[], channelId: string, msg: StoredMessage | undefined, user: FakeUser, ctx: Ctx) {
  const components = inputs.map((c, n) => ({ type: 18, id: 2 * n + 1, component: { type: 4, id: 2 * n + 2, custom_id: c.custom_id, value: c.value } }));
  const { id, token, payload } = base(ctx, channelId, 5, { custom_id: customId, components }, msg ? { message: apiMessage(msg) } : {});
  return { payload, record: record(id, token, channelId, 'modal', { user, channelId, what: `modal ${customId}` }, msg?.id) };
}

/** The control `customId` of a message, as a user can only press one the message has (a select: its options only). */
export function controlOf(msg: StoredMessage, customId: string, values?: string[]): any {
  const control = (msg.components as any[]).flatMap((r) => r.components ?? []).find((c: any) => c.custom_id === customId);
  if (!control) throw new Error(`message ${msg.id} has no control ${customId}`);
  if (control.type === 3 && (values ?? []).some((v) => !control.options.some((o: any) => o.value === v))) throw new Error(`no option ${values}`);
  return control;
}

/** What the user's client sends for a modal: each box's value (prefilled unless `values` sets it), as Discord enforces them. */
export function modalInputs(modal: any, values: Record<string, string>): { custom_id: string; value: string }[] {
  return (modal.components as any[]).map((c) => {
    const input = c.component;
    const value = values[input.custom_id] ?? input.value ?? '';
    if (input.required && !value) throw new Error(`${input.custom_id} is required`);
    if ([...value].length > (input.max_length ?? 4000)) throw new Error(`${input.custom_id} is longer than ${input.max_length}`);
    return { custom_id: input.custom_id, value };
  });
}
