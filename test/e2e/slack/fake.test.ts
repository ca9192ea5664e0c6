// The test tools themselves: signatures match Slack's documented example, and the fake answers like Slack.
import { afterEach, describe, expect, it } from 'vitest';
import { slackSignature } from '../../fakes/slack/client.ts';
import { FakeSlack } from '../../fakes/slack/server.ts';
import { webApi } from '@slack/bolt';

describe('slack test tools', () => {
  let fake: FakeSlack | undefined;
  afterEach(async () => {
    await fake?.stop();
  });

  it('signs requests exactly like Slack (documented example)', () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(slackSignature('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body)).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
  });

  it('answers the real WebClient and scripts a 429 with Retry-After', async () => {
    fake = await new FakeSlack().start();
    const client = new webApi.WebClient(fake.token, { slackApiUrl: fake.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
    expect((await client.auth.test()).user_id).toBe('UBOT');
    const ts = fake.addMessage('CNEWS', { text: 'hello', user: 'UA' });
    const reply = fake.addMessage('CNEWS', { text: 'in thread', user: 'UB', thread_ts: ts });
    expect((await client.conversations.history({ channel: 'CNEWS', latest: reply, inclusive: true, limit: 1 })).messages?.[0]?.ts).toBe(ts);
    expect((await client.conversations.replies({ channel: 'CNEWS', ts, latest: reply, oldest: reply, inclusive: true })).messages?.map((m) => m.text)).toEqual(['in thread']);
    expect((await client.chat.getPermalink({ channel: 'CNEWS', message_ts: reply })).permalink).toContain(`thread_ts=${ts}`);

    fake.failNext('chat.postMessage', { kind: 'ratelimit', retryAfterSec: 3 });
    const err = await client.chat.postMessage({ channel: 'CNEWS', text: 'x' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: webApi.ErrorCode.RateLimitedError, retryAfter: 3 });
    const ok = await client.chat.postMessage({ channel: 'CNEWS', text: 'y', thread_ts: ts });
    expect(fake.posted('CNEWS')).toEqual([expect.objectContaining({ ts: ok.ts, text: 'y', thread_ts: ts })]);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);

    const bad = new webApi.WebClient('xoxb-wrong', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    await expect(bad.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
  });
});
