// Issue 14 on Slack, end to end with the real bot process (real Bolt app, HTTP mode) and the fake Slack: the Flag as
// claim message shortcut through its modal, `/claim add` through a modal with actor suggestions, App Home published
// and re-published, an expired trigger_id explained, garbled payloads survived.
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../fakes/slack/server.ts';
import { waitFor } from '../../fakes/slack/client.ts';
import { SlackInteractions } from '../../fakes/slack/interactive.ts';
import { SlackBot, seedDemo, tmpDataDir } from './harness.ts';

const DESK = { channel: 'CDESK', channelName: 'factcheck-desk' };
const EDITOR = { user: 'UEDITOR', userName: 'ana' };
const REPORTER = { user: 'UREPORTER', userName: 'bo' };

type Json = Record<string, any>;

describe('slack forms, end to end', () => {
  let fake: FakeSlack;
  let bot: SlackBot;
  let ui: SlackInteractions;
  let dataDir: string;

  const blocksText = (blocks: unknown) => JSON.stringify(blocks ?? []);
  const input = (view: { blocks: Json[] }, id: string) => view.blocks.find((b) => b.block_id === id) as Json;
  const threadAnswers = (channel: string, ts: string) => fake.posted(channel).filter((m) => m.thread_ts === ts);
  async function status(text: string): Promise<string> {
    const res = await bot.sender.command('/claim', text, { ...REPORTER, ...DESK });
    const body = res.json?.blocks ? res.json : await waitFor(() => fake.responsesFor(res.responseId)[0], 10_000, `answer to ${text}`);
    return `${blocksText(body.blocks)}\n${String(body.text)}`;
  }
  async function openFlagModal(who: typeof EDITOR, channel: string, ts: string) {
    const before = fake.ui.topView(who.user)?.id;
    const res = await ui.shortcut('flag_as_claim', who, { channel, ts });
    expect(res.status).toBe(200);
    return waitFor(() => {
      const v = fake.ui.topView(who.user);
      return v && v.id !== before && v.callback_id === 'form_flag' ? v : undefined;
    }, 10_000, 'the flag modal');
  }

  beforeAll(async () => {
    fake = await new FakeSlack().start();
    fake.users.set('UAUTHOR', 'Carla Reporter');
    fake.users.set('UREPORTER', 'Bo');
    fake.channels.set('CNEWS', 'newsroom');
    dataDir = await tmpDataDir();
    await seedDemo(dataDir);
    bot = await SlackBot.start(fake, dataDir);
    ui = SlackInteractions.http(fake, bot.sender);
  }, 40_000);

  afterAll(async () => {
    await bot?.stop();
    await fake?.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('Flag as claim: a prefilled modal; the corrected claimant is filed and the answer goes to the message thread', async () => {
    const text = 'Kristi Noem said ICE made 500 arrests in Minneapolis in one week';
    const ts = fake.addMessage('CNEWS', { text, user: 'UAUTHOR' });
    const view = await openFlagModal(REPORTER, 'CNEWS', ts);
    expect(input(view, 'text').element.initial_value).toBe(text);
    expect(input(view, 'by').element).toMatchObject({ type: 'external_select', min_query_length: 1, initial_option: { value: 'Kristi Noem' } });
    expect(input(view, 'about').element.type).toBe('multi_external_select');
    expect(blocksText(view.blocks)).toContain('Carla Reporter'); // the message's author, in the intro

    // the claimant was really someone else, and new to the desk: typed, offered as a new actor, picked
    const typed = await ui.suggest(view.id, REPORTER, 'by', 'Tom Homan');
    expect(typed.problems).toEqual([]);
    expect(typed.options.map((o) => o.value)).toContain('Tom Homan');
    expect(typed.options.find((o) => o.value === 'Tom Homan')).toMatchObject({ text: { text: 'New actor: Tom Homan' } });
    const sent = await ui.submit(view.id, REPORTER, { by: 'Tom Homan' });
    expect(sent.result).toBe('closed');

    const answer = await waitFor(() => threadAnswers('CNEWS', ts)[0], 10_000, 'the thread answer');
    const id = /Filed as (C\d+)/.exec(answer.text)?.[1];
    expect(id, answer.text).toBeTruthy();
    expect(answer.text).toContain('Tom Homan');
    const card = await status(`status ${id}`);
    expect(card).toContain('Tom Homan');
    expect(card).toContain(text);
  });

  it('the same message flagged by the reaction, then by the shortcut, is one claim', async () => {
    const ts = fake.addMessage('CNEWS', { text: 'Greg Bovino said the operation cost nothing extra', user: 'UAUTHOR' });
    await bot.sender.reaction('UREPORTER', 'triangular_flag_on_post', 'CNEWS', ts);
    const first = await waitFor(() => threadAnswers('CNEWS', ts)[0], 10_000, 'the reaction answer');
    const id = /Filed as (C\d+)/.exec(first.text)?.[1];
    expect(id).toBeTruthy();

    const view = await openFlagModal(EDITOR, 'CNEWS', ts);
    expect((await ui.submit(view.id, EDITOR)).result).toBe('closed');
    const second = await waitFor(() => threadAnswers('CNEWS', ts)[1], 10_000, 'the shortcut answer');
    expect(second.text).toContain(`Already filed as ${id}`);
    expect(second.text).toContain('flagged by 2');

    // the same person again: nothing new is filed, and the modal says which claim it is
    const again = await openFlagModal(EDITOR, 'CNEWS', ts);
    const repeat = await ui.submit(again.id, EDITOR);
    expect(repeat.result).toBe('updated');
    expect(blocksText(fake.ui.view(again.id)!.blocks)).toContain(id!);
    expect(threadAnswers('CNEWS', ts)).toHaveLength(2);
  });

  it('a value the core refuses is shown beside its field and nothing is filed; corrected, the message shown is filed', async () => {
    const ts = fake.addMessage('CPUBLIC', { text: 'Donald Trump said the city asked for the surge', user: 'UAUTHOR' });
    const view = await openFlagModal(REPORTER, 'CPUBLIC', ts);
    const sent = await ui.submit(view.id, REPORTER, { by: 'N'.repeat(140) + ' ' + 'M'.repeat(140) });
    expect(sent.result).toBe('errors');
    expect(sent.errors?.by).toMatch(/claimant/i);
    await new Promise((r) => setTimeout(r, 500));
    expect(threadAnswers('CPUBLIC', ts)).toHaveLength(0);
    // the message shown in the modal is filed even if Slack would no longer let the bot read it
    fake.notJoined.add('CPUBLIC');
    expect((await ui.submit(view.id, REPORTER, { by: 'Donald Trump' })).result).toBe('closed');
    const answer = await waitFor(() => threadAnswers('CPUBLIC', ts)[0], 10_000, 'the thread answer');
    expect(answer.text).toMatch(/Filed as C\d+ \(unverified\), claimant Donald Trump/);
  });

  it('an expired trigger_id is explained to the user, not dropped', async () => {
    const ts = fake.addMessage('CNEWS', { text: 'Donald Trump said crime is at a record low', user: 'UAUTHOR' });
    const res = await ui.shortcut('flag_as_claim', REPORTER, { channel: 'CNEWS', ts }, { triggerAgeMs: 5000 });
    expect(res.status).toBe(200);
    const note = await waitFor(() => fake.responsesFor(res.responseId!)[0], 10_000, 'the explanation');
    expect(note.response_type).toBe('ephemeral');
    expect(String(note.text)).toMatch(/could not open in time/);
    expect(fake.ui.refused.some((r) => r.method === 'views.open' && r.error === 'expired_trigger_id')).toBe(true);
  });

  it('a slow Slack while the message is read still opens the form: a "reading" modal at once, then the form in it', async () => {
    const ts = fake.addMessage('CNEWS', { text: 'Tom Homan said the drawdown starts Monday', user: 'UAUTHOR' });
    fake.failNext('chat.getPermalink', { kind: 'slow', ms: 3500 }); // past the trigger's 3 s
    const refused = fake.ui.refused.length;
    const before = fake.ui.topView(REPORTER.user)?.id;
    const res = await ui.shortcut('flag_as_claim', REPORTER, { channel: 'CNEWS', ts });
    expect(res.status).toBe(200);
    const loading = await waitFor(() => (fake.ui.topView(REPORTER.user)?.id !== before ? fake.ui.topView(REPORTER.user) : undefined), 3_000, 'a modal within the trigger');
    expect(blocksText(loading.blocks)).toMatch(/Reading the message/);
    const form = await waitFor(() => (fake.ui.topView(REPORTER.user)?.callback_id === 'form_flag' ? fake.ui.topView(REPORTER.user) : undefined), 10_000, 'the form');
    expect(form!.id).toBe(loading.id);
    expect(fake.ui.refused.slice(refused)).toEqual([]);
    expect((await ui.submit(form!.id, REPORTER, { by: 'Tom Homan' })).result).toBe('closed');
    const answer = await waitFor(() => threadAnswers('CNEWS', ts)[0], 10_000, 'the thread answer');
    expect(answer.text).toMatch(/Filed as C\d+ \(unverified\), claimant Tom Homan/);
  }, 20_000);

  it('when Slack refuses to put the form in the "reading" window, the user is told once and nothing is filed', async () => {
    const ts = fake.addMessage('CNEWS', { text: 'Tom Homan said the surge is over', user: 'UAUTHOR' });
    fake.failNext('views.update', { kind: 'platform', error: 'internal_error' });
    const res = await ui.shortcut('flag_as_claim', REPORTER, { channel: 'CNEWS', ts });
    const note = await waitFor(() => fake.responsesFor(res.responseId!)[0], 10_000, 'the explanation');
    expect(note.response_type).toBe('ephemeral');
    expect(String(note.text)).toMatch(/did not show the Flag as claim form; nothing was filed\. Close that window/);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.responsesFor(res.responseId!)).toHaveLength(1);
    expect(threadAnswers('CNEWS', ts)).toHaveLength(0);
  });

  it('/claim add whose modal cannot open in time says so to the user', async () => {
    fake.failNext('views.open', { kind: 'platform', error: 'expired_trigger_id' });
    const res = await bot.sender.command('/claim', 'add', { ...REPORTER, ...DESK });
    expect(res.status).toBe(200);
    const note = await waitFor(() => fake.responsesFor(res.responseId)[0], 10_000, 'the explanation');
    expect(note.response_type).toBe('ephemeral');
    expect(String(note.text)).toMatch(/could not open in time.*\/claim add <text> by: <actor>/);
  });

  it('/claim add with no text opens the add modal; actors are suggested; a bad url is shown beside its field; the card is posted where it was typed', async () => {
    const res = await bot.sender.command('/claim', 'add', { ...EDITOR, ...DESK });
    expect(res.status).toBe(200);
    expect(res.json?.blocks).toBeUndefined(); // acked empty: the modal is the answer
    const view = await waitFor(() => (fake.ui.topView('UEDITOR')?.callback_id === 'form_add' ? fake.ui.topView('UEDITOR') : undefined), 10_000, 'the add modal');
    expect(view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual(['text', 'by', 'about', 'source', 'tags']);

    const known = await ui.suggest(view.id, EDITOR, 'by', 'Miller');
    expect(known.problems).toEqual([]);
    expect(known.options.map((o) => o.value)).toContain('Stephen Miller');
    const fresh = await ui.suggest(view.id, EDITOR, 'about', 'Nadia Newcomer');
    expect(fresh.options.at(-1)).toMatchObject({ value: 'Nadia Newcomer', text: { text: 'New actor: Nadia Newcomer' } });

    const values = { text: 'Arrests tripled in January', by: 'Stephen Miller', about: ['Nadia Newcomer'], tags: 'immigration' };
    const bad = await ui.submit(view.id, EDITOR, { ...values, source: 'not a link' });
    expect(bad.result).toBe('errors');
    expect(Object.keys(bad.errors ?? {})).toEqual(['source']);
    expect(fake.responsesFor(res.responseId)).toHaveLength(0);

    const good = await ui.submit(view.id, EDITOR, { ...values, source: 'https://example.org/story' });
    expect(good.result).toBe('closed');
    const card = await waitFor(() => fake.responsesFor(res.responseId)[0], 10_000, 'the added card');
    expect(card.response_type).toBe('in_channel'); // as a typed /claim add answers
    const shown = blocksText(card.blocks);
    const id = /Added (C\d+)/.exec(shown)?.[1];
    expect(id, shown).toBeTruthy();
    expect(shown).toContain('Stephen Miller');
    expect(shown).toContain('Nadia Newcomer');
    expect(await status(`status ${id}`)).toContain('Arrests tripled in January');
  });

  it('App Home: the queue is published on open and re-published after a /claim set', async () => {
    const opened = await bot.sender.event({ type: 'app_home_opened', user: 'UEDITOR', channel: 'DHOME', tab: 'home', event_ts: `${Date.now() / 1000}` });
    expect(opened.status).toBe(200);
    const home = await waitFor(() => fake.ui.homes.get('UEDITOR'), 10_000, 'App Home');
    const first = blocksText(home.blocks);
    expect(first).toContain('Flags waiting for review');
    expect(first).toContain('In review');
    expect(first).toContain("This week's verdicts");
    expect(first).toContain('What each channel watches');
    expect(first).toContain('Greg Bovino said the operation'); // flagged earlier in this suite
    const updates = home.updates;

    const flagged = /\*(C\d+)\*[^"]*Greg Bovino said/.exec(first)?.[1];
    expect(flagged).toBeTruthy();
    const set = await bot.sender.command('/claim', `set ${flagged} in_review note: checking the budget`, { ...EDITOR, ...DESK });
    expect(set.status).toBe(200);
    await waitFor(() => fake.ui.homes.get('UEDITOR')!.updates > updates, 10_000, 'App Home re-published');
    const after = blocksText(fake.ui.homes.get('UEDITOR')!.blocks);
    const inReview = after.slice(after.indexOf('In review'), after.indexOf("This week's verdicts"));
    expect(inReview).toContain(flagged!);

    // Slack refuses one publish: logged, the bot goes on, and the next change publishes again
    const calls = fake.callsTo('views.publish').length;
    fake.failNext('views.publish', { kind: 'platform', error: 'internal_error' });
    await bot.sender.command('/claim', `set ${flagged} false note: the budget shows extra cost`, { ...EDITOR, ...DESK });
    await waitFor(() => fake.callsTo('views.publish').length > calls, 10_000, 'the refused publish');
    await waitFor(() => /could not publish App Home/.test(bot.output), 10_000, 'the warning');
    const before = fake.ui.homes.get('UEDITOR')!.updates;
    await bot.sender.command('/claim', 'watch all', { ...EDITOR, channel: 'CWATCH', channelName: 'watchers' });
    await waitFor(() => fake.ui.homes.get('UEDITOR')!.updates > before, 10_000, 'App Home re-published after the failure');
    const last = blocksText(fake.ui.homes.get('UEDITOR')!.blocks);
    expect(last).toContain('#watchers');
    expect(last.slice(last.indexOf("This week's verdicts"))).toContain(flagged!);
    bot.assertRunning();
  });

  it('App Home on a slow Slack: changes during a slow publish make one more round, not a pile, and it ends current', async () => {
    const publishes = () => fake.callsTo('views.publish').filter((c) => c.args.user_id === 'UEDITOR').length;
    const watch = (n: number) => bot.sender.command('/claim', 'watch all', { ...EDITOR, channel: `CSLOW${n}`, channelName: `slow-${n}` });
    await waitFor(() => fake.ui.homes.get('UEDITOR'), 10_000, 'the tab opened above');
    const calls = publishes();
    fake.failNext('views.publish', { kind: 'slow', ms: 6000 }); // the three changes below all come and go within it
    await watch(1);
    await waitFor(() => publishes() > calls, 10_000, 'the slow publish');
    // three more changes, each after the last one's debounce ran out: each would start a publish of its own
    for (const n of [2, 3, 4]) {
      await new Promise((r) => setTimeout(r, 1200));
      await watch(n);
    }
    await waitFor(() => blocksText(fake.ui.homes.get('UEDITOR')!.blocks).includes('#slow-4'), 15_000, 'the latest queue');
    await new Promise((r) => setTimeout(r, 1500)); // nothing else was waiting
    expect(publishes()).toBe(calls + 2);
    bot.assertRunning();
  }, 30_000);

  it('garbled shortcut, view and suggestion payloads never crash the bot', async () => {
    const team = { id: fake.teamId, domain: 'newsroom' };
    const user = { id: 'UREPORTER', name: 'bo', username: 'bo' };
    const hostile: Json[] = [
      { type: 'message_action', callback_id: 'flag_as_claim', trigger_id: '1.2.3', user, team, channel: { id: 'CNEWS' } },
      { type: 'message_action', callback_id: 'flag_as_claim', trigger_id: '1.2.3', user, team, channel: { id: 'CNEWS' }, message: { ts: '99.1', text: 'no such message' } },
      { type: 'view_submission', user, team, view: { id: 'V1', callback_id: 'form_flag', private_metadata: 'garbage', state: { values: {} } } },
      { type: 'view_submission', user, team, view: { id: 'V1', callback_id: 'form_flag', private_metadata: '{"v":1,"f":"flag","c":{},"p":{"channel":"CNEWS","ts":"1.1"}}', state: { values: { by: { x: { type: 'external_select', selected_option: 7 } } } } } },
      { type: 'view_submission', user, team, view: { id: 'V2', callback_id: 'form_add', private_metadata: '{"v":1,"f":"add","c":{},"p":{"channel":{"x":1}}}' } },
      { type: 'view_submission', user, team, view: { id: 'V2', callback_id: 'form_add', private_metadata: '{"v":1,"f":"add","c":{},"p":{"channel":"CDESK"}}', state: { values: { text: { t: { type: 'plain_text_input', value: { no: 1 } } } } } } },
      { type: 'block_suggestion', user, team, action_id: 'actor_suggest:by', block_id: 'by', value: '\u0000<!channel>' },
    ];
    for (const payload of hostile) {
      const res = await ui.raw(payload);
      expect(res.status, JSON.stringify(payload)).toBeLessThan(500);
      // a submission that cannot be filed says so in the modal instead of leaving Slack without an answer
      if (payload.type === 'view_submission') expect([res.status, res.json?.response_action], JSON.stringify(payload)).toEqual([200, 'errors']);
      bot.assertRunning();
    }
    expect(await status('status massacre')).toContain('C1');
  });
});
