// The Discord DeliveryPort over discord.js REST against the fake: what is worth retrying and what is not,
// and replies to a deleted message still post. Plus `npm run cli -- register-commands` (global registration).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REST } from 'discord.js';
import { discordDelivery } from '../../../src/platforms/discord/delivery.ts';
import { PermanentDeliveryError, RetryableDeliveryError, type Outbound } from '../../../src/core/ports.ts';
import { FakeDiscord } from '../../fakes/discord/index.ts';
import { childEnv } from '../bot-process.ts';
import { discordApp, ROOT, tmpDataDir } from './harness.ts';

describe('Discord delivery', () => {
  let fake: FakeDiscord;
  let port: ReturnType<typeof discordDelivery>;
  const to = (channel: string, extra: Partial<Outbound> = {}): Outbound => ({
    channel: { platform: 'discord', workspace: fake.guild.id, channel },
    reply: { kind: 'card', title: 'C9 is now False', text: 'ping @everyone', status: 'false' },
    ...extra,
  });

  beforeAll(async () => {
    fake = await new FakeDiscord().start();
    port = discordDelivery(new REST({ api: fake.apiUrl }).setToken(fake.token));
  });
  afterAll(() => fake.stop());

  it('posts an embed without mentions and returns the message id', async () => {
    const { ref } = await port.deliver(to(fake.channel('alerts')));
    const msg = fake.messages.get(ref)!;
    expect(msg.embeds).toHaveLength(1);
    expect(msg.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('replies to the thread message, and still posts when that message was deleted', async () => {
    const first = await port.deliver(to(fake.channel('alerts')));
    const second = await port.deliver(to(fake.channel('alerts'), { threadRef: first.ref }));
    expect(fake.messages.get(second.ref)!.message_reference?.message_id).toBe(first.ref);
    fake.messages.delete(first.ref);
    const third = await port.deliver(to(fake.channel('alerts'), { threadRef: first.ref }));
    expect(fake.messages.has(third.ref)).toBe(true);
  });

  it('posts a follow-up alert in a thread started from the first alert, once, and reuses it', async () => {
    const alerts = fake.channel('alerts');
    const reply = { kind: 'card' as const, title: 'C9 is now False', text: 'The bridge cost $9 billion', status: 'false' as const, actions: { claimId: 'C9', version: 2, status: 'false' as const } };
    const root = await port.deliver(to(alerts, { reply }));
    const a = await port.deliver(to(alerts, { reply, threadRef: root.ref, kind: 'alert' }));
    const b = await port.deliver(to(alerts, { reply, threadRef: root.ref, kind: 'alert' }));
    expect([a, b].map((r) => fake.messages.get(r.ref)!.channel_id)).toEqual([root.ref, root.ref]);
    expect(fake.threads.get(root.ref)).toMatchObject({ parentId: alerts, name: 'C9: The bridge cost $9 billion' });
    expect(fake.calls.filter((c) => c.path.endsWith(`/messages/${root.ref}/threads`)).length).toBe(1);
    // a flag answer stays a reply in the channel
    const answer = await port.deliver(to(alerts, { threadRef: root.ref, kind: 'reply' }));
    expect(fake.messages.get(answer.ref)).toMatchObject({ channel_id: alerts, message_reference: { message_id: root.ref } });
  });

  it('finds a thread that already exists (160004), reopens an archived one, and replies when no thread can be had', async () => {
    const alerts = fake.channel('alerts');
    const root = await port.deliver(to(alerts));
    fake.threads.set(root.ref, { id: root.ref, parentId: alerts, name: 'made before a restart', archived: true });
    const fresh = discordDelivery(new REST({ api: fake.apiUrl }).setToken(fake.token));
    const a = await fresh.deliver(to(alerts, { threadRef: root.ref, kind: 'alert' }));
    expect(fake.messages.get(a.ref)!.channel_id).toBe(root.ref);
    expect(fake.threads.get(root.ref)!.archived).toBe(false);
    // no Create Public Threads in a channel: the follow-up replies to the first alert as before
    const desk = fake.channel('desk');
    const other = await port.deliver(to(desk));
    fake.noThreads.add(desk);
    const b = await port.deliver(to(desk, { threadRef: other.ref, kind: 'alert' }));
    expect(fake.messages.get(b.ref)).toMatchObject({ channel_id: desk, message_reference: { message_id: other.ref } });
    fake.noThreads.clear();
    // the thread was deleted: the follow-up replies in the channel; the next one starts a new thread
    fake.threads.delete(root.ref);
    const c = await fresh.deliver(to(alerts, { threadRef: root.ref, kind: 'alert' }));
    expect(fake.messages.get(c.ref)).toMatchObject({ channel_id: alerts, message_reference: { message_id: root.ref } });
    const d = await fresh.deliver(to(alerts, { threadRef: root.ref, kind: 'alert' }));
    expect(fake.messages.get(d.ref)!.channel_id).toBe(root.ref);
    // archived and locked (a moderator's doing): the bot may not reopen it, so it replies in the channel
    Object.assign(fake.threads.get(root.ref)!, { archived: true, locked: true });
    const e = await fresh.deliver(to(alerts, { threadRef: root.ref, kind: 'alert' }));
    expect(fake.messages.get(e.ref)).toMatchObject({ channel_id: alerts, message_reference: { message_id: root.ref } });
  });

  it('edits a message it posted (the first alert shows the current status); a message gone is given up on', async () => {
    const alerts = fake.channel('alerts');
    const root = await port.deliver(to(alerts));
    await port.edit!({ platform: 'discord', workspace: fake.guild.id, channel: alerts }, root.ref, { kind: 'card', title: 'C9 is now True', status: 'true', actions: { claimId: 'C9', version: 3, status: 'true' } });
    const msg = fake.messages.get(root.ref)!;
    expect(JSON.stringify(msg.embeds)).toContain('C9 is now True');
    expect(JSON.stringify(msg.components)).toContain('cd:status:C9:3');
    expect(msg.allowed_mentions).toEqual({ parse: [], replied_user: false });
    fake.messages.delete(root.ref);
    await expect(port.edit!({ platform: 'discord', workspace: fake.guild.id, channel: alerts }, root.ref, { kind: 'text', text: 'x' })).rejects.toBeInstanceOf(PermanentDeliveryError);
  });

  it('gives up on a channel that does not exist or that the bot cannot see', async () => {
    await expect(port.deliver(to('123456789012345678'))).rejects.toBeInstanceOf(PermanentDeliveryError);
    fake.forbidden.add(fake.channel('desk'));
    await expect(port.deliver(to(fake.channel('desk')))).rejects.toBeInstanceOf(PermanentDeliveryError);
    fake.forbidden.clear();
  });

  it('asks for a retry when Discord keeps failing with 5xx', async () => {
    fake.fail({ method: 'POST', path: /\/messages$/, times: 10, status: 503 });
    const err = await port.deliver(to(fake.channel('alerts'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryableDeliveryError);
    fake.clearFailures();
    expect((await port.deliver(to(fake.channel('alerts')))).ref).toBeTruthy();
  });
});

describe('npm run cli -- register-commands', () => {
  it('registers the commands globally when no guild is set', async () => {
    const fake = await new FakeDiscord().start();
    try {
      const dataDir = await tmpDataDir();
      const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'register-commands'], {
        cwd: ROOT,
        env: childEnv(dataDir, discordApp(fake)),
      });
      expect(r.stdout).toMatch(/globally/);
      const cmds = fake.commands.get(`/applications/${fake.applicationId}/commands`)!;
      // the slash commands and the message command Flag as claim (type 3)
      expect(cmds.map((c) => c.name).sort()).toEqual(['Flag as claim', 'actor', 'claim']);
      expect(cmds.find((c) => c.name === 'Flag as claim').type).toBe(3);
      expect(fake.calls.find((c) => c.method === 'PUT')!.headers.authorization).toBe(`Bot ${fake.token}`);
    } finally {
      await fake.stop();
    }
  });
});
