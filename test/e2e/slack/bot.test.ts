// End to end: the real bot process (real Bolt app, HTTP mode) against the fake Slack on loopback,
// driven by signed slash commands and Events API deliveries exactly as Slack sends them.
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack, type FakeMessage } from '../../fakes/slack/server.ts';
import { waitFor } from '../../fakes/slack/client.ts';
import { blockProblems } from '../../fakes/slack/limits.ts';
import { SlackBot, seedDemo, tmpDataDir, withStore } from './harness.ts';
import { channelKey } from '../../../src/core/types.ts';

const DESK = { channel: 'CDESK', channelName: 'factcheck-desk' };
const ALERTS = { channel: 'CALERTS', channelName: 'alerts' };
const NEWS = { channel: 'CNEWS', channelName: 'newsroom' };
const EDITOR = { user: 'UEDITOR', userName: 'ana' };
const REPORTER = { user: 'UREPORTER', userName: 'bo' };

type Answer = { response_type?: string; text?: string; blocks?: unknown[] };

describe('slack bot, end to end', () => {
  let fake: FakeSlack;
  let bot: SlackBot;
  let dataDir: string;

  /** Run a slash command; the answer comes in the ack, or later on response_url. */
  async function slash(who: { user: string; userName: string }, where: { channel: string; channelName: string }, text: string, command: '/claim' | '/actor' = '/claim'): Promise<Answer> {
    const res = await bot.sender.command(command, text, { ...who, ...where });
    expect(res.status).toBe(200);
    if (res.json && (res.json.blocks || res.json.text)) {
      expect(blockProblems(res.json), 'Slack would refuse this answer').toEqual([]);
      return res.json as Answer;
    }
    return (await waitFor(() => fake.responsesFor(res.responseId)[0], 10_000, `answer to ${command} ${text}`)) as Answer;
  }
  const show = (a: Answer | FakeMessage) => JSON.stringify(a.blocks) + '\n' + a.text;
  const statusOf = async (id: string) => show(await slash(REPORTER, DESK, `status ${id}`));

  beforeAll(async () => {
    fake = await new FakeSlack().start();
    fake.users.set('UAUTHOR', 'Carla Reporter');
    fake.users.set('UREPORTER', 'Bo');
    fake.channels.set('CNEWS', 'newsroom');
    dataDir = await tmpDataDir();
    await seedDemo(dataDir);
    bot = await SlackBot.start(fake, dataDir);
  }, 40_000);

  afterAll(async () => {
    await bot?.stop();
    await fake?.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('answers url_verification and /healthz, and calls auth.test on start', async () => {
    const res = await bot.sender.urlVerification('challenge-xyz');
    expect(res.status).toBe(200);
    expect(res.text).toContain('challenge-xyz');
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    expect(fake.callsTo('auth.test').length).toBeGreaterThan(0);
  });

  it('/claim status answers with a claim card in the channel', async () => {
    const a = await slash(REPORTER, DESK, 'status massacre');
    expect(a.response_type).toBe('in_channel');
    expect(a.blocks?.[0]).toMatchObject({ type: 'header' });
    expect(show(a)).toContain('C1');
    expect(show(a)).toMatch(/massacre/i);
    expect(show(a)).toContain(':x:'); // the demo rated it false
  });

  it('bad input gets an ephemeral answer with the usage, and /actor works too', async () => {
    const bad = await slash(REPORTER, DESK, 'frobnicate everything');
    expect(bad.response_type).toBe('ephemeral');
    expect(show(bad)).toMatch(/usage|\/claim/i);
    const help = await slash(REPORTER, DESK, 'help');
    expect(help.response_type).toBe('ephemeral');
    expect(show(help)).toContain('/claim set');
    const actor = await slash(REPORTER, DESK, 'Stephen Miller', '/actor');
    expect(actor.response_type).toBe('in_channel');
    expect(show(actor)).toContain('Miller');
  });

  it('a non-editor cannot set a status (nothing changes); an editor can', async () => {
    const refused = await slash(REPORTER, DESK, 'set C3 false note: nope');
    expect(refused.response_type).toBe('ephemeral');
    expect(show(refused)).toMatch(/editor/i);
    expect(await statusOf('C3')).toContain('Unverified');

    const done = await slash(EDITOR, DESK, 'set C3 mostly_true note: records show gaps');
    expect(done.response_type).toBe('in_channel');
    expect(await statusOf('C3')).toContain('Mostly true');
  });

  it('watching a claim from another channel brings alerts there, follow-ups threaded under the first', async () => {
    const w = await slash(REPORTER, ALERTS, 'watch C4');
    expect(w.response_type).toBe('in_channel');
    await slash(EDITOR, DESK, 'set C4 in_review note: new documents');
    const first = await waitFor(() => fake.posted('CALERTS')[0], 10_000, 'the first alert');
    expect(show(first)).toContain('C4');
    expect(first.thread_ts).toBeUndefined();

    await slash(EDITOR, DESK, 'set C4 misleading note: documents contradict it');
    const second = await waitFor(() => fake.posted('CALERTS')[1], 10_000, 'the follow-up alert');
    expect(second.thread_ts).toBe(first.ts);
    expect(show(second)).toMatch(/misleading/i);
    // the first alert, at the top of the channel, is edited to show the claim as it is now (DeliveryPort.edit)
    const root = await waitFor(() => fake.messages.find((m) => m.ts === first.ts && m.edited), 10_000, 'the first alert edited');
    expect(show(root)).toMatch(/Misleading/);
    expect(show(root)).toMatch(/earlier changes in the thread/);
    expect(fake.posted('CDESK')).toHaveLength(0); // the desk channel did not watch

    const digest = await slash(REPORTER, ALERTS, 'digest now');
    expect(digest.response_type).toBe('in_channel');
    expect(show(digest)).toMatch(/digest/i);
    expect(show(digest)).toContain('C4');
  });

  it('a 429 from Slack is retried after Retry-After and the alert is posted once', async () => {
    fake.failNextIn('chat.postMessage', 'CALERTS', { kind: 'ratelimit', retryAfterSec: 1 });
    const before = fake.posted('CALERTS').length;
    const callsBefore = fake.callsTo('chat.postMessage').length;
    await slash(EDITOR, DESK, 'set C4 false note: final rating');
    await waitFor(() => fake.posted('CALERTS').length > before, 15_000, 'the retried alert');
    const calls = fake.callsTo('chat.postMessage').slice(callsBefore).filter((c) => c.args.channel === 'CALERTS');
    expect(calls).toHaveLength(2); // the 429, then the retry
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(900);
    await new Promise((r) => setTimeout(r, 1500));
    expect(fake.posted('CALERTS').length).toBe(before + 1);
  });

  it('flagging a message by reaction files a claim and answers in its thread; a second flag finds the same claim', async () => {
    await slash(REPORTER, { channel: 'CWIRE', channelName: 'wire' }, 'watch all');
    const ts = fake.addMessage('CNEWS', { text: 'Stephen Miller said arrests tripled in a month', user: 'UAUTHOR' });
    const res = await bot.sender.reaction('UREPORTER', 'triangular_flag_on_post', 'CNEWS', ts);
    expect(res.status).toBe(200);
    const answer = await waitFor(() => fake.posted('CNEWS').find((m) => m.thread_ts === ts), 10_000, 'the flag answer');
    const id = /C\d+/.exec(show(answer))?.[0];
    expect(id).toBeDefined();
    expect(fake.callsTo('chat.getPermalink').some((c) => c.args.message_ts === ts)).toBe(true);
    const card = await statusOf(id!);
    expect(card).toContain('arrests tripled');
    // the channel watching `all` hears of it, with names rather than Slack ids, and the message's permalink
    const wire = show(await waitFor(() => fake.posted('CWIRE')[0], 10_000, 'the alert to the channel watching all'));
    expect(wire).toContain(id!);
    expect(wire).toContain('#newsroom');
    expect(wire).toContain('Carla Reporter');
    expect(wire).toContain(`https://newsroom.slack.com/archives/CNEWS/p${ts.replace('.', '')}`);

    await bot.sender.reaction('UEDITOR', 'triangular_flag_on_post', 'CNEWS', ts);
    const again = await waitFor(() => fake.posted('CNEWS').filter((m) => m.thread_ts === ts)[1], 10_000, 'the second flag answer');
    expect(show(again)).toContain(id!);
    const list = JSON.stringify((await slash(REPORTER, DESK, 'list')).blocks);
    expect(list.split('arrests tripled').length - 1).toBe(1); // one claim, not two
  });

  it('a flagged thread reply is read from its thread and answered in that thread; other emoji do nothing', async () => {
    const parent = fake.addMessage('CNEWS', { text: 'Thread about the border', user: 'UAUTHOR' });
    // as Slack stores it: entities for & < >, mentions as <@U…>
    const reply = fake.addMessage('CNEWS', { text: 'Crossings fell by 90 percent &gt; last month, says <@UAUTHOR>', user: 'UAUTHOR', thread_ts: parent });
    const postedBefore = fake.posted('CNEWS').length;
    await bot.sender.reaction('UREPORTER', 'thumbsup', 'CNEWS', reply);
    await bot.sender.reaction('UREPORTER', 'triangular_flag_on_post', 'CNEWS', reply);
    const answer = await waitFor(() => fake.posted('CNEWS').slice(postedBefore)[0], 10_000, 'the thread flag answer');
    expect(answer.thread_ts).toBe(parent);
    expect(fake.callsTo('conversations.replies').length).toBeGreaterThan(0);
    expect(fake.posted('CNEWS').length).toBe(postedBefore + 1); // the thumbs-up posted nothing
    // a message without text (a file, say) gets a polite answer, and no claim
    const empty = fake.addMessage('CNEWS', { text: '', user: 'UAUTHOR' });
    await bot.sender.reaction('UREPORTER', 'triangular_flag_on_post', 'CNEWS', empty);
    const polite = await waitFor(() => fake.posted('CNEWS').find((m) => m.thread_ts === empty), 10_000, 'the answer to an empty message');
    expect(polite.text).toMatch(/no text/i);
    const id = /C\d+/.exec(show(answer))![0];
    const card = JSON.stringify((await slash(REPORTER, DESK, `status ${id}`)).blocks);
    expect(card).toContain('Crossings fell by 90 percent &gt; last month, says @Carla Reporter');
  });

  it('a flag the bot cannot read is explained to the flagger (a DM when it is not in the channel), and files nothing', async () => {
    fake.notJoined.add('CSECRET');
    const ts = fake.addMessage('CSECRET', { text: 'The budget doubled overnight', user: 'UAUTHOR' });
    const dmsBefore = fake.posted('UREPORTER').length;
    await bot.sender.reaction('UREPORTER', 'triangular_flag_on_post', 'CSECRET', ts);
    const dm = await waitFor(() => fake.posted('UREPORTER')[dmsBefore], 10_000, 'the DM to the flagger');
    expect(dm.text).toContain('<#CSECRET>');
    expect(dm.text).toContain('/invite @claimdesk');
    expect(fake.posted('CSECRET')).toHaveLength(0);

    // in a channel the bot is in but may not read (a scope missing), the note is ephemeral, for the flagger only
    const ts2 = fake.addMessage('CNEWS', { text: 'Rents fell by half', user: 'UAUTHOR' });
    fake.failNext('conversations.history', { kind: 'platform', error: 'missing_scope' });
    await bot.sender.reaction('UREPORTER', 'triangular_flag_on_post', 'CNEWS', ts2);
    const note = await waitFor(() => fake.ephemerals.find((e) => e.channel === 'CNEWS'), 10_000, 'the ephemeral note');
    expect(note.user).toBe('UREPORTER');
    expect(note.text).toMatch(/reinstall/);
    const list = JSON.stringify((await slash(REPORTER, DESK, 'list')).blocks);
    expect(list).not.toMatch(/budget doubled|Rents fell/);
  });

  it('text typed in a command is stored as typed (Slack\'s entities decoded), and shown escaped', async () => {
    const added = await slash(REPORTER, DESK, 'add Crime fell &gt; 20% &amp; <!channel> cheered by: Mayor Lee');
    const id = /C\d+/.exec(show(added))![0];
    const card = JSON.stringify((await slash(REPORTER, DESK, `status ${id}`)).blocks);
    expect(card).toContain('Crime fell &gt; 20% &amp; @\u2060channel cheered');
    expect(card).not.toContain('&amp;gt;');
  });

  it('a long claim with many sources stays within Slack\'s limits and escaped, in answers and in alerts', async () => {
    await slash(REPORTER, { channel: 'CLONG', channelName: 'long' }, 'watch all');
    const long = `&lt;!channel&gt; ${'Officials &amp; experts said the fund grew by a third. '.repeat(34)}`;
    const added = await slash(EDITOR, DESK, `add ${long} by: Mayor Lee`);
    const id = /C\d+/.exec(show(added))![0];
    for (let i = 0; i < 12; i++) await slash(EDITOR, DESK, `source ${id} https://example.org/report-${i}?a=1&amp;b=2 note: ${'background '.repeat(20)}@here`);
    await slash(EDITOR, DESK, `set ${id} misleading note: ${'the fund shrank '.repeat(40)}`);
    // what Slack parses: every block but the plain_text header, and the fallback text
    const parsed = (a: Answer | FakeMessage) => JSON.stringify((a.blocks as { type: string }[]).filter((b) => b.type !== 'header')) + a.text;
    for (const cmd of [`status ${id}`, `history ${id}`, 'list']) {
      const a = await slash(REPORTER, DESK, cmd); // the helper checks Slack's limits
      expect(parsed(a)).not.toMatch(/<!channel>|<!here>|@here/);
    }
    const alert = await waitFor(() => fake.posted('CLONG').find((m) => show(m).includes(id)), 10_000, 'the alert about the long claim');
    expect(parsed(alert)).not.toMatch(/<!channel>|@here/);
    expect(fake.refusedResponses).toEqual([]);
  });

  it('forged signatures and stale timestamps are refused and change nothing', async () => {
    const forged = await bot.sender.command('/claim', 'set C5 false', { ...EDITOR, ...DESK }, { secretOverride: 'not-the-secret' });
    expect(forged.status).toBe(401);
    const stale = await bot.sender.command('/claim', 'set C5 false', { ...EDITOR, ...DESK }, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(stale.status).toBe(401);
    const ts = fake.addMessage('CNEWS', { text: 'A forged flag should not file this', user: 'UAUTHOR' });
    expect((await bot.sender.urlVerification('c1', { secretOverride: 'x' })).status).toBe(401);
    const forgedFlag = await bot.sender.reaction('UEDITOR', 'triangular_flag_on_post', 'CNEWS', ts, 'UAUTHOR', { secretOverride: 'x' });
    expect(forgedFlag.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.responsesFor(forged.responseId)).toHaveLength(0);
    expect(fake.responsesFor(stale.responseId)).toHaveLength(0);
    expect(await statusOf('C5')).toContain('Unverified');
    expect(fake.posted('CNEWS').some((m) => m.thread_ts === ts)).toBe(false);
  });

  it('a restart loses nothing: statuses, flags, an alert still waiting for its retry; a missed digest is posted', async () => {
    fake.failNextIn('chat.postMessage', 'CALERTS', { kind: 'ratelimit', retryAfterSec: 2 });
    const before = fake.posted('CALERTS').length;
    await slash(EDITOR, DESK, 'set C4 mostly_false note: revised after appeal');
    const calls = fake.callsTo('chat.postMessage').length;
    await waitFor(() => fake.callsTo('chat.postMessage').slice(calls).some((c) => c.args.channel === 'CALERTS'), 5000, 'the rate-limited attempt');
    expect(await bot.stop()).toBe(0);
    expect(fake.posted('CALERTS').length).toBe(before); // not delivered yet

    const saved = await withStore(dataDir, (s) => ({ c3: s.get('claims', 'C3')?.status, c4: s.get('claims', 'C4')?.status, flags: s.count('flags') }));
    expect(saved).toEqual({ c3: 'mostly_true', c4: 'mostly_false', flags: 2 });

    // a daily digest whose slot passed while the bot was down (scheduled two days ago) is posted on start
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const digestChannel = { platform: 'slack' as const, workspace: fake.teamId, channel: 'CDIGEST', name: '#digest' };
    await withStore(dataDir, (s) =>
      s.write((tx) => {
        tx.put('digests', { id: channelKey(digestChannel), channel: digestChannel, spec: 'daily 09:00', cron: '0 9 * * *', tz: 'UTC', lastRunAt: twoDaysAgo, createdBy: 'slack:UEDITOR', createdAt: twoDaysAgo, updatedAt: twoDaysAgo });
      }),
    );

    bot = await SlackBot.start(fake, dataDir);
    const digest = await waitFor(() => fake.posted('CDIGEST')[0], 15_000, 'the missed digest');
    expect(show(digest)).toMatch(/digest/i);
    expect(show(digest)).toContain('C4'); // changed since the last digest
    const alert = await waitFor(() => fake.posted('CALERTS')[before], 15_000, 'the alert after the restart');
    expect(show(alert)).toMatch(/mostly false/i);
    expect(alert.thread_ts).toBe(fake.posted('CALERTS')[0]!.ts);
    expect(await statusOf('C3')).toContain('Mostly true');
    await new Promise((r) => setTimeout(r, 1000));
    expect(fake.posted('CALERTS').length).toBe(before + 1);
  });
});
