// The fake's interactive surfaces answer the real WebClient like Slack: trigger ids valid 3 s and once,
// modals checked (title ≤ 24, private_metadata ≤ 3000, …), views.update/push/publish, chat.update, and
// response_url posts that replace or delete the message acted on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { FakeSlack } from '../../fakes/slack/server.ts';

const modal = (extra: Record<string, unknown> = {}) => ({
  type: 'modal', callback_id: 'test', title: { type: 'plain_text', text: 'A modal' }, submit: { type: 'plain_text', text: 'Save' },
  blocks: [{ type: 'input', block_id: 'note', label: { type: 'plain_text', text: 'Note' }, element: { type: 'plain_text_input', action_id: 'v' } }],
  ...extra,
});

describe('fake Slack interactivity', () => {
  let fake: FakeSlack;
  let client: InstanceType<typeof webApi.WebClient>;
  beforeEach(async () => {
    fake = await new FakeSlack().start();
    client = new webApi.WebClient(fake.token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logLevel: webApi.LogLevel.ERROR });
  });
  afterEach(async () => {
    await fake.stop();
  });
  const error = (p: Promise<unknown>) => p.then(() => 'ok', (e: { data?: { error?: string } }) => e.data?.error);

  it('opens a modal with a fresh trigger once; an old, reused or unknown trigger is refused as Slack does', async () => {
    const t = fake.ui.issueTrigger('U1');
    const res = await client.views.open({ trigger_id: t, view: modal() as never });
    expect(res.view?.id).toMatch(/^V/);
    expect(fake.ui.topView('U1')?.id).toBe(res.view?.id);
    expect(await error(client.views.open({ trigger_id: t, view: modal() as never }))).toBe('exchanged_trigger_id');
    expect(await error(client.views.open({ trigger_id: fake.ui.issueTrigger('U1', 3500), view: modal() as never }))).toBe('expired_trigger_id');
    expect(await error(client.views.open({ trigger_id: '123.456.abc', view: modal() as never }))).toBe('invalid_trigger_id');
    expect(await error(client.views.open({ trigger_id: 'garbage', view: modal() as never }))).toBe('invalid_trigger_id');
  });

  it('refuses views Slack would refuse', async () => {
    const open = (v: unknown) => error(client.views.open({ trigger_id: fake.ui.issueTrigger('U1'), view: v as never }));
    expect(await open(modal({ title: { type: 'plain_text', text: 'x'.repeat(25) } }))).toBe('invalid_arguments');
    expect(await open(modal({ private_metadata: 'x'.repeat(3001) }))).toBe('invalid_arguments');
    expect(await open(modal({ submit: undefined }))).toBe('invalid_arguments');
    expect(await open(modal({ blocks: [{ type: 'input', label: { type: 'plain_text', text: 'L' }, element: { type: 'plain_text_input', action_id: 'a', max_length: 5, initial_value: 'toolong' } }] }))).toBe('invalid_arguments');
    expect(fake.ui.refused.map((r) => r.error)).toEqual(Array(4).fill('invalid_arguments'));
  });

  it('updates and pushes modals and publishes App Home', async () => {
    const { view } = await client.views.open({ trigger_id: fake.ui.issueTrigger('U1'), view: modal() as never });
    await client.views.update({ view_id: view!.id!, view: modal({ title: { type: 'plain_text', text: 'Changed' } }) as never });
    expect(fake.ui.view(view!.id!)?.title).toMatchObject({ text: 'Changed' });
    expect(await error(client.views.update({ view_id: view!.id!, hash: 'stale', view: modal() as never }))).toBe('hash_conflict');
    const pushed = await client.views.push({ trigger_id: fake.ui.issueTrigger('U1'), view: modal() as never });
    expect(fake.ui.stack('U1').map((v) => v.id)).toEqual([view!.id, pushed.view!.id]);
    const home = { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'queue' } }] };
    await client.views.publish({ user_id: 'U2', view: home as never });
    await client.views.publish({ user_id: 'U2', view: { ...home, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'queue 2' } }] } as never });
    expect(fake.ui.homes.get('U2')).toMatchObject({ updates: 1, blocks: [{ text: { text: 'queue 2' } }] });
  });

  it('chat.update edits only the bot\'s own messages, within the limits; a response_url replaces or deletes what it was bound to', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'CDESK', text: 'first' });
    await client.chat.update({ channel: 'CDESK', ts: ts!, text: 'second', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'second' } }] });
    expect(fake.posted('CDESK')[0]).toMatchObject({ text: 'second', edited: 1 });
    const theirs = fake.addMessage('CDESK', { text: 'by a user', user: 'U1' });
    expect(await error(client.chat.update({ channel: 'CDESK', ts: theirs, text: 'x' }))).toBe('cant_update_message');
    expect(await error(client.chat.update({ channel: 'CDESK', ts: '1.2', text: 'x' }))).toBe('message_not_found');
    const bad = { type: 'actions', elements: [{ type: 'static_select', action_id: 's', options: [{ text: { type: 'plain_text', text: 'a' }, value: 'a' }], initial_option: { text: { type: 'plain_text', text: 'b' }, value: 'b' } }] };
    expect(await error(client.chat.update({ channel: 'CDESK', ts: ts!, text: 'x', blocks: [bad] as never }))).toBe('invalid_blocks');

    fake.ui.bindResponseUrl('r1', { channel: 'CDESK', user: 'U1', message: { ts: ts! } });
    const post = (body: unknown) => fetch(fake.responseUrl('r1'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await post({ replace_original: true, text: 'third' });
    expect(fake.posted('CDESK')[0]).toMatchObject({ text: 'third', edited: 2 });
    await post({ text: 'only for you' });
    expect(fake.ephemerals.at(-1)).toMatchObject({ channel: 'CDESK', user: 'U1', text: 'only for you' });
    await post({ delete_original: true });
    expect(fake.posted('CDESK')).toHaveLength(0);
    await post({ text: '4' });
    await post({ text: '5' });
    expect((await post({ text: '6' })).status).toBe(404); // five posts per response_url
  });
});
