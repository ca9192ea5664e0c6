// REST routes of the fake Discord (/api/v10/...): what discord.js calls, answered like Discord answers.
import { messageProblems, modalProblems } from './limits.ts';
import { apiChannel, apiGuild, apiMember, apiMessage, apiThread, apiUser, snowflake } from './payloads.ts';
import type { Call, FakeDiscord, ScriptedFailure } from './index.ts';

export const INTERACTION_DEADLINE_MS = 3000;

export function route(f: FakeDiscord, call: Call): [number, unknown?, Record<string, string>?] {
  const { method, path, body } = call;
  let m: RegExpMatchArray | null;
  const unknownChannel: [number, unknown] = [404, { message: 'Unknown Channel', code: 10003 }];
  const channelOf = (id: string) => f.guild.channels.find((c) => c.id === id);
  const invalid = (...errors: string[]): [number, unknown] => [400, { message: 'Invalid Form Body', code: 50035, errors }];
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
  if ((m = path.match(/^\/channels\/(\d+)$/)) && f.threads.has(m[1])) {
    const t = f.threads.get(m[1])!;
    if (method === 'PATCH' && t.locked && body?.archived === false) return [403, { message: 'Missing Permissions', code: 50013 }];
    if (method === 'PATCH' && typeof body?.archived === 'boolean') t.archived = body.archived;
    if (method === 'GET' || method === 'PATCH') return [200, apiThread(t, f.guild.id)];
  }
  if (method === 'GET' && (m = path.match(/^\/channels\/(\d+)$/))) {
    const c = channelOf(m[1]);
    if (c && f.forbidden.has(c.id)) return [403, { message: 'Missing Access', code: 50001 }];
    return c ? [200, apiChannel(c, f.guild.id)] : unknownChannel;
  }
  if (method === 'POST' && (m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)\/threads$/))) {
    // start a public thread from a message: the thread has the message's id
    if (!channelOf(m[1])) return unknownChannel;
    if (f.forbidden.has(m[1]) || f.noThreads.has(m[1])) return [403, { message: 'Missing Permissions', code: 50013 }];
    const msg = f.messages.get(m[2]);
    if (!msg || msg.channel_id !== m[1]) return [404, { message: 'Unknown Message', code: 10008 }];
    if (f.threads.has(msg.id)) return [400, { message: 'A thread has already been created for this message', code: 160004 }];
    const name = String(body?.name ?? '');
    if ([...name].length < 1 || [...name].length > 100) return invalid(`name: length ${[...name].length}`);
    const t = { id: msg.id, parentId: m[1], name, archived: false };
    f.threads.set(t.id, t);
    return [201, apiThread(t, f.guild.id)];
  }
  if (method === 'PATCH' && (m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
    const msg = f.messages.get(m[2]);
    if (!channelOf(m[1]) && !f.threads.has(m[1])) return unknownChannel;
    if (!msg || msg.channel_id !== m[1]) return [404, { message: 'Unknown Message', code: 10008 }];
    if (msg.author.id !== f.bot.id) return [403, { message: 'Cannot edit a message authored by another user', code: 50005 }];
    const problems = messageProblems({ content: msg.content, embeds: msg.embeds, ...body });
    if (problems.length) return invalid(...problems);
    f.editMessage(msg, body ?? {});
    return [200, apiMessage(msg)];
  }
  if (method === 'GET' && (m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
    if (!channelOf(m[1]) && !f.threads.has(m[1])) return unknownChannel;
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
    if (!channelOf(m[1]) && !isDm(m[1]) && !f.threads.has(m[1])) return unknownChannel;
    if (f.threads.get(m[1])?.archived) return [400, { message: 'Thread is archived', code: 50083 }];
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
      const problems = (body as any[]).flatMap((c, n) =>
        c.type === 3 && (c.description || c.options?.length || !c.name || c.name.length > 32) ? [`${n}: a message command has a name (1-32) and no description or options`] : [],
      );
      if (problems.length) return invalid(...problems);
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
    const type = body?.type;
    if (type === 4) {
      const problems = messageProblems(body.data ?? {});
      if (problems.length) return invalid(...problems);
    }
    // a modal answers a command or a component, never a modal submission; 6/7 only concern a component's message
    if (type === 9 && rec.kind === 'modal') return invalid('type: a modal submission cannot be answered with a modal');
    if (type === 9 && modalProblems(body.data).length) return invalid(...modalProblems(body.data));
    if ((type === 6 || type === 7) && !rec.messageId) return invalid('type: this interaction has no message to update');
    const target = rec.messageId ? f.messages.get(rec.messageId) : undefined;
    if (type === 7 && target) {
      const problems = messageProblems({ content: target.content, embeds: target.embeds, ...body.data });
      if (problems.length) return invalid(...problems);
    }
    rec.callbacks.push(body);
    if ((type === 6 || type === 7) && target) {
      if (type === 7) f.editMessage(target, body.data ?? {});
      rec.original = { id: target.id, body: { content: target.content, embeds: target.embeds, components: target.components }, edited: false };
    }
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
      const problems = messageProblems({ content: 'x', ...rec.original.body, ...body });
      if (problems.length) return [400, { message: 'Invalid Form Body', code: 50035, errors: problems }];
      rec.original.body = { ...rec.original.body, ...body };
      rec.original.edited = true;
      rec.edits.push(body);
      const msg = f.messages.get(rec.original.id)!;
      f.editMessage(msg, body);
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

/** The answer to a scripted failure: a 429 carries Retry-After and the rate-limit headers like Discord's. */
export function scripted(failure: ScriptedFailure): [number, unknown, Record<string, string>?] {
  if (failure.status === 429) {
    const after = failure.retryAfter ?? 1;
    const headers: Record<string, string> = {
      'retry-after': String(after),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(Date.now() / 1000 + after),
      'x-ratelimit-reset-after': String(after),
      'x-ratelimit-bucket': 'fakebucket',
      'x-ratelimit-scope': failure.global ? 'global' : 'user',
    };
    if (failure.global) headers['x-ratelimit-global'] = 'true';
    return [429, { message: 'You are being rate limited.', retry_after: after, global: !!failure.global }, headers];
  }
  return [failure.status, failure.body ?? { message: 'scripted failure', code: 0 }];
}

/** Every message body the bot sent (creates, edits, interaction answers and updates, follow-ups). */
export function sentBodies(calls: Call[]): { path: string; body: any }[] {
  const out: { path: string; body: any }[] = [];
  for (const c of calls) {
    if (c.status >= 300 || !c.body) continue;
    if (c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path)) out.push({ path: c.path, body: c.body });
    else if (c.method === 'PATCH' && /^\/channels\/\d+\/messages\/\d+$/.test(c.path)) out.push({ path: c.path, body: c.body });
    else if (c.method === 'POST' && /\/callback$/.test(c.path) && (c.body.type === 4 || c.body.type === 7)) out.push({ path: c.path, body: c.body.data });
    else if (/^\/webhooks\//.test(c.path) && (c.method === 'PATCH' || c.method === 'POST')) out.push({ path: c.path, body: c.body });
  }
  return out;
}
