// End to end, issue 14 on Discord: the real bot (real discord.js Client) against the fake Discord. Acting on a
// claim from its card or alert (a status select, Add source, History, with modals), Flag as claim from the
// message menu, /claim add through a modal, and follow-up alerts in a real thread. The tests build on each other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, snowflake, type FakeUser, type InteractionRecord, type StoredMessage } from '../../fakes/discord/index.ts';
import { STATUS_META } from '../../../src/core/statuses.ts';
import { DiscordBot, seedDemo, tmpDataDir } from './harness.ts';

const ana: FakeUser = { id: snowflake(), username: 'ana' }; // in EDITORS
const eve: FakeUser = { id: snowflake(), username: 'eve' }; // has the Editor role
const rex: FakeUser = { id: snowflake(), username: 'rex' }; // a Reporter, not an editor
const bob: FakeUser = { id: snowflake(), username: 'bob' }; // writes the messages that get flagged

const controls = (m: StoredMessage) => (m.components as any[]).flatMap((r) => r.components);
const select = (m: StoredMessage) => controls(m).find((c) => c.type === 3);
const button = (m: StoredMessage, label: string) => controls(m).find((c) => c.type === 2 && c.label === label);

describe('Discord: act where you read (issue 14)', () => {
  let fake: FakeDiscord;
  let bot: DiscordBot;
  let desk: string;
  let alerts: string;
  /** the first alert about C3 in #alerts: the root of its thread */
  let first: StoredMessage;
  /** a /claim status C3 card posted before C3 changed: stale afterwards */
  let oldCard: StoredMessage;

  beforeAll(async () => {
    fake = await new FakeDiscord().start();
    fake.addMember(ana);
    fake.addMember(eve, ['Editor']);
    fake.addMember(rex, ['Reporter']);
    fake.addMember(bob);
    desk = fake.channel('desk');
    alerts = fake.channel('alerts');
    const dataDir = await tmpDataDir();
    await seedDemo(dataDir);
    bot = await DiscordBot.start(fake, dataDir, { EDITORS: `discord:${ana.id}` });
  });

  afterAll(async () => {
    await bot?.stop();
    await fake?.stop();
  });

  const slash = (user: FakeUser, sub: string, options: Record<string, string> = {}, channelId = desk) =>
    fake.answer(fake.slash({ user, channelId, group: 'claim', sub, options }));
  const card = async (id: string) => (await slash(rex, 'status', { query: id })).embeds[0];
  const privateAnswer = (rec: InteractionRecord) =>
    fake.waitFor(() => (rec.callbacks[0]?.type === 4 ? rec.callbacks[0].data : rec.followups[0]), 'a private answer');

  it('registers Flag as claim as a message command, and /claim add without required options', () => {
    const cmds = fake.commands.get(`/applications/${fake.applicationId}/guilds/${fake.guild.id}/commands`)!;
    expect(cmds.find((c) => c.name === 'Flag as claim')).toMatchObject({ type: 3 });
    const add = cmds.find((c) => c.name === 'claim').options.find((s: any) => s.name === 'add');
    expect(add.options.filter((o: any) => o.required)).toEqual([]);
  });

  it('puts a status select (the current status marked) and Add source / History under an alert', async () => {
    await slash(rex, 'watch', { target: 'C3' }, alerts);
    const before = await fake.answer(fake.slash({ user: rex, channelId: desk, group: 'claim', sub: 'status', options: { query: 'C3' } }));
    expect(before.components).toHaveLength(2);
    oldCard = [...fake.messages.values()].filter((m) => m.via === 'interaction' && JSON.stringify(m.embeds).includes('C3')).at(-1)!;
    await slash(ana, 'set', { claim: 'C3', status: 'in_review', note: 'checking the bodycam' });
    first = await fake.waitFor(() => fake.botMessages(alerts)[0], 'the first alert about C3');
    const s = select(first);
    expect(s.custom_id).toMatch(/^cd:status:C3:\d+$/);
    expect(s.options.map((o: any) => o.value)).toEqual(Object.keys(STATUS_META));
    expect(s.options.filter((o: any) => o.default).map((o: any) => o.value)).toEqual(['in_review']);
    expect(button(first, 'Add source')).toBeTruthy();
    expect(button(first, 'History')).toBeTruthy();
  });

  it('lets an editor change the status from the alert: a modal, then the change as /claim set makes it, the alert updated in place', async () => {
    const pick = fake.click(eve, first.id, select(first).custom_id, { values: ['false'] });
    const modal = await fake.waitFor(() => fake.modalOf(pick), 'the status modal');
    expect(pick.callbacks.map((c) => c.type)).toEqual([9]); // the modal is the first answer, nothing deferred before it
    expect(modal.title).toContain('C3');
    expect(modal.components.map((c: any) => c.component.custom_id)).toEqual(['note', 'source', 'internal']);

    const sub = fake.submitModal(eve, pick, { note: 'the bodycam shows otherwise', internal: 'no' });
    const confirm = await fake.waitFor(() => sub.followups[0], 'the confirmation');
    expect(sub.callbacks[0].type).toBe(6); // a deferred update of the alert
    expect(confirm.flags).toBe(64);
    expect(JSON.stringify(confirm)).toContain('C3');
    // the alert acted on shows the new status, its select marks it
    await fake.waitFor(() => select(fake.messages.get(first.id)!).options.find((o: any) => o.default)?.value === 'false', 'the alert updated');
    expect((fake.messages.get(first.id)!.embeds[0] as any).color).toBe(STATUS_META.false.color);
    // exactly as /claim set: the status, the history with the note and who, the watchers alerted
    expect((await card('C3')).color).toBe(STATUS_META.false.color);
    const history = await slash(rex, 'history', { claim: 'C3' });
    expect(JSON.stringify(history)).toContain('the bodycam shows otherwise');
    expect(JSON.stringify(history)).toContain('eve');
    const followUp = await fake.waitFor(() => fake.botMessages(first.id)[0], 'the follow-up alert in the thread');
    expect(JSON.stringify(followUp.embeds)).toContain('False');
  });

  it('refuses a non-editor privately and changes nothing', async () => {
    const current = fake.messages.get(first.id)!;
    const pick = fake.click(rex, first.id, select(current).custom_id, { values: ['true'] });
    const a = await privateAnswer(pick);
    expect(pick.callbacks[0].type).toBe(4);
    expect(a.flags).toBe(64);
    expect(a.content).toMatch(/editor/i);
    expect(fake.modalOf(pick)).toBeUndefined();
    expect((await card('C3')).color).toBe(STATUS_META.false.color);
  });

  it('shows the current card in place of a stale one, says so, and applies nothing', async () => {
    const staleId = select(oldCard).custom_id;
    const pick = fake.click(eve, oldCard.id, staleId, { values: ['true'] });
    const note = await fake.waitFor(() => pick.followups[0], 'the stale note');
    expect(pick.callbacks[0].type).toBe(7); // the stale card is updated in place
    expect(note.flags).toBe(64);
    expect(note.content).toMatch(/changed since/);
    const now = fake.messages.get(oldCard.id)!;
    expect((now.embeds[0] as any).color).toBe(STATUS_META.false.color);
    expect(select(now).options.find((o: any) => o.default).value).toBe('false');
    expect(select(now).custom_id).not.toBe(staleId);
    expect((await card('C3')).color).toBe(STATUS_META.false.color);
  });

  it('adds a source through the Add source modal and updates the card', async () => {
    const current = fake.messages.get(first.id)!;
    const press = fake.click(eve, first.id, button(current, 'Add source').custom_id);
    const modal = await fake.waitFor(() => fake.modalOf(press), 'the source modal');
    expect(modal.components.map((c: any) => c.component.custom_id)).toEqual(['url', 'note']);
    const sub = fake.submitModal(eve, press, { url: 'https://example.org/bodycam-report', note: 'police report' });
    const confirm = await fake.waitFor(() => sub.followups[0], 'the confirmation');
    expect(confirm.flags).toBe(64);
    expect(JSON.stringify(await card('C3'))).toContain('example.org');
    expect(JSON.stringify(fake.messages.get(first.id)!.embeds)).toContain('example.org');
  });

  it('shows the history privately from the History button', async () => {
    const press = fake.click(rex, first.id, button(fake.messages.get(first.id)!, 'History').custom_id);
    const a = await privateAnswer(press);
    expect(a.flags).toBe(64);
    expect(JSON.stringify(a)).toContain('the bodycam shows otherwise');
  });

  it('starts the thread once and reuses it, and keeps the first alert showing the current status', async () => {
    await slash(ana, 'set', { claim: 'C3', status: 'mostly_false' });
    await slash(ana, 'set', { claim: 'C3', status: 'misleading' });
    await fake.waitFor(() => fake.botMessages(first.id).length >= 3, 'three follow-ups in the thread');
    const starts = fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${alerts}/messages/${first.id}/threads`);
    expect(starts.map((c) => c.status)).toEqual([201]);
    expect(fake.threads.get(first.id)!.name).toMatch(/^C3: /);
    expect(fake.botMessages(alerts)).toHaveLength(1); // nothing else in the channel itself
    await fake.waitFor(() => select(fake.messages.get(first.id)!).options.find((o: any) => o.default)?.value === 'misleading', 'the first alert edited');
    const root = fake.messages.get(first.id)!;
    expect((root.embeds[0] as any).color).toBe(STATUS_META.misleading.color);
    expect(fake.calls.some((c) => c.method === 'PATCH' && c.path === `/channels/${alerts}/messages/${first.id}` && c.status === 200)).toBe(true);
  });

  it('flags a message from its menu: a prefilled modal, the claimant corrected, filed once like the reaction', async () => {
    const msg = fake.postUserMessage(desk, bob, 'Mayor Quill said the new tram line carried 80,000 riders on its first day');
    const menu = fake.messageCommand(rex, msg.id, 'Flag as claim');
    const modal = await fake.waitFor(() => fake.modalOf(menu), 'the flag modal');
    expect(menu.callbacks.map((c) => c.type)).toEqual([9]);
    expect(modal.components[0].component).toMatchObject({ custom_id: 'text', value: msg.content });
    const sub = fake.submitModal(rex, menu, { by: 'Deputy Mayor Ross' });
    const done = await fake.waitFor(() => sub.original?.edited && sub.original.body, 'the confirmation');
    expect(sub.callbacks[0]).toMatchObject({ type: 5, data: { flags: 64 } });
    const id = /C\d+/.exec(done.content)?.[0];
    expect(done.content).toMatch(/^Filed as C\d+/);
    const answer = await fake.waitFor(() => fake.botMessages(desk).find((m) => m.message_reference?.message_id === msg.id), 'the answer under the message');
    expect(JSON.stringify(answer)).toContain(id);
    expect(JSON.stringify(await card(id!))).toContain('Deputy Mayor Ross');

    // the 🚩 reaction and the menu again on the same message: no second claim
    fake.react(desk, msg.id, bob, '🚩');
    const byReaction = await fake.waitFor(
      () => fake.botMessages(desk).filter((m) => m.message_reference?.message_id === msg.id)[1],
      'the answer to the reaction',
    );
    expect(byReaction.content).toContain(`Already filed as ${id}`);
    const menu2 = fake.messageCommand(rex, msg.id, 'Flag as claim');
    await fake.waitFor(() => fake.modalOf(menu2), 'the flag modal again');
    const again = fake.submitModal(rex, menu2, {});
    await fake.waitFor(() => again.original?.edited, 'the second answer');
    expect(again.original!.body.content).toContain(`You flagged this message before: it is ${id}`);
    const list = await slash(rex, 'status', { query: 'tram line riders' });
    expect(JSON.stringify(list).match(/tram line/g)?.length ?? 0).toBeLessThanOrEqual(1);
  });

  it("refuses to flag the bot's own messages from the menu", async () => {
    const own = fake.botMessages(desk).at(-1)!;
    const before = (await slash(rex, 'list', {})) as unknown;
    const menu = fake.messageCommand(rex, own.id, 'Flag as claim');
    await fake.waitFor(() => menu.callbacks[0], 'the answer');
    expect(menu.callbacks[0]).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(menu.callbacks[0].data.content).toMatch(/one of my own messages/);
    expect(fake.modalOf(menu)).toBeUndefined();
    expect(JSON.stringify(await slash(rex, 'list', {}))).toBe(JSON.stringify(before));
  });

  it('opens the add form for /claim add without options, and files the claim on submit', async () => {
    const add = fake.slash({ user: rex, channelId: desk, group: 'claim', sub: 'add' });
    const modal = await fake.waitFor(() => fake.modalOf(add), 'the add modal');
    expect(modal.components.map((c: any) => c.component.custom_id)).toEqual(['text', 'by', 'about', 'source', 'tags']);
    const sub = fake.submitModal(rex, add, { text: 'The port handled 9 million containers last year', by: 'Port Authority' });
    const a = await fake.answer(sub);
    expect(a.flags ?? 0).toBe(0);
    expect(JSON.stringify(a)).toContain('9 million containers');

    // refused values: a private answer (the public "thinking…" goes), nothing filed
    const again = fake.slash({ user: rex, channelId: desk, group: 'claim', sub: 'add' });
    await fake.waitFor(() => fake.modalOf(again), 'the add modal again');
    const refused = await fake.answer(fake.submitModal(rex, again, { text: 'The dam holds 4 billion litres', by: 'Water Board', source: 'not a link' }));
    expect(refused.flags).toBe(64);
    expect(refused.content).toMatch(/not a link|url|http/i);
    expect(refused.content).not.toMatch(/Usage/);
    expect(JSON.stringify(await slash(rex, 'status', { query: 'dam holds 4 billion litres' }))).not.toContain('4 billion litres');

    // some options but not the required ones: the usual error, no form
    const partial = await slash(rex, 'add', { text: 'The canal is 90 km long' });
    expect(partial.content).toContain('/claim add text:<text> by:<name>');
  });

  it('answers garbled ids, unknown controls and forged form values privately, and keeps running', async () => {
    const garbled = fake.click(eve, first.id, 'cd:status:C3:not-a-version', { values: ['true'], forge: { componentType: 3 } });
    expect((await privateAnswer(garbled)).content).toMatch(/not one claimdesk knows/);
    const unknown = fake.click(eve, first.id, 'someone-elses-button', { forge: { componentType: 2 } });
    expect((await privateAnswer(unknown)).content).toMatch(/not one claimdesk knows/);
    const mismatched = fake.click(eve, first.id, select(fake.messages.get(first.id)!).custom_id.replace('status', 'history'), { values: ['x'], forge: { componentType: 3 } });
    expect((await privateAnswer(mismatched)).content).toMatch(/not one claimdesk knows/);

    const pick = fake.click(eve, first.id, select(fake.messages.get(first.id)!).custom_id, { values: ['true'] });
    await fake.waitFor(() => fake.modalOf(pick), 'a modal');
    const badForm = fake.submitModal(eve, pick, {}, { customId: 'cdm:nonsense' });
    expect((await privateAnswer(badForm)).content).toMatch(/not one claimdesk knows/);
    const tooLong = fake.submitModal(eve, pick, {}, { inputs: [{ custom_id: 'note', value: 'x'.repeat(5000) }, { custom_id: 'whatever', value: '@everyone' }] });
    const refused = await fake.waitFor(() => tooLong.followups[0], 'the refusal');
    expect(refused.flags).toBe(64);
    expect(refused.content).toMatch(/note is too long/i);
    expect(refused.content).not.toMatch(/Usage/);
    const elsewhere = fake.submitModal(rex, pick, {}, { customId: 'cdm:flag:123456789012345678:223456789012345678', inputs: [{ custom_id: 'text', value: 'x' }] });
    await fake.waitFor(() => elsewhere.original?.edited, 'the flag refusal');
    expect(elsewhere.original!.body.content).toMatch(/nothing was filed/);

    expect((await card('C3')).color).toBe(STATUS_META.misleading.color);
    expect(fake.calls.filter((c) => c.status === 400)).toEqual([]);
    for (const b of fake.sentBodies()) expect(b.body.allowed_mentions, b.path).toMatchObject({ parse: [] });
  });
});
