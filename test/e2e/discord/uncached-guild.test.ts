// End to end: the bot user is not in the guild (an app installed with applications.commands only), so
// discord.js caches neither the guild nor its roles. Slash commands still come; the Editor role is then read
// from the API, and a slow answer there must not make the bot miss Discord's 3-second deadline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, snowflake, type FakeUser } from '../../fakes/discord/index.ts';
import { STATUS_META } from '../../../src/core/statuses.ts';
import { DiscordBot, seedDemo, tmpDataDir } from './harness.ts';

const eve: FakeUser = { id: snowflake(), username: 'eve' }; // has the Editor role
const rex: FakeUser = { id: snowflake(), username: 'rex' }; // a Reporter

describe('Discord: a guild the bot has not cached', () => {
  let fake: FakeDiscord;
  let bot: DiscordBot;
  let desk: string;
  const rolesRoute = () => new RegExp(`^/guilds/${fake.guild.id}/roles$`);
  const status = async (claim: string) =>
    (await fake.answer(fake.slash({ user: rex, channelId: desk, group: 'claim', sub: 'status', options: { query: claim } }))).embeds[0];

  beforeAll(async () => {
    fake = await new FakeDiscord({ botInGuild: false }).start();
    fake.addMember(eve, ['Editor']);
    fake.addMember(rex, ['Reporter']);
    desk = fake.channel('desk');
    const dataDir = await tmpDataDir();
    await seedDemo(dataDir);
    bot = await DiscordBot.start(fake, dataDir);
  });

  afterAll(async () => {
    await bot?.stop();
    await fake?.stop();
  });

  it('lets a member with the Editor role change a status, reading the roles from the API', async () => {
    const a = await fake.answer(fake.slash({ user: eve, channelId: desk, group: 'claim', sub: 'set', options: { claim: 'C3', status: 'false' } }));
    expect(a.flags ?? 0).toBe(0);
    expect(JSON.stringify(a)).toContain('C3');
    expect(fake.calls.some((c) => c.method === 'GET' && rolesRoute().test(c.path) && c.status === 200)).toBe(true);
    expect((await status('C3')).color).toBe(STATUS_META.false.color);
  });

  it('refuses a member without the role, privately, and changes nothing', async () => {
    const a = await fake.answer(fake.slash({ user: rex, channelId: desk, group: 'claim', sub: 'set', options: { claim: 'C4', status: 'true' } }));
    expect(a.flags).toBe(64);
    expect(a.content).toMatch(/editor/i);
    expect((await status('C4')).color).not.toBe(STATUS_META.true.color);
  });

  it('defers a read command when the role lookup is slow, then answers it', async () => {
    // the roles answer comes after Discord's 3 s: only a deferral in time keeps the interaction alive
    fake.delay({ method: 'GET', path: rolesRoute(), times: 1, ms: 3500 });
    const rec = fake.slash({ user: rex, channelId: desk, group: 'claim', sub: 'status', options: { query: 'C1' } });
    const a = await fake.answer(rec, 15_000);
    expect(rec.callbacks[0].type).toBe(5);
    expect(a.embeds[0].title).toContain('C1');
    expect(a.allowed_mentions).toMatchObject({ parse: [] });
    expect(fake.lateCallbacks).toEqual([]);
  });

  it('answers a refusal privately even when it had to defer first', async () => {
    fake.delay({ method: 'GET', path: rolesRoute(), times: 1, ms: 3500 });
    const rec = fake.slash({ user: rex, channelId: desk, group: 'claim', sub: 'set', options: { claim: 'C4', status: 'true' } });
    const a = await fake.answer(rec, 15_000);
    expect(rec.callbacks[0].type).toBe(5);
    expect(rec.original?.deleted).toBe(true); // the public "thinking…" is gone
    expect(a.flags).toBe(64);
    expect(a.content).toMatch(/editor/i);
    expect(fake.lateCallbacks).toEqual([]);
  });

  it('defers a card control in time when the role lookup is slow, and says why the form did not open', async () => {
    const shown = fake.slash({ user: eve, channelId: desk, group: 'claim', sub: 'status', options: { query: 'C1' } });
    await fake.answer(shown);
    const cardMessage = fake.messages.get(shown.original!.id)!;
    const select = (cardMessage.components as any[])[0].components[0];
    fake.delay({ method: 'GET', path: rolesRoute(), times: 1, ms: 3500 });
    const pick = fake.click(eve, cardMessage.id, select.custom_id, { values: ['true'] });
    const note = await fake.waitFor(() => pick.followups[0], 'the explanation', 15_000);
    expect(pick.callbacks[0].type).toBe(6); // deferred update, within the 3 s
    expect(note.flags).toBe(64);
    expect(note.content).toMatch(/3 seconds to open a form/);
    expect(fake.lateCallbacks).toEqual([]);
    expect((await status('C1')).color).not.toBe(STATUS_META.true.color);
  });
});
