// INTERACTION_CREATE payloads as Discord sends them for chat-input commands and autocomplete.
import { apiChannel, apiMember, snowflake, type FakeGuild, type FakeMember, type FakeUser } from './payloads.ts';

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

export interface InteractionRecord {
  id: string;
  token: string;
  channelId: string;
  spec: SlashSpec;
  /** when the interaction was dispatched (Date.now()): Discord refuses a first answer after 3 s */
  createdAt: number;
  /** callback bodies (`{ type, data }`), in order */
  callbacks: any[];
  /** the original response message once there is one; `body` merges later edits */
  original?: { id: string; body: any; edited: boolean; deleted?: boolean };
  edits: any[];
  followups: any[];
}

export function buildInteraction(
  spec: SlashSpec,
  ctx: { guild: FakeGuild; applicationId: string; member: FakeMember },
): { payload: unknown; record: InteractionRecord } {
  const id = snowflake();
  const token = `itok-${id}`;
  const channel = ctx.guild.channels.find((c) => c.id === spec.channelId) ?? { id: spec.channelId, name: 'unknown' };
  const opts = Object.entries(spec.options ?? {}).map(([name, value]) => ({
    type: 3,
    name,
    value,
    ...(spec.focused === name ? { focused: true } : {}),
  }));
  const options = spec.sub ? [{ type: 1, name: spec.sub, options: opts }] : opts;
  const payload = {
    id,
    application_id: ctx.applicationId,
    type: spec.focused ? 4 : 2,
    token,
    version: 1,
    guild_id: ctx.guild.id,
    guild: { id: ctx.guild.id, locale: 'en-US', features: [] },
    channel_id: channel.id,
    channel: apiChannel(channel, ctx.guild.id),
    member: { ...apiMember(ctx.member), permissions: '2248473465835073' },
    app_permissions: '2248473465835073',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': ctx.guild.id },
    context: 0,
    attachment_size_limit: 10485760,
    data: { id: snowflake(), name: spec.group, type: 1, guild_id: ctx.guild.id, options },
  };
  return { payload, record: { id, token, channelId: channel.id, spec, createdAt: Date.now(), callbacks: [], edits: [], followups: [] } };
}
