// Slack and Discord in one bot process on one store: a claim flagged on Discord alerts a Slack channel
// watching `all`, and a claim flagged on Slack alerts a Discord channel watching `all`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, snowflake, type FakeUser } from '../../fakes/discord/index.ts';
import { FakeSlack } from '../../fakes/slack/server.ts';
import { SlackSender, waitFor } from '../../fakes/slack/client.ts';
import { freePort } from '../bot-process.ts';
import { DiscordBot, tmpDataDir } from './harness.ts';

const SECRET = 'cross-platform-signing-secret-0123';

describe('Slack and Discord on one store', () => {
  let discord: FakeDiscord;
  let slack: FakeSlack;
  let bot: DiscordBot;
  let sender: SlackSender;
  const reporter: FakeUser = { id: snowflake(), username: 'rita' };

  beforeAll(async () => {
    discord = await new FakeDiscord().start();
    discord.addMember(reporter);
    slack = await new FakeSlack().start();
    const port = await freePort();
    bot = await DiscordBot.start(discord, await tmpDataDir(), {
      SLACK_BOT_TOKEN: slack.token,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
    });
    sender = new SlackSender(`http://127.0.0.1:${port}`, SECRET, slack);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status === 200, 10_000, 'Slack /healthz');
  });

  afterAll(async () => {
    await bot?.stop();
    await discord?.stop();
    await slack?.stop();
  });

  it('a Discord flag alerts the Slack channel watching all', async () => {
    const w = await sender.command('/claim', 'watch all', { user: 'UREPORTER', channel: 'CWIRE', channelName: 'wire' });
    expect(w.status).toBe(200);
    const desk = discord.channel('desk');
    const msg = discord.postUserMessage(desk, reporter, 'The senator said the bridge cost $9 billion');
    discord.react(desk, msg.id, reporter, '🚩');
    const alert = await waitFor(() => slack.posted('CWIRE').find((m) => JSON.stringify(m).includes('bridge')), 15_000, 'the Slack alert');
    expect(JSON.stringify(alert)).toContain('C1');
  });

  it('a Slack flag alerts the Discord channel watching all', async () => {
    const alerts = discord.channel('alerts');
    await discord.answer(discord.slash({ user: reporter, channelId: alerts, group: 'claim', sub: 'watch', options: { target: 'all' } }));
    const ts = slack.addMessage('CNEWS', { text: 'The mayor said the new stadium paid for itself in a year', user: 'UAUTHOR' });
    await sender.reaction('UREPORTER', 'triangular_flag_on_post', 'CNEWS', ts);
    const alert = await discord.waitFor(() => discord.botMessages(alerts).find((m) => JSON.stringify(m).includes('stadium')), 'the Discord alert', 15_000);
    expect(JSON.stringify(alert)).toContain('C2');
    expect(alert.allowed_mentions).toMatchObject({ parse: [] });
  });

  // The only test that waits for the wall clock: node-cron firing a live schedule (not the catch-up at start)
  // can only be seen by letting a minute turn. Both platforms are checked on the same turn.
  it('posts digests on their live schedule, on Slack and on Discord', async () => {
    const slackSet = await sender.command('/claim', 'digest cron * * * * *', { user: 'UREPORTER', channel: 'CDIGEST', channelName: 'digest' });
    expect(slackSet.status).toBe(200);
    const room = discord.channel('desk');
    const set = await discord.answer(discord.slash({ user: reporter, channelId: room, group: 'claim', sub: 'digest', options: { schedule: 'cron * * * * *' } }));
    expect(set.flags ?? 0).toBe(0);
    const onSlack = waitFor(() => slack.posted('CDIGEST').find((m) => /digest/i.test(m.text)), 70_000, 'the scheduled Slack digest');
    const onDiscord = discord.waitFor(() => discord.botMessages(room).find((m) => /digest/i.test(JSON.stringify(m.embeds))), 'the scheduled Discord digest', 70_000);
    const [s, d] = await Promise.all([onSlack, onDiscord]);
    expect(s.thread_ts).toBeUndefined();
    expect(d.allowed_mentions).toMatchObject({ parse: [] });
  }, 90_000);
});
