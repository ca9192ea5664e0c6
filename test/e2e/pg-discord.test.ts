// End to end: two real bot processes with one Discord bot token on one PostgreSQL ledger, against the fake
// Discord. Only the holder of the gateway lease is connected (the fake sees one IDENTIFY'd session at a
// time), it answers; kill -9 it and the other instance is on the gateway within 15 s and answers.
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';
import fs from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDesk } from '../../src/core/create-desk.ts';
import { loadDemo } from '../../src/demo/index.ts';
import { openStore } from '../../store/open.ts';
import { FakeDiscord, snowflake, type FakeUser } from '../fakes/discord/index.ts';
import { BotProcess } from './bot-process.ts';
import { DiscordBot, discordApp, tmpDataDir } from './discord/harness.ts';
import { describePg } from '../support/pg-test.ts';

const rex: FakeUser = { id: snowflake(), username: 'rex' };

describePg('two bot processes, one Discord token, one PostgreSQL ledger', (db) => {
  let fake: FakeDiscord;
  let holder: DiscordBot | undefined;
  let standby: BotProcess | undefined;
  let dirs: string[] = [];
  let desk: string;

  const status = async (query: string) => {
    const a = await fake.answer(fake.slash({ user: rex, channelId: desk, group: 'claim', sub: 'status', options: { query } }));
    return JSON.stringify(a.embeds?.[0]);
  };
  /** no two IDENTIFY'd sessions were ever open at the same time */
  const overlapping = () => {
    const spans = fake.identifiedSpans.sort((a, b) => a.from - b.from);
    return spans.some((s, i) => i > 0 && (spans[i - 1]!.to ?? Infinity) > s.from);
  };

  beforeAll(async () => {
    const store = await openStore('', LEDGER_SCHEMA, { databaseUrl: db.url });
    await loadDemo(createDesk({ store }));
    await store.close();
    fake = await new FakeDiscord().start();
    fake.addMember(rex, ['Reporter']);
    desk = fake.channel('desk');
    dirs = [await tmpDataDir(), await tmpDataDir()];
    holder = await DiscordBot.start(fake, dirs[0]!, { DATABASE_URL: db.url });
    standby = new BotProcess(dirs[1]!, { ...discordApp(fake), DISCORD_GUILD_ID: fake.guild.id, DATABASE_URL: db.url, LOG_LEVEL: 'info' });
    await fake.waitFor(() => (standby!.assertRunning(), /claimdesk started/.test(standby!.output)), 'the second instance to start', 30_000);
  }, 90_000);

  afterAll(async () => {
    await holder?.stop();
    await standby?.stop();
    await fake?.stop();
    for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
  });

  it('only the lease holder is on the gateway; when it is killed the other takes over within 15 s', async () => {
    await new Promise((r) => setTimeout(r, 3000)); // more than one renewal round of both
    expect(fake.identifies).toHaveLength(1);
    expect(fake.liveSessions).toBe(1);
    expect(await status('massacre')).toContain('C1');

    await holder!.kill();
    holder = undefined;
    const t0 = Date.now();
    await fake.waitFor(() => fake.identifiedSpans.length === 2 && fake.liveSessions === 1, 'the survivor on the gateway', 15_000);
    const took = Date.now() - t0;
    console.log(`gateway moved to the survivor ${took} ms after kill -9`);
    expect(took).toBeLessThan(15_000);
    expect(overlapping()).toBe(false);
    expect(await status('massacre')).toContain('C1');
    expect(fake.liveSessions).toBe(1);
  }, 60_000);
});
