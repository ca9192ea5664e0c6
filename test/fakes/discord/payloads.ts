// Discord API objects as the real API sends them (the subset discord.js 14 reads), for the fake Discord.
const DISCORD_EPOCH = 1420070400000n;
let counter = 0n;

/** A fresh snowflake: timestamp in the high bits like real ids, so discord.js dates make sense. */
export function snowflake(): string {
  counter = (counter + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | counter).toString();
}

export interface FakeUser {
  id: string;
  username: string;
  global_name?: string | null;
  bot?: boolean;
}

export interface FakeRole {
  id: string;
  name: string;
}

export interface FakeChannel {
  id: string;
  name: string;
}

export interface FakeMember {
  user: FakeUser;
  /** role ids */
  roles: string[];
  nick?: string | null;
}

export interface FakeGuild {
  id: string;
  name: string;
  channels: FakeChannel[];
  roles: FakeRole[];
  members: FakeMember[];
}

export function apiUser(u: FakeUser) {
  return { id: u.id, username: u.username, global_name: u.global_name ?? null, discriminator: '0', avatar: null, bot: u.bot ?? false };
}

/** The READY dispatch: the bot user, its guilds (unavailable until their GUILD_CREATE), the session. */
export function apiReady(bot: FakeUser, applicationId: string, guildIds: string[], sessionId: string, resumeUrl: string) {
  return {
    v: 10,
    user: { ...apiUser(bot), verified: true, mfa_enabled: false, flags: 0 },
    guilds: guildIds.map((id) => ({ id, unavailable: true })),
    session_id: sessionId,
    resume_gateway_url: resumeUrl,
    shard: [0, 1],
    application: { id: applicationId, flags: 0 },
    private_channels: [],
  };
}

export function apiChannel(c: FakeChannel, guildId: string, position = 0) {
  return { id: c.id, type: 0, guild_id: guildId, name: c.name, position, permission_overwrites: [], nsfw: false, topic: null, last_message_id: null, parent_id: null, rate_limit_per_user: 0 };
}

export function apiRole(r: FakeRole, position = 0) {
  return { id: r.id, name: r.name, color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null }, hoist: false, icon: null, unicode_emoji: null, position, permissions: '1071698660929', managed: false, mentionable: false, flags: 0 };
}

export function apiMember(m: FakeMember) {
  return { user: apiUser(m.user), roles: m.roles, nick: m.nick ?? null, avatar: null, joined_at: '2026-01-01T00:00:00.000Z', premium_since: null, deaf: false, mute: false, flags: 0, pending: false, communication_disabled_until: null };
}

export function apiGuild(g: FakeGuild, ownerId: string) {
  return {
    id: g.id,
    name: g.name,
    icon: null,
    owner_id: ownerId,
    unavailable: false,
    large: false,
    member_count: g.members.length,
    joined_at: '2026-01-01T00:00:00.000Z',
    features: [],
    emojis: [],
    stickers: [],
    presences: [],
    voice_states: [],
    threads: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    premium_tier: 0,
    preferred_locale: 'en-US',
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    system_channel_flags: 0,
    nsfw_level: 0,
    // the @everyone role has the guild's id
    roles: [apiRole({ id: g.id, name: '@everyone' }), ...g.roles.map((r, i) => apiRole(r, i + 1))],
    channels: g.channels.map((c, i) => apiChannel(c, g.id, i)),
    members: g.members.map(apiMember),
  };
}

export interface StoredMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: ReturnType<typeof apiUser>;
  content: string;
  embeds: unknown[];
  /** action rows (buttons, selects) */
  components: unknown[];
  flags: number;
  /** what the poster asked for (null: the field was absent) */
  allowed_mentions: unknown;
  message_reference?: { message_id: string; channel_id?: string; fail_if_not_exists?: boolean } | null;
  timestamp: string;
  /** set when the message was edited (PATCH, an interaction's update or edit) */
  edited_timestamp?: string | null;
  /** how the bot posted it: a channel message (REST) or an interaction answer/follow-up; users' messages: 'user' */
  via: 'rest' | 'interaction' | 'user';
}

export function apiMessage(m: StoredMessage) {
  return {
    id: m.id,
    channel_id: m.channel_id,
    ...(m.guild_id ? { guild_id: m.guild_id } : {}),
    author: m.author,
    content: m.content,
    embeds: m.embeds,
    attachments: [],
    components: m.components ?? [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    type: m.message_reference ? 19 : 0,
    flags: m.flags,
    timestamp: m.timestamp,
    edited_timestamp: m.edited_timestamp ?? null,
    ...(m.message_reference ? { message_reference: { type: 0, ...m.message_reference } } : {}),
  };
}

/** A public thread started from a message: Discord gives it the message's id. */
export interface FakeThread {
  id: string;
  parentId: string;
  name: string;
  archived: boolean;
  /** a locked thread: only Manage Threads may reopen it (the bot has not) */
  locked?: boolean;
}

export function apiThread(t: FakeThread, guildId: string) {
  return {
    id: t.id, type: 11, guild_id: guildId, parent_id: t.parentId, name: t.name, owner_id: null, last_message_id: null,
    rate_limit_per_user: 0, flags: 0, message_count: 0, member_count: 1,
    thread_metadata: { archived: t.archived, auto_archive_duration: 10080, archive_timestamp: new Date().toISOString(), locked: !!t.locked },
  };
}
