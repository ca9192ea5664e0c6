// The bot refuses to start, with a clear reason and exit code 1, when Slack is misconfigured.
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../fakes/slack/server.ts';
import { SlackBot, tmpDataDir } from './harness.ts';

describe('slack startup errors', () => {
  let fake: FakeSlack;
  const dirs: string[] = [];
  const dir = async () => {
    const d = await tmpDataDir();
    dirs.push(d);
    return d;
  };
  beforeAll(async () => {
    fake = await new FakeSlack().start();
  });
  afterAll(async () => {
    await fake.stop();
    for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
  });

  it('a wrong bot token: exit 1 saying Slack refused the token', async () => {
    await expect(SlackBot.start(fake, await dir(), { SLACK_BOT_TOKEN: 'xoxb-wrong' })).rejects.toThrow(
      /exited with 1[\s\S]*Slack refused SLACK_BOT_TOKEN \(auth\.test: invalid_auth\)/,
    );
  });

  it('an unreachable Web API: exit 1 naming SLACK_API_URL', async () => {
    const gone = await new FakeSlack().start();
    const url = gone.apiUrl;
    await gone.stop();
    await expect(SlackBot.start(fake, await dir(), { SLACK_API_URL: url })).rejects.toThrow(/exited with 1[\s\S]*cannot reach the Slack Web API[\s\S]*SLACK_API_URL/);
  });
});
