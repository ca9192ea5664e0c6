// `npm run cli -- register-commands` against the fake Discord REST API on loopback.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/index.ts';
import { cli, tmpDir } from './run.ts';

describe('npm run cli -- register-commands', { timeout: 120_000 }, () => {
  let fake: FakeDiscord | undefined;
  afterEach(async () => {
    await fake?.stop();
    fake = undefined;
  });

  it('registers /claim, /actor and the message command Flag as claim in the configured guild', async () => {
    fake = await new FakeDiscord().start();
    const r = await cli(await tmpDir(), ['register-commands'], {
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_GUILD_ID: fake.guild.id,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Registered 3 commands (/claim, /actor, Flag as claim) in guild ${fake.guild.id}.`);
    const stored = fake.commands.get(`/applications/${fake.applicationId}/guilds/${fake.guild.id}/commands`);
    expect(stored?.map((c: { name: string }) => c.name).sort()).toEqual(['Flag as claim', 'actor', 'claim']);
  });
});
