// itemReviewed.datePublished is when the claim was made, not when it entered the ledger.
import { describe, expect, it } from 'vitest';
import { exportClaimReview, importClaimReview } from '../../src/claimreview/index.ts';
import { flagMessage } from '../../src/core/flagging.ts';
import { exportLedger } from '../../src/ledger-json.ts';
import { flagOnSlack, SLACK_TS_ISO, workDesk } from './desk.ts';
import { review } from './helpers.ts';
import { snowflakeTime } from '../../src/platforms/discord/reactions.ts';

const ORG = { name: 'Newsroom Desk', url: 'https://desk.example.org' };
type Node = Record<string, any>;
const graphOf = (w: ReturnType<typeof workDesk>) => exportClaimReview(w.store, ORG)['@graph'] as Node[];

describe('when the claim was made', () => {
  it('an imported review: the date of its itemReviewed, not of the review', async () => {
    const w = workDesk();
    await importClaimReview(w.desk, review(1)); // review 2024-05-01, claim made 2024-04-28
    expect(w.store.get('claims', 'C1')!.madeAt).toBe('2024-04-28T00:00:00.000Z');
    const [r] = graphOf(w);
    expect(r.itemReviewed.datePublished).toBe('2024-04-28T00:00:00.000Z');
    expect(r.datePublished).toBe('2024-05-01T00:00:00.000Z');
  });

  it('a flagged Slack message: the time of the message, not of the flag', async () => {
    const w = workDesk('2026-11-20T10:00:00Z');
    await flagOnSlack(w.desk, 'Jane Mayor said the bridge closes on Friday');
    w.setClock('2026-11-20T11:00:00Z');
    await w.claim('set C1 false note: it stays open');
    const [r] = graphOf(w);
    expect(r.itemReviewed.datePublished).toBe(SLACK_TS_ISO);
    // kept in the JSON export too
    expect(exportLedger(w.store).claims[0]).toMatchObject({ madeAt: SLACK_TS_ISO, createdAt: '2026-11-20T10:00:00.000Z' });
  });

  it('a flagged Discord message: the time in its snowflake id', async () => {
    const w = workDesk();
    await flagMessage(w.desk, {
      channel: { platform: 'discord', workspace: 'G1', channel: '42' },
      messageId: '175928847299117063', // Discord's documented example: 2016-04-30T11:18:25.796Z
      reactor: { key: 'discord:9', name: 'Rita' },
      // the Discord platform reads the time from the snowflake
      message: { text: 'The mayor said the bridge closes on Friday', authorKey: 'discord:7', authorName: 'Sam', link: 'https://discord.com/channels/G1/42/175928847299117063', at: snowflakeTime('175928847299117063') },
    });
    expect(w.store.get('claims', 'C1')!.madeAt).toBe('2016-04-30T11:18:25.796Z');
  });

  it('a claim added by hand: unknown, so no date is published (not the day it was typed in)', async () => {
    const w = workDesk();
    await w.claim('add Crime fell 20% last year by: Jane Mayor');
    await w.claim('set C1 false');
    const [r] = graphOf(w);
    expect(r.itemReviewed).not.toHaveProperty('datePublished');
  });
});
