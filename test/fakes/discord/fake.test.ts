// The fake Discord speaks enough of the protocol for the real discord.js Client: login, interactions,
// reactions on uncached messages, and 429s that discord.js waits out and retries.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ButtonStyle, Client, ComponentType, GatewayIntentBits, Partials, Routes, TextInputStyle } from 'discord.js';
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

  it('dispatches clicks and modal submissions, and answers them like Discord (a modal only as the first answer)', async () => {
    const user = { id: snowflake(), username: 'cy' };
    fake.addMember(user);
    const channelId = fake.channel('desk');
    const posted = (await client.rest.post(Routes.channelMessages(channelId), {
      body: { content: 'card', components: [{ type: 1, components: [{ type: 2, style: ButtonStyle.Primary, label: 'Go', custom_id: 'go' }] }] },
    })) as { id: string };
    const seen: string[] = [];
    client.on('interactionCreate', async (i) => {
      if (i.isButton()) {
        await i.showModal({
          custom_id: 'm1', title: 'Note',
          components: [{ type: ComponentType.Label, label: 'Note', component: { type: ComponentType.TextInput, custom_id: 'note', style: TextInputStyle.Short, value: 'hi' } }],
        });
      } else if (i.isModalSubmit()) {
        seen.push(i.fields.getTextInputValue('note'));
        // a modal cannot answer a modal submission: Discord refuses it
        const modal = { type: 9, data: { custom_id: 'm2', title: 'again', components: [{ type: 18, label: 'x', component: { type: 4, custom_id: 'x', style: 1 } }] } };
        const refused = await client.rest.post(Routes.interactionCallback(i.id, i.token), { body: modal, auth: false }).catch((e: any) => e.status);
        seen.push(String(refused));
        if (i.isFromMessage()) await i.update({ content: 'updated', components: [] });
      }
    });
    const click = fake.click(user, posted.id, 'go');
    await fake.waitFor(() => fake.modalOf(click), 'the modal');
    const sub = fake.submitModal(user, click, { note: 'typed' });
    await fake.waitFor(() => sub.callbacks[0], 'the update');
    expect(seen).toEqual(['typed', '400']);
    expect(sub.callbacks[0].type).toBe(7);
    expect(fake.messages.get(posted.id)).toMatchObject({ content: 'updated', components: [] });
    expect(() => fake.click(user, posted.id, 'not-there')).toThrow(/no control/);
  });

  it('starts a thread from a message once (160004 after), and refuses posts in an archived thread (50083)', async () => {
    const channelId = fake.channel('alerts');
    const root = (await client.rest.post(Routes.channelMessages(channelId), { body: { content: 'first' } })) as { id: string };
    const thread = (await client.rest.post(Routes.threads(channelId, root.id), { body: { name: 'C1: a claim' } })) as { id: string; type: number };
    expect(thread).toMatchObject({ id: root.id, type: 11 });
    const again = await client.rest.post(Routes.threads(channelId, root.id), { body: { name: 'x' } }).catch((e: any) => e.code);
    expect(again).toBe(160004);
    fake.threads.get(root.id)!.archived = true;
    const archived = await client.rest.post(Routes.channelMessages(root.id), { body: { content: 'late' } }).catch((e: any) => e.code);
    expect(archived).toBe(50083);
    await client.rest.patch(Routes.channel(root.id), { body: { archived: false } });
    await client.rest.post(Routes.channelMessages(root.id), { body: { content: 'in the thread' } });
    expect(fake.botMessages(channelId, { threads: true }).map((m) => m.content)).toEqual(['first', 'in the thread']);
  });
});
