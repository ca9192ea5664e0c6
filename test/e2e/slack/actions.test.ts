// Card actions end to end: the real bot process (real Bolt app, HTTP mode) against the fake Slack. A user
// picks a status on an alert or card, presses Add source or History; modals open with the interaction's
// trigger_id and are submitted as Slack sends them (view_submission, signed, payload=<json>).
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack, type FakeMessage } from '../../fakes/slack/server.ts';
import { waitFor } from '../../fakes/slack/client.ts';
import { SlackInteractions, type Surface } from '../../fakes/slack/interactive.ts';
import { SlackBot, seedDemo, tmpDataDir } from './harness.ts';

const DESK = { channel: 'CDESK', channelName: 'factcheck-desk' };
const ALERTS = { channel: 'CALERTS', channelName: 'alerts' };
const EDITOR = { user: 'UEDITOR', userName: 'ana' };
const REPORTER = { user: 'UREPORTER', userName: 'bo' };

type Answer = { response_type?: string; text?: string; blocks?: unknown[] };
type Obj = Record<string, unknown>;

describe('slack card actions, end to end', () => {
  let fake: FakeSlack;
  let bot: SlackBot;
  let ui: SlackInteractions;
  let dataDir: string;

  async function slash(who: { user: string; userName: string }, where: { channel: string; channelName: string }, text: string): Promise<Answer> {
    const res = await bot.sender.command('/claim', text, { ...who, ...where });
    if (res.json && (res.json.blocks || res.json.text)) return res.json as Answer;
    return (await waitFor(() => fake.responsesFor(res.responseId)[0], 10_000, `answer to ${text}`)) as Answer;
  }
  const show = (a: { blocks?: unknown[]; text?: string } | undefined) => `${JSON.stringify(a?.blocks)}\n${a?.text}`;
  const statusOf = async (id: string) => show(await slash(REPORTER, DESK, `status ${id}`));
  /** A /claim status card as the channel shows it (an in_channel answer, posted by the app). */
  async function cardInChannel(id: string): Promise<Surface & { kind: 'message' }> {
    const a = await slash(REPORTER, DESK, `status ${id}`);
    const ts = fake.nextTs();
    fake.messages.push({ ts, channel: DESK.channel, text: a.text ?? '', blocks: a.blocks, bot_id: fake.botId, user: fake.botUserId });
    return { kind: 'message', channel: DESK.channel, ts };
  }
  const message = (s: { channel: string; ts: string }) => fake.messages.find((m) => m.channel === s.channel && m.ts === s.ts)!;
  const select = (m: FakeMessage | { blocks?: unknown[] }) =>
    ((m.blocks as Obj[]).find((b) => b.type === 'actions')!.elements as Obj[]).find((e) => e.action_id === 'claim_status')!;
  const ephemeralsFor = (user: string) => fake.ephemerals.filter((e) => e.user === user && !e.deleted);
  /** The next ephemeral note to `user` after `before` of them. */
  const nextNote = (user: string, before: number, what: string) => waitFor(() => ephemeralsFor(user)[before], 10_000, what);

  beforeAll(async () => {
    fake = await new FakeSlack().start();
    fake.channels.set('CALERTS', 'alerts');
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

  it('an editor picks a status on an alert: a modal asks for the note, the change is made as /claim set makes it, the alert shows it', async () => {
    await slash(REPORTER, ALERTS, 'watch C4');
    await slash(EDITOR, DESK, 'set C4 in_review note: new documents');
    const alert = await waitFor(() => fake.posted('CALERTS')[0], 10_000, 'the first alert');
    expect(select(alert)).toMatchObject({ type: 'static_select', initial_option: { value: 'in_review' } });
    expect(show(alert)).toMatch(/Add source/);

    const where = { kind: 'message' as const, channel: 'CALERTS', ts: alert.ts };
    const act = await ui.act(where, EDITOR, 'claim_status', 'false');
    expect(act.status).toBe(200);
    expect(act.ms).toBeLessThan(3000);
    const modal = await waitFor(() => fake.ui.topView('UEDITOR'), 10_000, 'the status modal');
    expect(modal.callback_id).toBe('form_status');
    expect(JSON.stringify(modal.blocks)).toMatch(/In review → False/);
    expect(modal.blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual(['note', 'source', 'internal']);
    expect(modal.private_metadata.length).toBeLessThanOrEqual(3000);
    expect(fake.ui.refused).toEqual([]);

    const notes = ephemeralsFor('UEDITOR').length;
    const done = await ui.submit(modal.id, EDITOR, { note: 'the records contradict it', source: 'https://example.org/records' });
    expect(done).toMatchObject({ status: 200, result: 'closed' });
    expect(done.ms).toBeLessThan(3000);
    // the alert acted on now shows the new status, in place
    await waitFor(() => message(where).edited, 10_000, 'the alert updated in place');
    expect(fake.ui.updates.some((u) => u.channel === 'CALERTS' && u.ts === alert.ts)).toBe(true);
    expect(select(message(where))).toMatchObject({ initial_option: { value: 'false' } });
    expect(show(message(where))).toMatch(/:x:/);
    // confirmed to the editor only
    expect((await nextNote('UEDITOR', notes, 'the confirmation')).text).toMatch(/C4 is now False/);
    // exactly as /claim set: watchers alerted (in the first alert's thread), history with the note and evidence
    const followUp = await waitFor(() => fake.posted('CALERTS').find((m) => m.thread_ts === alert.ts), 10_000, 'the follow-up alert');
    expect(show(followUp)).toMatch(/False/);
    const history = show(await slash(REPORTER, DESK, 'history C4'));
    expect(history).toMatch(/ana: In review → False — the records contradict it \(evidence: https:\/\/example.org\/records\)/);
  });

  it('a non-editor picking a status gets an ephemeral refusal; no modal, nothing changed', async () => {
    const card = await cardInChannel('C3');
    const notes = ephemeralsFor('UREPORTER').length;
    const views = fake.ui.views.size;
    await ui.act(card, REPORTER, 'claim_status', 'true');
    expect((await nextNote('UREPORTER', notes, 'the refusal')).text).toMatch(/Only editors/);
    expect(fake.ui.views.size).toBe(views);
    expect(await statusOf('C3')).toMatch(/Unverified/);
    expect(message(card).edited).toBeUndefined();
  });

  it('a stale card says so and shows the current card; nothing is applied (on the select and at submit)', async () => {
    const card = await cardInChannel('C5');
    await slash(EDITOR, DESK, 'set C5 mostly_false note: changed meanwhile');
    let notes = ephemeralsFor('UEDITOR').length;
    await ui.act(card, EDITOR, 'claim_status', 'true');
    expect((await nextNote('UEDITOR', notes, 'the stale note')).text).toMatch(/C5 changed since this card was posted/);
    await waitFor(() => message(card).edited, 10_000, 'the stale card replaced');
    expect(select(message(card))).toMatchObject({ initial_option: { value: 'mostly_false' } });
    expect(await statusOf('C5')).toMatch(/Mostly false/);

    // the modal opened on a current card, but the claim changed before it was submitted
    await ui.act(card, EDITOR, 'claim_status', 'true');
    const modal = await waitFor(() => fake.ui.topView('UEDITOR'), 10_000, 'the modal');
    await slash(EDITOR, DESK, 'set C5 misleading note: changed again');
    notes = ephemeralsFor('UEDITOR').length;
    const edits = message(card).edited!;
    expect(await ui.submit(modal.id, EDITOR, { note: 'too late' })).toMatchObject({ result: 'closed' });
    expect((await nextNote('UEDITOR', notes, 'the stale note')).text).toMatch(/changed since/);
    await waitFor(() => message(card).edited! > edits, 10_000, 'the card replaced by the current one');
    expect(select(message(card))).toMatchObject({ initial_option: { value: 'misleading' } });
    expect(await statusOf('C5')).toMatch(/Misleading/);
  });

  it('a status form submitted by a non-editor (a forged submission) is refused at submit time; nothing changed', async () => {
    const card = await cardInChannel('C4');
    const ref = String((message(card).blocks as Obj[]).find((b) => b.type === 'actions')!.block_id).replace(/^claim:/, '');
    const [claimId, version] = ref.split(':');
    const before = await statusOf('C4');
    const notes = ephemeralsFor('UREPORTER').length;
    const meta = { v: 1, f: 'status', c: { claimId, version: Number(version), status: 'true' }, p: { channel: DESK.channel, ts: card.ts } };
    const answer = await ui.raw({
      type: 'view_submission', user: { id: 'UREPORTER', username: 'bo' }, team: { id: fake.teamId },
      view: { id: 'VFORGED', callback_id: 'form_status', private_metadata: JSON.stringify(meta), state: { values: { note: { note: { type: 'plain_text_input', value: 'forged' } } } } },
    });
    expect(answer.status).toBe(200);
    expect((await nextNote('UREPORTER', notes, 'the refusal')).text).toMatch(/Only editors/);
    expect(await statusOf('C4')).toBe(before);
  });

  it('Add source opens a modal; a bad link is shown beside its field and changes nothing; a good one is added', async () => {
    const card = await cardInChannel('C2');
    await ui.act(card, EDITOR, 'claim_source');
    const modal = await waitFor(() => fake.ui.topView('UEDITOR'), 10_000, 'the source modal');
    expect(modal.callback_id).toBe('form_source');
    const before = await statusOf('C2');

    const bad = await ui.submit(modal.id, EDITOR, { url: 'not a link', note: 'nope' });
    expect(bad.result).toBe('errors');
    expect(Object.keys(bad.errors ?? {})).toEqual(['url']);
    expect(fake.ui.view(modal.id)?.open).toBe(true);
    expect(await statusOf('C2')).toBe(before);

    const notes = ephemeralsFor('UEDITOR').length;
    expect(await ui.submit(modal.id, EDITOR, { url: 'https://example.org/evidence-c2', note: 'court filing' })).toMatchObject({ result: 'closed' });
    await nextNote('UEDITOR', notes, 'the confirmation');
    await waitFor(() => message(card).edited, 10_000, 'the card updated');
    expect(show(message(card))).toContain('https://example.org/evidence-c2');
    expect(await statusOf('C2')).toContain('https://example.org/evidence-c2');
  });

  it('History shows the claim\'s history to the user only, editor or not', async () => {
    const card = await cardInChannel('C4');
    const notes = ephemeralsFor('UREPORTER').length;
    await ui.act(card, REPORTER, 'claim_history');
    const note = await nextNote('UREPORTER', notes, 'the history');
    expect(show(note)).toMatch(/History of C4/);
    expect(show(note)).toMatch(/the records contradict it/);
    expect(message(card).edited).toBeUndefined();
  });

  it('a status picked and then cancelled puts the current card back (its select shows the real status again)', async () => {
    const card = await cardInChannel('C1');
    await ui.act(card, EDITOR, 'claim_status', 'true');
    const modal = await waitFor(() => fake.ui.topView('UEDITOR'), 10_000, 'the modal');
    const closed = await ui.close(modal.id, EDITOR);
    expect(closed?.status).toBe(200);
    await waitFor(() => message(card).edited, 10_000, 'the card put back');
    expect(select(message(card))).toMatchObject({ initial_option: { value: 'false' } });
    expect(await statusOf('C1')).toMatch(/False/);
  });

  it('a card chat.update may not change (a slash command\'s answer) is replaced through the response_url', async () => {
    const card = await cardInChannel('C2');
    fake.failNext('chat.update', { kind: 'platform', error: 'cant_update_message' });
    await ui.act(card, EDITOR, 'claim_status', 'mostly_true');
    const modal = await waitFor(() => fake.ui.topView('UEDITOR'), 10_000, 'the modal');
    const notes = ephemeralsFor('UEDITOR').length;
    await ui.submit(modal.id, EDITOR, { note: 'the filing backs it' });
    await waitFor(() => message(card).edited, 10_000, 'the card replaced');
    expect((await nextNote('UEDITOR', notes, 'the confirmation')).text).toMatch(/C2 is now Mostly true/);
    expect(fake.callsTo('chat.update').at(-1)!.args).toMatchObject({ channel: 'CDESK', ts: card.ts });
    expect(fake.ui.updates.some((u) => u.ts === card.ts)).toBe(false); // not by chat.update
    expect(select(message(card))).toMatchObject({ initial_option: { value: 'mostly_true' } });
  });

  it('a form whose trigger_id expired is explained, not dropped', async () => {
    const card = await cardInChannel('C1');
    const notes = ephemeralsFor('UEDITOR').length;
    const views = fake.ui.views.size;
    await ui.act(card, EDITOR, 'claim_status', 'true', { triggerAgeMs: 3500 });
    expect((await nextNote('UEDITOR', notes, 'the explanation')).text).toMatch(/took too long to open.*pick the status again/);
    expect(fake.ui.refused.at(-1)).toMatchObject({ method: 'views.open', error: 'expired_trigger_id' });
    expect(fake.ui.views.size).toBe(views);
  });

  it('on an ephemeral card the change replaces that card through its response_url', async () => {
    const a = await slash(REPORTER, DESK, 'status C3');
    const eph = fake.ui.showEphemeral(DESK.channel, 'UEDITOR', { text: a.text, blocks: a.blocks });
    await ui.act({ kind: 'ephemeral', channel: DESK.channel, ts: eph.ts! }, EDITOR, 'claim_status', 'unsupported');
    const modal = await waitFor(() => fake.ui.topView('UEDITOR'), 10_000, 'the modal');
    await ui.submit(modal.id, EDITOR, { note: 'no evidence either way' });
    await waitFor(() => select(eph).initial_option && (select(eph).initial_option as Obj).value === 'unsupported', 10_000, 'the ephemeral card replaced');
    expect(await statusOf('C3')).toMatch(/Unsupported/);
  });
});
