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
