// Card actions over Socket Mode: the same select → modal → submission as over HTTP, sent as `interactive`
// envelopes; the acks (a view_submission's response_action errors among them) travel back on the socket.
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../fakes/slack/server.ts';
import { waitFor } from '../../fakes/slack/client.ts';
import { SlackInteractions } from '../../fakes/slack/interactive.ts';
import { SlackBot, seedDemo, tmpDataDir } from './harness.ts';

const EDITOR = { user: 'UEDITOR', userName: 'ana' };

describe('slack card actions in Socket Mode', () => {
  let fake: FakeSlack;
  let bot: SlackBot;
  let dataDir: string;

  const command = (text: string, id: string) => ({
    token: 'x', team_id: fake.teamId, team_domain: 'newsroom', channel_id: 'CDESK', channel_name: 'desk', user_id: 'UEDITOR',
    user_name: 'ana', command: '/claim', text, api_app_id: 'A0CLAIMDESK', response_url: fake.responseUrl(id), trigger_id: fake.ui.issueTrigger('UEDITOR'),
  });

  beforeAll(async () => {
    fake = await new FakeSlack().start();
    dataDir = await tmpDataDir();
    await seedDemo(dataDir);
    bot = await SlackBot.start(fake, dataDir, { SLACK_APP_TOKEN: fake.appToken, SLACK_SIGNING_SECRET: '' });
    await waitFor(() => fake.sockets.size === 1, 10_000, 'the Socket Mode connection');
  }, 40_000);

  afterAll(async () => {
    await bot?.stop();
    await fake?.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('an alert\'s status select opens the modal; a bad link is refused beside its field; the change updates the alert', async () => {
    const ui = SlackInteractions.socket(fake);
    await fake.socketSend('slash_commands', command('watch C3', 'w'));
    await fake.socketSend('slash_commands', command('set C3 in_review note: looking', 's1'));
    const alert = await waitFor(() => fake.posted('CDESK')[0], 10_000, 'the alert');
    const where = { kind: 'message' as const, channel: 'CDESK', ts: alert.ts };

    await ui.act(where, EDITOR, 'claim_status', 'mostly_true');
    const modal = await waitFor(() => fake.ui.topView('UEDITOR'), 10_000, 'the status modal');
    const bad = await ui.submit(modal.id, EDITOR, { note: 'checked', source: 'javascript:alert(1)' });
    expect(bad.result).toBe('errors');
    expect(Object.keys(bad.errors ?? {})).toEqual(['source']);

    expect(await ui.submit(modal.id, EDITOR, { note: 'checked', source: 'https://example.org/c3' })).toMatchObject({ result: 'closed' });
    await waitFor(() => fake.messages.find((m) => m.ts === alert.ts)?.edited, 10_000, 'the alert updated in place');
    expect(JSON.stringify(fake.messages.find((m) => m.ts === alert.ts)!.blocks)).toContain('"initial_option":{"text":{"type":"plain_text","text":"Mostly true","emoji":true},"value":"mostly_true"}');
    const ack = await fake.socketSend('slash_commands', command('status C3', 's2'));
    expect(JSON.stringify(ack.blocks)).toContain('Mostly true');
    bot.assertRunning();
  }, 30_000);
});
