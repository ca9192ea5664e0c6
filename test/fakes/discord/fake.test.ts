// The fake Discord speaks enough of the protocol for the real discord.js Client: login, interactions,
// reactions on uncached messages, and 429s that discord.js waits out and retries.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, GatewayIntentBits, Partials, Routes } from 'discord.js';
import { FakeDiscord, snowflake } from './index.ts';

describe('fake Discord with the real discord.js Client', () => {
  let fake: FakeDiscord;
  let client: Client;

  beforeEach(async () => {
    fake = await new FakeDiscord().start();
    client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.GuildMessageReactions],
      partials: [Partials.Message, Partials.Channel, Partials.Reaction],
      rest: { api: fake.apiUrl },
    });
    const ready = new Promise((r) => client.once('clientReady', r));
    await client.login(fake.token);
    await ready;
  });

  afterEach(async () => {
    await client.destroy();
    await fake.stop();
  });

  it('logs in through GET /gateway/bot and identifies with the token', () => {
    expect(fake.calls.some((c) => c.method === 'GET' && c.path === '/gateway/bot')).toBe(true);
    expect(fake.identifies[0]?.token).toBe(fake.token);
    expect(fake.gatewayQueries[0]?.get('encoding')).toBe('json');
    expect(client.guilds.cache.get(fake.guild.id)?.channels.cache.size).toBe(2);
    expect(client.guilds.cache.get(fake.guild.id)?.roles.cache.find((r) => r.name === 'Editor')).toBeTruthy();
  });

  it('delivers a slash command and records the deferred answer and its edit', async () => {
    const user = { id: snowflake(), username: 'ana' };
    fake.addMember(user, ['Editor']);
    client.on('interactionCreate', async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.editReply({ content: `${i.options.getSubcommand()} ${i.options.getString('query')}` });
    });
    const rec = fake.slash({ user, channelId: fake.channel('desk'), group: 'claim', sub: 'status', options: { query: 'massacre' } });
    const answer = await fake.answer(rec);
    expect(answer.deferred).toBe(true);
    expect(answer.content).toBe('status massacre');
  });

  it('emits reactions on uncached messages as partials that can be fetched', async () => {
    const user = { id: snowflake(), username: 'bo' };
    fake.addMember(user);
    const msg = fake.postUserMessage(fake.channel('desk'), user, 'Crime is down 90%');
    const seen = new Promise<string>((resolve) => {
      client.on('messageReactionAdd', async (reaction) => {
        const m = reaction.message.partial ? await reaction.message.fetch() : reaction.message;
        resolve(`${reaction.emoji.name} ${m.content}`);
      });
    });
    fake.react(msg.channel_id, msg.id, user, '🚩');
    expect(await seen).toBe('🚩 Crime is down 90%');
  });

  it('answers 429 with Retry-After; discord.js waits and retries', async () => {
    const channelId = fake.channel('alerts');
    fake.fail({ method: 'POST', path: /^\/channels\/\d+\/messages$/, times: 1, status: 429, retryAfter: 0.2 });
    const res = (await client.rest.post(Routes.channelMessages(channelId), { body: { content: 'hi' } })) as { id: string };
    const posts = fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${channelId}/messages`);
    expect(posts.map((c) => c.status)).toEqual([429, 200]);
    expect(fake.messages.get(res.id)?.content).toBe('hi');
  });

  it('a global 429 (X-RateLimit-Global) is waited out too', async () => {
    const channelId = fake.channel('desk');
    fake.fail({ path: /^\/channels\/\d+\/messages$/, times: 1, status: 429, retryAfter: 0.3, global: true });
    await client.rest.post(Routes.channelMessages(channelId), { body: { content: 'after the global limit' } });
    const posts = fake.calls.filter((c) => c.path === `/channels/${channelId}/messages`);
    expect(posts.map((c) => c.status)).toEqual([429, 200]);
  });

  it('refuses messages over Discord limits like the real API', async () => {
    const err: any = await client.rest
      .post(Routes.channelMessages(fake.channel('desk')), { body: { content: 'x'.repeat(2001) } })
      .catch((e: any) => e);
    expect(err.status).toBe(400);
    expect(err.code).toBe(50035);
  });
});
