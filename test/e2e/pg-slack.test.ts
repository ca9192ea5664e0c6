// End to end: two real bot processes (Slack over HTTP) on one PostgreSQL ledger against the fake Slack, each
// calling the fake's Web API under its own tag so the test knows who posted. kill -9 of the instance whose
// alert post is stuck mid-flight: the other delivers every alert after the (short, configured) lease. A due
// digest is posted once although both instances catch up on it at start.
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';
import fs from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDesk } from '../../src/core/create-desk.ts';
import { loadDemo } from '../../src/demo/index.ts';
import { openStore } from '../../store/open.ts';
import { FakeSlack } from '../fakes/slack/server.ts';
import { waitFor } from '../fakes/slack/client.ts';
import { SlackBot, tmpDataDir } from './slack/harness.ts';
import { describePg } from '../support/pg-test.ts';

const DESK = { channel: 'CDESK', channelName: 'factcheck-desk' };
const ALERTS = { channel: 'CALERTS', channelName: 'alerts' };
const DIGESTS = 'CDIGEST';
const EDITOR = { user: 'UEDITOR', userName: 'ana' };
const REPORTER = { user: 'UREPORTER', userName: 'bo' };
const TAGS = ['one', 'two'];
const LEASE_MS = 2000;
type Answer = { text?: string; blocks?: unknown[] };

describePg('two bot processes on one PostgreSQL ledger: kill -9 mid-dispatch, one digest', (db) => {
  let fake: FakeSlack;
  let bots: SlackBot[] = [];
  let dirs: string[] = [];

  async function slash(bot: SlackBot, who: typeof EDITOR, where: typeof DESK, text: string): Promise<string> {
    const res = await bot.sender.command('/claim', text, { ...who, ...where });
    expect(res.status).toBe(200);
    const a = (res.json && (res.json.blocks || res.json.text) ? res.json : await waitFor(() => fake.responsesFor(res.responseId)[0], 10_000, `answer to ${text}`)) as Answer;
    return JSON.stringify(a.blocks) + '\n' + a.text;
  }
  const alertText = (m: { text: string; blocks?: unknown[] }) => JSON.stringify(m.blocks) + m.text;

  beforeAll(async () => {
    const store = await openStore('', LEDGER_SCHEMA, { databaseUrl: db.url });
    await loadDemo(createDesk({ store }));
    // a daily digest for CDIGEST whose slot today has passed and was never posted: both instances find it
    // due when they start
    const long = new Date(Date.now() - 3 * 86_400_000).toISOString();
    await store.write((tx) =>
      tx.put('digests', {
        id: `slack:T0NEWS:${DIGESTS}`, channel: { platform: 'slack', workspace: 'T0NEWS', channel: DIGESTS }, spec: 'daily 00:00',
        cron: '0 0 * * *', tz: 'UTC', lastRunAt: null, createdBy: 'slack:UEDITOR', createdAt: long, updatedAt: long,
      }),
    );
    await store.close();
    fake = await new FakeSlack().start();
    fake.users.set('UREPORTER', 'Bo');
    dirs = [await tmpDataDir(), await tmpDataDir()];
    const env = (i: number) => ({ DATABASE_URL: db.url, SLACK_API_URL: fake.apiUrlFor(TAGS[i]!), CLAIMDESK_OUTBOX_LEASE_MS: String(LEASE_MS) });
    bots = await Promise.all(dirs.map((d, i) => SlackBot.start(fake, d, env(i))));
  }, 90_000);

  afterAll(async () => {
    for (const b of bots) await b.stop();
    await fake?.stop();
    for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
  });

  it('a due digest is posted once with two instances', async () => {
    await waitFor(() => fake.posted(DIGESTS)[0], 15_000, 'the digest');
    await new Promise((r) => setTimeout(r, 2000)); // room for a second one
    expect(fake.posted(DIGESTS)).toHaveLength(1);
  }, 30_000);

  it('kill -9 of the instance whose alert post hangs: the other delivers every alert, in order', async () => {
    expect(await slash(bots[0]!, REPORTER, ALERTS, 'watch C4')).toMatch(/C4/);
    await new Promise((r) => setTimeout(r, 300)); // the subscription reaches instance two
    fake.failNextIn('chat.postMessage', ALERTS.channel, { kind: 'hang' });
    const before = fake.callsTo('chat.postMessage').length;
    await slash(bots[1]!, EDITOR, DESK, 'set C4 in_review note: new documents');
    await slash(bots[0]!, EDITOR, DESK, 'set C4 misleading note: documents contradict it');
    await slash(bots[1]!, EDITOR, DESK, 'set C4 false note: the last word');
    const stuck = await waitFor(() => fake.callsTo('chat.postMessage').slice(before).find((c) => c.args.channel === ALERTS.channel), 15_000, 'the stuck post');
    const dying = TAGS.indexOf(stuck.via!);
    expect(dying).toBeGreaterThanOrEqual(0);
    await bots[dying]!.kill();
    const survivor = bots[1 - dying]!;
    bots = [survivor];
    const posted = await waitFor(() => (fake.posted(ALERTS.channel).length >= 3 ? fake.posted(ALERTS.channel) : undefined), 20_000, 'all three alerts');
    // at least once each, in the order of the changes, by the survivor, in one thread
    const order = ['in.review', 'misleading', 'false'].map((s) => posted.findIndex((m) => new RegExp(s, 'i').test(alertText(m))));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const calls = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === ALERTS.channel && c !== stuck);
    expect(new Set(calls.map((c) => c.via))).toEqual(new Set([TAGS[1 - dying]]));
    expect(posted.slice(1).every((m) => m.thread_ts === posted[0]!.ts)).toBe(true);
    expect(await slash(survivor, REPORTER, DESK, 'history C4')).toMatch(/in.review[\s\S]*misleading[\s\S]*false/i);
  }, 60_000);
});
