// End to end: the real bot process (real discord.js Client) against the fake Discord on loopback.
// One bot serves the whole file; the tests run in order and build on each other like a newsroom's morning.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, snowflake, type FakeUser } from '../../fakes/discord/index.ts';
import { STATUS_META } from '../../../src/core/statuses.ts';
import { DiscordBot, seedDemo, tmpDataDir, withStore } from './harness.ts';

const ana: FakeUser = { id: snowflake(), username: 'ana' }; // in EDITORS
const eve: FakeUser = { id: snowflake(), username: 'eve' }; // has the Editor role
const rex: FakeUser = { id: snowflake(), username: 'rex' }; // a Reporter, not an editor
const bob: FakeUser = { id: snowflake(), username: 'bob' }; // writes the messages that get flagged

describe('Discord bot end to end', () => {
  let fake: FakeDiscord;
  let bot: DiscordBot;
  let dataDir: string;
  let desk: string;
  let alerts: string;

  beforeAll(async () => {
    fake = await new FakeDiscord().start();
    fake.addMember(ana);
    fake.addMember(eve, ['Editor']);
    fake.addMember(rex, ['Reporter']);
    fake.addMember(bob);
    desk = fake.channel('desk');
    alerts = fake.channel('alerts');
    dataDir = await tmpDataDir();
    await seedDemo(dataDir);
    bot = await DiscordBot.start(fake, dataDir, { EDITORS: `discord:${ana.id}` });
  });

  afterAll(async () => {
    await bot?.stop();
    await fake?.stop();
  });

  const status = async (claim: string) => {
    const a = await fake.answer(fake.slash({ user: rex, channelId: desk, group: 'claim', sub: 'status', options: { query: claim } }));
    return a.embeds[0];
  };

  it('registers /claim and /actor in the guild with the spec option names, status choices and autocomplete', () => {
    const cmds = fake.commands.get(`/applications/${fake.applicationId}/guilds/${fake.guild.id}/commands`)!;
    expect(cmds.map((c) => c.name).sort()).toEqual(['Flag as claim', 'actor', 'claim']);
    const claim = cmds.find((c) => c.name === 'claim');
    const subs = Object.fromEntries(claim.options.map((s: any) => [s.name, s]));
    expect(Object.keys(subs).sort()).toEqual(['add', 'digest', 'help', 'history', 'list', 'set', 'source', 'status', 'unwatch', 'watch']);
    const names = (s: string) => subs[s].options.map((o: any) => o.name).sort();
    expect(names('status')).toEqual(['query']);
    expect(names('add')).toEqual(['about', 'by', 'source', 'tags', 'text']);
    expect(names('set')).toEqual(['claim', 'internal', 'note', 'source', 'status']);
    expect(names('source')).toEqual(['claim', 'note', 'url']);
    expect(names('watch')).toEqual(['status', 'target']);
    expect(names('digest')).toEqual(['schedule', 'tz']);
    const statusOpt = subs.set.options.find((o: any) => o.name === 'status');
    expect(statusOpt.choices.map((c: any) => c.value)).toEqual(Object.keys(STATUS_META));
    expect(subs.set.options.find((o: any) => o.name === 'claim').autocomplete).toBe(true);
    expect(subs.status.options[0].autocomplete).toBe(true);
    const actor = cmds.find((c) => c.name === 'actor');
    expect(actor.options.map((s: any) => s.name).sort()).toEqual(['add', 'show']);
    expect(actor.options.find((s: any) => s.name === 'show').options[0]).toMatchObject({ name: 'name', autocomplete: true, required: true });
    expect(actor.options.find((s: any) => s.name === 'add').options.map((o: any) => o.name).sort()).toEqual(['aliases', 'name', 'role']);
    // MessageContent (1 << 15) is asked for, to read flagged messages
    expect(fake.identifies.at(-1)!.intents & (1 << 15)).toBe(1 << 15);
  });

  it('answers /claim status with a claim embed in the status colour', async () => {
    const rec = fake.slash({ user: rex, channelId: desk, group: 'claim', sub: 'status', options: { query: 'massacre' } });
    const a = await fake.answer(rec);
    expect(a.deferred).toBe(false);
    expect(a.flags ?? 0).toBe(0);
    const e = a.embeds[0];
    expect(e.title).toContain('C1');
    expect(JSON.stringify(e)).toContain('Alex Pretti sought to');
    expect(e.color).toBe(STATUS_META.false.color);
    expect(JSON.stringify(e)).toContain('C1');
    expect(a.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('suggests claims while the user types (autocomplete)', async () => {
    const rec = fake.slash({ user: rex, channelId: desk, group: 'claim', sub: 'set', options: { claim: 'quotas' }, focused: 'claim' });
    const cb = await fake.waitFor(() => rec.callbacks[0], 'autocomplete answer');
    expect(cb.type).toBe(8);
    expect(cb.data.choices[0].value).toBe('C5');
  });

  it('refuses a status change from a non-editor and changes nothing', async () => {
    const a = await fake.answer(fake.slash({ user: rex, channelId: desk, group: 'claim', sub: 'set', options: { claim: 'C3', status: 'false' } }));
    expect(a.flags).toBe(64); // ephemeral
    expect(a.content).toMatch(/editor/i);
    expect((await status('C3')).color).toBe(STATUS_META.unverified.color);
  });

  it('lets the editor listed in EDITORS change a status (deferred, then the confirmation)', async () => {
    const rec = fake.slash({ user: ana, channelId: desk, group: 'claim', sub: 'set', options: { claim: 'C3', status: 'in_review', note: 'checking the bodycam' } });
    const a = await fake.answer(rec);
    expect(rec.callbacks[0].type).toBe(5);
    expect(JSON.stringify(a)).toMatch(/C3/);
    expect(a.allowed_mentions).toMatchObject({ parse: [] });
    expect((await status('C3')).color).toBe(STATUS_META.in_review.color);
  });

  it('alerts a watching channel, and posts the follow-up in a thread started from the first alert', async () => {
    const w = await fake.answer(fake.slash({ user: rex, channelId: alerts, group: 'claim', sub: 'watch', options: { target: 'C3' } }));
    expect(w.flags ?? 0).toBe(0);
    expect(JSON.stringify(w)).toMatch(/C3/);

    await fake.answer(fake.slash({ user: eve, channelId: desk, group: 'claim', sub: 'set', options: { claim: 'C3', status: 'misleading' } }));
    const first = await fake.waitFor(() => fake.botMessages(alerts)[0], 'the first alert in #alerts');
    expect(JSON.stringify(first)).toMatch(/C3/);
    expect(first.message_reference ?? null).toBeNull();
    expect(first.allowed_mentions).toMatchObject({ parse: [] });

    await fake.answer(fake.slash({ user: ana, channelId: desk, group: 'claim', sub: 'set', options: { claim: 'C3', status: 'mostly_false' } }));
    const second = await fake.waitFor(() => fake.botMessages(alerts, { threads: true })[1], 'the follow-up alert');
    // the thread has the first alert's id (issue 14: a real thread, no longer a chain of replies)
    expect(second.channel_id).toBe(first.id);
    expect(fake.threads.get(first.id)?.parentId).toBe(alerts);
    expect(fake.botMessages(desk).some((m) => m.embeds.length && JSON.stringify(m).includes('Mostly false'))).toBe(false);
  });

  it('lets a member with the Editor role change a status', async () => {
    const a = await fake.answer(fake.slash({ user: eve, channelId: desk, group: 'claim', sub: 'set', options: { claim: 'C5', status: 'unsupported' } }));
    expect(a.flags ?? 0).toBe(0);
    expect((await status('C5')).color).toBe(STATUS_META.unsupported.color);
  });

  it('waits out a 429 with Retry-After and delivers the alert once', async () => {
    const before = fake.botMessages(alerts, { threads: true }).length;
    // C3's follow-ups go into the thread of its first alert in #alerts
    const route = new RegExp(`^/channels/(${alerts}|${[...fake.threads.keys()].join('|')})/messages$`);
    fake.fail({ method: 'POST', path: route, times: 1, status: 429, retryAfter: 1 });
    await fake.answer(fake.slash({ user: ana, channelId: desk, group: 'claim', sub: 'set', options: { claim: 'C3', status: 'false' } }));
    await fake.waitFor(() => fake.botMessages(alerts, { threads: true }).length > before, 'the rate-limited alert', 15_000);
    const posts = fake.calls.filter((c) => c.method === 'POST' && route.test(c.path));
    expect(posts.slice(-2).map((c) => c.status)).toEqual([429, 200]);
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.botMessages(alerts, { threads: true }).length).toBe(before + 1);
  });

  it('flags a message by 🚩 reaction, answers as a reply, and does not file it twice', async () => {
    await fake.answer(fake.slash({ user: ana, channelId: alerts, group: 'claim', sub: 'watch', options: { target: 'all' } }));
    const msg = fake.postUserMessage(desk, bob, 'The governor said unemployment fell to 1% last month');
    const alertsBefore = fake.botMessages(alerts).length;
    fake.react(desk, msg.id, rex, '🚩');
    const answer = await fake.waitFor(() => fake.botMessages(desk).find((m) => m.message_reference?.message_id === msg.id), 'the flag answer');
    const id = /C\d+/.exec(JSON.stringify(answer))?.[0];
    expect(id).toBe('C6');
    expect(answer.allowed_mentions).toMatchObject({ parse: [] });
    expect(fake.calls.some((c) => c.method === 'GET' && c.path === `/channels/${desk}/messages/${msg.id}`)).toBe(true);
    await fake.waitFor(() => fake.botMessages(alerts).length > alertsBefore, 'the alert to the channel watching all');

    // the bot's own reaction is ignored; a second flagger gets the same claim, no new one
    fake.react(desk, msg.id, fake.bot, '🚩');
    fake.react(desk, msg.id, bob, '🚩');
    await new Promise((r) => setTimeout(r, 1000));
    const list = await fake.answer(fake.slash({ user: rex, channelId: desk, group: 'claim', sub: 'status', options: { query: 'C7' } }));
    expect(JSON.stringify(list)).not.toMatch(/unemployment/);
    const answers = fake.botMessages(desk).filter((m) => m.message_reference?.message_id === msg.id);
    for (const a of answers) expect(JSON.stringify(a)).toContain('C6');
  });

  it('tells the flagger in a DM when it may not read the channel, and files nothing', async () => {
    const msg = fake.postUserMessage(desk, bob, 'The harbour was dredged twice last year');
    fake.forbidden.add(desk); // reactions arrive, but GET of the message is 403 Missing Access
    try {
      fake.react(desk, msg.id, rex, '🚩');
      const dm = await fake.waitFor(() => fake.dmsTo(rex.id)[0], 'the DM to the flagger');
      expect(dm.content).toContain(`<#${desk}>`);
      expect(dm.content).toMatch(/Read Message History/);
      expect(dm.allowed_mentions).toMatchObject({ parse: [] });
    } finally {
      fake.forbidden.delete(desk);
    }
    const found = await fake.answer(fake.slash({ user: rex, channelId: desk, group: 'claim', sub: 'status', options: { query: 'harbour dredged' } }));
    expect(JSON.stringify(found)).not.toMatch(/dredged twice/);
  });

  it('never lets user text ping anyone', async () => {
    const a = await fake.answer(fake.slash({ user: ana, channelId: desk, group: 'claim', sub: 'add', options: { text: '@everyone the moon is made of cheese <@&123> @here', by: 'Moon Man' } }));
    expect(JSON.stringify(a)).not.toMatch(/@everyone|@here/);
    const bodies = fake.sentBodies();
    expect(bodies.length).toBeGreaterThan(10);
    for (const b of bodies) expect(b.body.allowed_mentions, b.path).toMatchObject({ parse: [] });
  });

  it('keeps a long claim with many sources within Discord limits (the fake refuses anything over), escaped', async () => {
    const text = `@everyone **bold** ${'Officials said the _fund_ grew by a third. '.repeat(40)}`.slice(0, 1990);
    const added = await fake.answer(fake.slash({ user: ana, channelId: desk, group: 'claim', sub: 'add', options: { text, by: 'Mayor Lee' } }));
    const id = /C\d+/.exec(JSON.stringify(added))![0];
    for (let i = 0; i < 12; i++) {
      await fake.answer(fake.slash({ user: ana, channelId: desk, group: 'claim', sub: 'source', options: { claim: id, url: `https://example.org/r-${i}?a=(1)`, note: `${'background '.repeat(20)}@here` } }));
    }
    const before = fake.botMessages(alerts).length;
    await fake.answer(fake.slash({ user: ana, channelId: desk, group: 'claim', sub: 'set', options: { claim: id, status: 'misleading', note: 'the fund shrank '.repeat(40) } }));
    for (const [sub, options] of [['status', { query: id }], ['history', { claim: id }], ['list', {}]] as const) {
      const a = await fake.answer(fake.slash({ user: rex, channelId: desk, group: 'claim', sub, options }));
      expect(JSON.stringify(a)).not.toMatch(/@everyone|@here|\*\*bold\*\*/);
    }
    const alert = await fake.waitFor(() => fake.botMessages(alerts).slice(before).find((m) => JSON.stringify(m).includes(id)), 'the alert about the long claim');
    expect(JSON.stringify(alert)).not.toMatch(/@everyone/);
    expect(fake.calls.filter((c) => c.status === 400)).toEqual([]);
  });

  it('answers /actor show, /claim list by status, /claim help and /claim digest now', async () => {
    const actor = await fake.answer(fake.slash({ user: rex, channelId: desk, group: 'actor', sub: 'show', options: { name: 'stephen-miller' } }));
    expect(actor.embeds[0].title).toContain('Stephen Miller');
    const list = await fake.answer(fake.slash({ user: rex, channelId: desk, group: 'claim', sub: 'list', options: { status: 'false' } }));
    const listed = list.embeds[0].description as string;
    expect(listed).toContain('C1');
    expect(listed).toContain('C3');
    expect(listed).not.toContain('C4');
    const help = await fake.answer(fake.slash({ user: rex, channelId: desk, group: 'claim', sub: 'help' }));
    expect(help.flags).toBe(64);
    // every bracket is escaped (no masked link can form); Discord shows `[note:<text>]`
    expect(help.embeds[0].description).toContain('/claim set claim:<id or words> status:<status> \\[note:<text>\\]');
    expect(help.embeds[0].description).toContain('/actor show name:<name>');
    const digest = await fake.answer(fake.slash({ user: rex, channelId: alerts, group: 'claim', sub: 'digest', options: { schedule: 'now' } }));
    expect(JSON.stringify(digest)).toMatch(/digest/i);
    expect(JSON.stringify(digest)).toContain('C3');
  });

  it('shows bad input privately with the usage, and changes nothing', async () => {
    const a = await fake.answer(fake.slash({ user: ana, channelId: desk, group: 'claim', sub: 'source', options: { claim: 'C3', url: 'not a url' } }));
    expect(a.flags).toBe(64);
    expect(a.content).toContain('/claim source claim:<id or words> url:<url> [note:<text>]');
    const h = await fake.answer(fake.slash({ user: rex, channelId: desk, group: 'claim', sub: 'status', options: { query: 'C3' } }));
    expect(JSON.stringify(h)).not.toContain('not a url');
  });

  it('answers many commands at once', async () => {
    const recs = Array.from({ length: 12 }, (_, n) =>
      fake.slash({ user: rex, channelId: desk, group: 'claim', sub: 'status', options: { query: `C${(n % 5) + 1}` } }),
    );
    const answers = await Promise.all(recs.map((r) => fake.answer(r)));
    answers.forEach((a, n) => expect(a.embeds[0].title).toContain(`C${(n % 5) + 1}`));
  });

  it('comes back after the gateway drops the connection and keeps answering', async () => {
    await fake.dropGateway(4000);
    expect((await status('C1')).color).toBe(STATUS_META.false.color);
  });

  it('keeps everything across a restart: an alert Discord had not accepted yet, a digest missed while down', async () => {
    // #alerts is failing (503) when the status changes: the alert waits in the outbox for a retry
    const before = fake.botMessages(alerts).length;
    const failing = new RegExp(`^/channels/${alerts}/messages$`);
    fake.fail({ method: 'POST', path: failing, times: 1_000, status: 503 });
    await fake.answer(fake.slash({ user: ana, channelId: desk, group: 'claim', sub: 'set', options: { claim: 'C5', status: 'true' } }));
    await fake.waitFor(() => fake.calls.some((c) => failing.test(c.path) && c.status === 503), 'a failed alert post');
    const d = await fake.answer(fake.slash({ user: rex, channelId: alerts, group: 'claim', sub: 'digest', options: { schedule: 'daily 00:00' } }));
    expect(d.flags ?? 0).toBe(0);
    expect(await bot.stop()).toBe(0);
    fake.clearFailures();
    // while the bot is down, pretend the schedule was set two days ago: a digest is due at the next start
    await withStore(dataDir, (s) =>
      s.write((tx) => {
        const [digest] = tx.all('digests');
        const past = new Date(Date.now() - 2 * 86_400_000).toISOString();
        tx.put('digests', { ...digest, createdAt: past, updatedAt: past });
      }),
    );

    const state = await withStore(dataDir, (s) => ({
      c3: s.get('claims', 'C3')?.status,
      c5: s.get('claims', 'C5')?.status,
      count: s.count('claims'),
      pending: s.byIndex('outbox', 'byState', 'pending').map((o) => o.channel.channel),
    }));
    expect(state).toEqual({ c3: 'false', c5: 'true', count: 8, pending: [alerts] });
    expect(fake.botMessages(alerts).length).toBe(before);

    bot = await DiscordBot.start(fake, dataDir, { EDITORS: `discord:${ana.id}` });
    const late = await fake.waitFor(() => fake.botMessages(alerts)[before], 'the alert kept across the restart', 20_000);
    expect(JSON.stringify(late)).toContain('C5');
    const digest = await fake.waitFor(() => fake.botMessages(alerts).find((m) => /digest/i.test(JSON.stringify(m.embeds))), 'the digest missed while down');
    expect(JSON.stringify(digest)).toContain('C5');
    expect(digest.allowed_mentions).toMatchObject({ parse: [] });
    expect((await status('C3')).color).toBe(STATUS_META.false.color);
    const h = await fake.answer(fake.slash({ user: rex, channelId: desk, group: 'claim', sub: 'history', options: { claim: 'C3' } }));
    expect(JSON.stringify(h)).toMatch(/checking the bodycam/);
    // the watch survived too
    // into C3's thread: after the restart the bot finds the thread Discord already has (160004) and posts in it
    const c3Thread = [...fake.threads.values()].find((t) => t.parentId === alerts)!.id;
    const inThread = fake.botMessages(c3Thread).length;
    await fake.answer(fake.slash({ user: ana, channelId: desk, group: 'claim', sub: 'set', options: { claim: 'C3', status: 'retracted' } }));
    await fake.waitFor(() => fake.botMessages(c3Thread).length > inThread, 'an alert after the restart');
    expect(fake.calls.filter((c) => c.path === `/channels/${alerts}/messages/${c3Thread}/threads`).map((c) => c.status)).toEqual([201, 400]);
    const again = await withStoreAfterStop();
    expect(again.pending).toBe(0);
  });

  /** Stop the bot and read the store (the last test owns the bot afterwards: afterAll stops nothing twice). */
  async function withStoreAfterStop() {
    expect(await bot.stop()).toBe(0);
    return withStore(dataDir, (s) => ({ pending: s.byIndex('outbox', 'byState', 'pending').length }));
  }
});
