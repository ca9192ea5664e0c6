// Issue 14 over Socket Mode: the Flag as claim shortcut, its actor suggestions (block_suggestion must be answered in
// the envelope's ack), its submission, and App Home, all as envelopes on the WebSocket.
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../fakes/slack/server.ts';
import { waitFor } from '../../fakes/slack/client.ts';
import { SlackInteractions } from '../../fakes/slack/interactive.ts';
import { SlackBot, seedDemo, tmpDataDir } from './harness.ts';

const REPORTER = { user: 'UREPORTER', userName: 'bo' };

describe('slack forms in Socket Mode', () => {
  let fake: FakeSlack;
  let bot: SlackBot;
  let ui: SlackInteractions;
  let dataDir: string;

  beforeAll(async () => {
    fake = await new FakeSlack().start();
    fake.users.set('UAUTHOR', 'Carla Reporter');
    dataDir = await tmpDataDir();
    await seedDemo(dataDir);
    bot = await SlackBot.start(fake, dataDir, { SLACK_APP_TOKEN: fake.appToken, SLACK_SIGNING_SECRET: '' });
    await waitFor(() => fake.sockets.size === 1, 10_000, 'the Socket Mode connection');
    ui = SlackInteractions.socket(fake);
  }, 40_000);

  afterAll(async () => {
    await bot?.stop();
    await fake?.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('flags a message through the shortcut modal, with suggestions answered in the ack', async () => {
    const ts = fake.addMessage('CNEWS', { text: 'Stephen Miller said arrests doubled in Minneapolis', user: 'UAUTHOR' });
    await ui.shortcut('flag_as_claim', REPORTER, { channel: 'CNEWS', ts });
    const view = await waitFor(() => (fake.ui.topView('UREPORTER')?.callback_id === 'form_flag' ? fake.ui.topView('UREPORTER') : undefined), 10_000, 'the flag modal');
    const offered = await ui.suggest(view.id, REPORTER, 'about', 'Minn');
    expect(offered.problems).toEqual([]);
    expect(offered.options.map((o) => o.value)).toContain('Minn');
    expect((await ui.submit(view.id, REPORTER, { about: ['ICE'] })).result).toBe('closed');
    const answer = await waitFor(() => fake.posted('CNEWS').find((m) => m.thread_ts === ts), 10_000, 'the thread answer');
    expect(answer.text).toMatch(/Filed as C\d+ \(unverified\), claimant Stephen Miller/);
  });

  it('publishes App Home from an app_home_opened envelope', async () => {
    await fake.socketSend('events_api', {
      token: 'x', team_id: fake.teamId, api_app_id: 'A0CLAIMDESK', type: 'event_callback', event_id: 'Ev2', event_time: 1,
      event: { type: 'app_home_opened', user: 'UREPORTER', channel: 'DHOME', tab: 'home', event_ts: '1.0' },
    });
    const home = await waitFor(() => fake.ui.homes.get('UREPORTER'), 10_000, 'App Home');
    expect(JSON.stringify(home.blocks)).toContain('arrests doubled in Minneapolis');
  });
});
