// REST routes of the fake Discord (/api/v10/...): what discord.js calls, answered like Discord answers.
import { messageProblems } from './limits.ts';
import { apiChannel, apiGuild, apiMember, apiMessage, apiUser, snowflake } from './payloads.ts';
import type { Call, FakeDiscord } from './index.ts';

export const INTERACTION_DEADLINE_MS = 3000;

export function route(f: FakeDiscord, call: Call): [number, unknown?, Record<string, string>?] {
  const { method, path, body } = call;
  let m: RegExpMatchArray | null;
  const unknownChannel: [number, unknown] = [404, { message: 'Unknown Channel', code: 10003 }];
  const channelOf = (id: string) => f.guild.channels.find((c) => c.id === id);
  const isDm = (id: string) => [...f.dmChannels.values()].includes(id);

  if (method === 'GET' && path === '/gateway/bot') {
    return [200, { url: f.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } }];
  }
  if (method === 'GET' && path === '/gateway') return [200, { url: f.gatewayUrl }];
  if (method === 'GET' && path === '/users/@me') return [200, apiUser(f.bot)];
  if (method === 'GET' && (m = path.match(/^\/users\/(\d+)$/))) {
    const u = f.guild.members.find((x) => x.user.id === m![1]);
    return u ? [200, apiUser(u.user)] : [404, { message: 'Unknown User', code: 10013 }];
  }
  if (method === 'GET' && (m = path.match(/^\/guilds\/(\d+)\/roles$/))) {
    return m[1] === f.guild.id ? [200, apiGuild(f.guild, f.bot.id).roles] : [404, { message: 'Unknown Guild', code: 10004 }];
  }
  if (method === 'GET' && (m = path.match(/^\/guilds\/(\d+)\/members\/(\d+)$/))) {
    const mem = f.guild.members.find((x) => x.user.id === m![2]);
    return mem ? [200, apiMember(mem)] : [404, { message: 'Unknown Member', code: 10007 }];
  }
  if (method === 'GET' && (m = path.match(/^\/channels\/(\d+)$/))) {
    const c = channelOf(m[1]);
    if (c && f.forbidden.has(c.id)) return [403, { message: 'Missing Access', code: 50001 }];
    return c ? [200, apiChannel(c, f.guild.id)] : unknownChannel;
  }
  if (method === 'GET' && (m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
    if (!channelOf(m[1])) return unknownChannel;
    // the channel is visible (reactions arrive) but its history is not: Discord answers 403 Missing Access
    if (f.forbidden.has(m[1])) return [403, { message: 'Missing Access', code: 50001 }];
    const msg = f.messages.get(m[2]);
    return msg && msg.channel_id === m[1] ? [200, apiMessage(msg)] : [404, { message: 'Unknown Message', code: 10008 }];
  }
  if (method === 'POST' && path === '/users/@me/channels') {
    // open (or reopen) the bot's DM channel with a user
    const u = f.guild.members.find((x) => x.user.id === body?.recipient_id);
    if (!u) return [400, { message: 'Invalid Recipient(s)', code: 50033 }];
    if (!f.dmChannels.has(u.user.id)) f.dmChannels.set(u.user.id, snowflake());
    return [200, { id: f.dmChannels.get(u.user.id), type: 1, last_message_id: null, flags: 0, recipients: [apiUser(u.user)] }];
  }
  if (method === 'POST' && (m = path.match(/^\/channels\/(\d+)\/messages$/))) {
    if (!channelOf(m[1]) && !isDm(m[1])) return unknownChannel;
    if (f.forbidden.has(m[1])) return [403, { message: 'Missing Access', code: 50001 }];
    const problems = messageProblems(body ?? {});
    if (problems.length) return [400, { message: 'Invalid Form Body', code: 50035, errors: problems }];
    const ref = body.message_reference;
    if (ref && ref.fail_if_not_exists !== false && !f.messages.has(ref.message_id)) {
      return [400, { message: 'Invalid Form Body', code: 50035, errors: ['message_reference: Unknown message'] }];
    }
    const msg = f.storeMessage(m[1], body, 'rest');
    return [200, apiMessage(msg)];
  }
  if ((m = path.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/))) {
    if (m[1] !== f.applicationId) return [403, { message: 'Missing Access', code: 50001 }];
    if (m[2] && m[2] !== f.guild.id) return [403, { message: 'Missing Access', code: 50001 }];
    if (method === 'PUT') {
      const cmds = (body as any[]).map((c) => ({ ...c, id: snowflake(), application_id: f.applicationId, version: snowflake(), ...(m![2] ? { guild_id: m![2] } : {}) }));
      f.commands.set(path, cmds);
      return [200, cmds];
    }
    if (method === 'GET') return [200, f.commands.get(path) ?? []];
  }
  if (method === 'POST' && (m = path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/))) {
    const rec = f.interactions.get(m[2]);
    if (!rec || rec.id !== m[1]) return [404, { message: 'Unknown interaction', code: 10062 }];
    // Discord's deadline: an interaction not answered (or deferred) within 3 s is gone for good
    if (Date.now() - rec.createdAt > INTERACTION_DEADLINE_MS) {
      f.lateCallbacks.push(rec.id);
      return [404, { message: 'Unknown interaction', code: 10062 }];
    }
    if (rec.callbacks.length > 0) return [400, { message: 'Interaction has already been acknowledged.', code: 40060 }];
    if (body?.type === 4) {
      const problems = messageProblems(body.data ?? {});
      if (problems.length) return [400, { message: 'Invalid Form Body', code: 50035, errors: problems }];
    }
    rec.callbacks.push(body);
    if (body?.type === 4 || body?.type === 5) {
      const msg = f.storeMessage(rec.channelId, body.type === 4 ? body.data : { content: '', flags: body.data?.flags ?? 0 }, 'interaction');
      rec.original = { id: msg.id, body: body.data ?? {}, edited: false };
    }
    if (call.query.get('with_response') === 'true') {
      return [200, { interaction: { id: rec.id, type: 2, activity_instance_id: null, response_message_id: rec.original?.id, response_message_loading: body?.type === 5, response_message_ephemeral: false } }];
    }
    return [204];
  }
  if ((m = path.match(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/))) {
    const rec = f.interactions.get(m[2]);
    if (!rec || m[1] !== f.applicationId) return [404, { message: 'Unknown Webhook', code: 10015 }];
    if (rec.callbacks.length === 0) return [404, { message: 'Unknown Webhook', code: 10015 }];
    if (method === 'PATCH' && m[3] === '@original' && rec.original) {
      const problems = messageProblems({ content: 'x', ...body });
      if (problems.length) return [400, { message: 'Invalid Form Body', code: 50035, errors: problems }];
      rec.original.body = { ...rec.original.body, ...body };
      rec.original.edited = true;
      rec.edits.push(body);
      const msg = f.messages.get(rec.original.id)!;
      Object.assign(msg, { content: rec.original.body.content ?? '', embeds: rec.original.body.embeds ?? [], allowed_mentions: rec.original.body.allowed_mentions ?? null });
      return [200, apiMessage(msg)];
    }
    if (method === 'DELETE' && m[3] === '@original' && rec.original) {
      f.messages.delete(rec.original.id);
      rec.original.deleted = true;
      return [204];
    }
    if (method === 'GET' && m[3] === '@original' && rec.original) return [200, apiMessage(f.messages.get(rec.original.id)!)];
    if (method === 'POST' && !m[3]) {
      const problems = messageProblems(body ?? {});
      if (problems.length) return [400, { message: 'Invalid Form Body', code: 50035, errors: problems }];
      rec.followups.push(body);
      return [200, apiMessage(f.storeMessage(rec.channelId, body, 'interaction'))];
    }
  }
  return [404, { message: '404: Not Found', code: 0 }];
}
