// SlackDelivery against the fake Web API: threaded posts, and Slack's errors mapped for the outbox.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { SlackDelivery } from '../../../src/platforms/slack/delivery.ts';
import { ThreadRoots } from '../../../src/platforms/slack/threads.ts';
import { PermanentDeliveryError, RetryableDeliveryError, type Outbound } from '../../../src/core/ports.ts';
import { silentLogger } from '../../../src/log.ts';
import { FakeSlack } from '../../fakes/slack/server.ts';

describe('slack delivery', () => {
  let fake: FakeSlack;
  let delivery: SlackDelivery;
  const roots = new ThreadRoots();
  const out = (channel: string, threadRef?: string): Outbound => ({
    channel: { platform: 'slack', workspace: 'T0NEWS', channel },
    reply: { kind: 'card', title: 'C1 · <!channel> claim', status: 'false', text: 'Rated false' },
    threadRef,
  });

  beforeEach(async () => {
    fake = await new FakeSlack().start();
    const client = new webApi.WebClient(fake.token, { slackApiUrl: fake.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, logLevel: webApi.LogLevel.ERROR });
    delivery = new SlackDelivery(client, silentLogger, roots);
  });
  afterEach(async () => {
    await fake.stop();
  });

  it('posts blocks with a fallback text, threaded under the given ts, and returns the message ts', async () => {
    const first = await delivery.deliver(out('CDESK'));
    const second = await delivery.deliver(out('CDESK', first.ref));
    const [a, b] = fake.posted('CDESK');
    expect(a).toMatchObject({ ts: first.ref, thread_ts: undefined });
    expect(b).toMatchObject({ ts: second.ref, thread_ts: first.ref });
    expect(a!.text).toContain('&lt;!channel&gt;');
    expect(a!.blocks?.[0]).toMatchObject({ type: 'header' });
    expect(fake.callsTo('chat.postMessage')[0]!.args).toMatchObject({ unfurl_links: 'false' });
  });

  it('a flagged thread reply is answered under the thread parent (known from flagging, or from its permalink)', async () => {
    roots.remember('1760000099.000100', '1760000001.000100');
    await delivery.deliver(out('CDESK', '1760000099.000100'));
    expect(fake.posted('CDESK')[0]!.thread_ts).toBe('1760000001.000100');

    // after a restart nothing is cached: the permalink of the reply names its parent
    const parent = fake.addMessage('CDESK', { text: 'parent', user: 'UA' });
    const reply = fake.addMessage('CDESK', { text: 'reply', user: 'UB', thread_ts: parent });
    await delivery.deliver(out('CDESK', reply));
    expect(fake.posted('CDESK')[1]!.thread_ts).toBe(parent);
    await delivery.deliver(out('CDESK', parent));
    expect(fake.posted('CDESK')[2]!.thread_ts).toBe(parent);
  });

  it('maps a 429 to a retryable error carrying Retry-After, and 5xx / network trouble to retryable', async () => {
    fake.failNext('chat.postMessage', { kind: 'ratelimit', retryAfterSec: 7 }, { kind: 'http', status: 503 }, { kind: 'platform', error: 'internal_error' });
    const e1 = await delivery.deliver(out('CDESK')).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(RetryableDeliveryError);
    expect((e1 as RetryableDeliveryError).retryAfterMs).toBe(7000);
    await expect(delivery.deliver(out('CDESK'))).rejects.toBeInstanceOf(RetryableDeliveryError);
    await expect(delivery.deliver(out('CDESK'))).rejects.toBeInstanceOf(RetryableDeliveryError);
    expect(fake.posted('CDESK')).toHaveLength(0);

    const port = fake.port;
    await fake.stop();
    const down = await delivery.deliver(out('CDESK')).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(RetryableDeliveryError);
    fake = await new FakeSlack().start(port); // afterEach stops it
  });

  it('maps a gone, archived or foreign channel to a permanent error', async () => {
    await expect(delivery.deliver(out('CGONE1'))).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(delivery.deliver(out('CARCHIVED1'))).rejects.toBeInstanceOf(PermanentDeliveryError);
    fake.failNext('chat.postMessage', { kind: 'platform', error: 'not_in_channel' });
    await expect(delivery.deliver(out('CDESK'))).rejects.toThrow(/not_in_channel/);
  });

  it('edits a message it posted with chat.update (a thread\'s first alert), and maps a refusal like a post\'s', async () => {
    const { ref } = await delivery.deliver(out('CDESK'));
    await delivery.edit!({ platform: 'slack', workspace: 'T0NEWS', channel: 'CDESK' }, ref, { kind: 'card', title: 'C1 now true', status: 'true', actions: { claimId: 'C1', version: 3, status: 'true' } });
    const [m] = fake.posted('CDESK');
    expect(m).toMatchObject({ ts: ref, edited: 1, text: expect.stringContaining('C1 now true') });
    expect(JSON.stringify(m!.blocks)).toContain('claim:C1:3');
    await expect(delivery.edit!({ platform: 'slack', workspace: 'T0NEWS', channel: 'CDESK' }, '1.000001', { kind: 'text', text: 'x' })).rejects.toBeInstanceOf(PermanentDeliveryError);
  });
});
