// Socket Mode end to end: the real bot process with SLACK_APP_TOKEN connects to the fake's WebSocket
// (found through apps.connections.open at SLACK_API_URL) and answers envelopes there.
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../fakes/slack/server.ts';
import { waitFor } from '../../fakes/slack/client.ts';
import { SlackBot, seedDemo, tmpDataDir } from './harness.ts';

describe('slack bot in Socket Mode', () => {
  let fake: FakeSlack;
  let bot: SlackBot;
  let dataDir: string;

  beforeAll(async () => {
    fake = await new FakeSlack().start();
    dataDir = await tmpDataDir();
    await seedDemo(dataDir);
    // no signing secret: Socket Mode needs only the bot and app tokens
    // (and SLACK_API_URL without its trailing slash still works)
    bot = await SlackBot.start(fake, dataDir, { SLACK_APP_TOKEN: fake.appToken, SLACK_SIGNING_SECRET: '', SLACK_API_URL: fake.apiUrl.replace(/\/$/, '') });
    await waitFor(() => fake.sockets.size === 1, 10_000, 'the Socket Mode connection');
  }, 40_000);

  afterAll(async () => {
    await bot?.stop();
    await fake?.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('opens the connection with the app token at SLACK_API_URL and still serves /healthz', async () => {
    const open = fake.callsTo('apps.connections.open');
    expect(open.length).toBeGreaterThan(0);
    expect(open[0]!.auth).toBe(`Bearer ${fake.appToken}`);
    const res = await fetch(`${bot.url}/healthz`);
    expect(await res.json()).toEqual({ ok: true, pages: null }); // the one /healthz body of every mode (src/web/health.ts)
  });

  it('answers a slash command in its ack', async () => {
    const ack = await fake.socketSend('slash_commands', {
      token: 'x', team_id: fake.teamId, team_domain: 'newsroom', channel_id: 'CDESK', channel_name: 'desk',
      user_id: 'UREPORTER', user_name: 'bo', command: '/claim', text: 'status massacre', api_app_id: 'A0CLAIMDESK',
      response_url: fake.responseUrl('socket-1'), trigger_id: '1.2.3',
    });
    expect(ack.response_type).toBe('in_channel');
    expect(JSON.stringify(ack.blocks)).toContain('C1');
  });

  it('flags a message from a reaction_added envelope and answers in its thread', async () => {
    const ts = fake.addMessage('CNEWS', { text: 'The governor said the bridge cost 2 billion dollars', user: 'UAUTHOR' });
    await fake.socketSend('events_api', {
      token: 'x', team_id: fake.teamId, api_app_id: 'A0CLAIMDESK', type: 'event_callback', event_id: 'Ev1', event_time: 1,
      event: { type: 'reaction_added', user: 'UREPORTER', reaction: 'triangular_flag_on_post', item_user: 'UAUTHOR', item: { type: 'message', channel: 'CNEWS', ts }, event_ts: '1.0' },
    });
    const answer = await waitFor(() => fake.posted('CNEWS').find((m) => m.thread_ts === ts), 10_000, 'the flag answer');
    expect(answer.text).toMatch(/C\d+/);
  });
});
