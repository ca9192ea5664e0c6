// Starting the Discord platform in process: clear failures an operator can act on.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../../fakes/discord/index.ts';
import { startDiscord } from '../../../src/platforms/discord/index.ts';
import { createDesk } from '../../../src/core/create-desk.ts';
import { MemoryStore } from '../../../store/memory.ts';
import { LEDGER_SCHEMA } from '../../../src/core/store-port.ts';

describe('starting the Discord platform', () => {
  let fake: FakeDiscord;
  afterEach(() => fake?.stop());
  const start = (token = fake.token) =>
    startDiscord(createDesk({ store: new MemoryStore(LEDGER_SCHEMA) }), { token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, guildId: fake.guild.id, editorRole: 'Editor' });

  it('says how to enable the Message Content intent when Discord refuses it', async () => {
    fake = await new FakeDiscord().start();
    fake.refuseIdentify(4014);
    await expect(start()).rejects.toThrow(/Message Content Intent/);
  });

  it('says the token is wrong when Discord answers 401', async () => {
    fake = await new FakeDiscord().start();
    await expect(start('not-the-token')).rejects.toThrow(/DISCORD_TOKEN/);
  });

  it('starts, registers the commands in the guild, and stops cleanly', async () => {
    fake = await new FakeDiscord().start();
    const rt = await start();
    expect(rt.delivery.platform).toBe('discord');
    expect(fake.commands.get(`/applications/${fake.applicationId}/guilds/${fake.guild.id}/commands`)?.map((c) => c.name).sort()).toEqual(['Flag as claim', 'actor', 'claim']);
    expect(fake.liveSessions).toBe(1);
    await rt.stop();
    await fake.waitFor(() => fake.liveSessions === 0, 'the gateway connection to close');
  });
});
