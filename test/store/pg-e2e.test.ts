// End to end: two real bot processes (Slack over HTTP on two ports) on one PostgreSQL ledger against the
// fake Slack. A watch set through one and a status change through the other: one alert, posted once, in its
// thread; what one instance changed is what the other answers.
import fs from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDesk } from '../../src/core/create-desk.ts';
import { loadDemo } from '../../src/demo/index.ts';
import { openStore } from '../../store/open.ts';
import { FakeSlack } from '../fakes/slack/server.ts';
import { waitFor } from '../fakes/slack/client.ts';
import { SlackBot, tmpDataDir } from '../e2e/slack/harness.ts';
import { describePg } from '../support/pg-test.ts';
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';

const DESK = { channel: 'CDESK', channelName: 'factcheck-desk' };
const ALERTS = { channel: 'CALERTS', channelName: 'alerts' };
const EDITOR = { user: 'UEDITOR', userName: 'ana' };
const REPORTER = { user: 'UREPORTER', userName: 'bo' };
type Answer = { text?: string; blocks?: unknown[] };

describePg('two bot processes on one PostgreSQL ledger (Slack over HTTP)', (db) => {
  let fake: FakeSlack;
  let bots: SlackBot[] = [];
  let dirs: string[] = [];

  async function slash(bot: SlackBot, who: typeof EDITOR, where: typeof DESK, text: string): Promise<string> {
    const res = await bot.sender.command('/claim', text, { ...who, ...where });
    expect(res.status).toBe(200);
    const a = (res.json && (res.json.blocks || res.json.text) ? res.json : await waitFor(() => fake.responsesFor(res.responseId)[0], 10_000, `answer to ${text}`)) as Answer;
    return JSON.stringify(a.blocks) + '\n' + a.text;
  }

  beforeAll(async () => {
    const store = await openStore('', LEDGER_SCHEMA, { databaseUrl: db.url });
    await loadDemo(createDesk({ store }));
    await store.close();
    fake = await new FakeSlack().start();
    fake.users.set('UREPORTER', 'Bo');
    dirs = [await tmpDataDir(), await tmpDataDir()];
    bots = await Promise.all(dirs.map((d) => SlackBot.start(fake, d, { DATABASE_URL: db.url })));
  }, 90_000);

  afterAll(async () => {
    for (const b of bots) await b.stop();
    await fake?.stop();
    for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
  });

  it('watch on one instance, status changes on the other: each alert posted once, in order, threaded; both answer the same', async () => {
    const [one, two] = bots;
    expect(await slash(one, REPORTER, ALERTS, 'watch C4')).toMatch(/C4/);
    await new Promise((r) => setTimeout(r, 300)); // the subscription reaches instance two
    await slash(two, EDITOR, DESK, 'set C4 in_review note: new documents');
    const first = await waitFor(() => fake.posted('CALERTS')[0], 15_000, 'the first alert');
    await slash(one, EDITOR, DESK, 'set C4 misleading note: documents contradict it');
    const second = await waitFor(() => fake.posted('CALERTS')[1], 15_000, 'the second alert');
    expect(second.thread_ts).toBe(first.ts);
    expect(JSON.stringify(second.blocks) + second.text).toMatch(/misleading/i);
    await new Promise((r) => setTimeout(r, 1500)); // room for a duplicate from the other instance
    expect(fake.posted('CALERTS')).toHaveLength(2);
    for (const bot of bots) expect(await slash(bot, REPORTER, DESK, 'history C4')).toMatch(/in.review[\s\S]*misleading/i);
  }, 60_000);
});
