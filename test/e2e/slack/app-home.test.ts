// App Home's refresh rules, with the real core on a memory store and the Web API of the fake Slack: a burst of
// ledger changes is one publish per person who opened it; changes that do not touch the queue publish nothing;
// a person's Home tab shows what they may do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { createInbound } from '../../../commands/inbound.ts';
import { createDesk, defaultSettings } from '../../../src/core/create-desk.ts';
import { LEDGER_SCHEMA } from '../../../src/core/store-port.ts';
import { AppHome } from '../../../src/platforms/slack/app-home.ts';
import { MemoryStore } from '../../../store/memory.ts';
import { waitFor } from '../../fakes/slack/client.ts';
import { FakeSlack } from '../../fakes/slack/server.ts';

describe('App Home refreshes', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await new FakeSlack().start();
  });
  afterAll(async () => {
    await fake?.stop();
  });

  it('one publish per burst of queue changes, none for other changes', async () => {
    const desk = createDesk({ store: new MemoryStore(LEDGER_SCHEMA), settings: { ...defaultSettings(), editors: new Set(['slack:UED']) } });
    const inbound = createInbound(desk);
    const client = new webApi.WebClient(fake.token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    const home = new AppHome({ desk, inbound, client, log: desk.log, debounceMs: 300 });
    const who = (user: string) => ({
      user: { key: `slack:${user}`, name: user, isEditor: user === 'UED' },
      channel: { platform: 'slack' as const, workspace: fake.teamId, channel: 'CDESK' },
    });
    try {
      await home.opened('UED');
      await home.opened('URO');
      expect(fake.ui.homes.get('UED')!.updates).toBe(0);
      expect(JSON.stringify(fake.ui.homes.get('UED')!.blocks)).toContain('pick a status');
      expect(JSON.stringify(fake.ui.homes.get('URO')!.blocks)).toContain('only editors');

      // three claims at once: one re-publish for each person
      const calls = fake.callsTo('views.publish').length;
      await Promise.all(['one', 'two', 'three'].map((n) => inbound.command({ group: 'claim', text: `add Claim number ${n} went up by: Mayor Lee`, ...who('UED') })));
      await inbound.command({ group: 'claim', text: 'set C1 in_review note: checking', ...who('UED') });
      await waitFor(() => fake.ui.homes.get('UED')!.updates > 0 && fake.ui.homes.get('URO')!.updates > 0, 5000, 'the re-publish');
      await new Promise((r) => setTimeout(r, 600));
      expect(fake.callsTo('views.publish').length - calls).toBe(2);
      const shown = JSON.stringify(fake.ui.homes.get('UED')!.blocks);
      expect(shown.slice(shown.indexOf('In review'))).toContain('C1');

      // a digest schedule is no part of the queue: nothing is published
      const before = fake.callsTo('views.publish').length;
      const digest = await inbound.command({ group: 'claim', text: 'digest daily 09:00', ...who('UED') });
      expect(digest.kind, digest.text).not.toBe('error');
      expect(desk.store.all('digests')).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 600));
      expect(fake.callsTo('views.publish').length).toBe(before);
    } finally {
      home.stop();
    }
  });
});
