// Ledgers built the way a newsroom builds them: the demo, the commands, a flag by reaction, an import.
import { LEDGER_SCHEMA, type Ledger } from '../../src/core/store-port.ts';
import { runText } from '../../commands/index.ts';
import type { CommandContext } from '../../commands/types.ts';
import { importClaimReview } from '../../src/claimreview/index.ts';
import { createDesk } from '../../src/core/create-desk.ts';
import type { Desk } from '../../src/core/desk.ts';
import { flagMessage } from '../../src/core/flagging.ts';
import { loadDemo } from '../../src/demo/index.ts';
import { MemoryStore } from '../../store/memory.ts';
import { review } from './helpers.ts';
import { tsTime } from '../../src/platforms/slack/reactions.ts';

export interface WorkDesk {
  desk: Desk;
  store: MemoryStore<Ledger>;
  claim(text: string): Promise<unknown>;
  setClock(iso: string): void;
}

export function workDesk(start = '2026-11-20T10:00:00Z'): WorkDesk {
  const store = new MemoryStore(LEDGER_SCHEMA);
  let t = new Date(start);
  const desk = createDesk({ store, clock: { now: () => t } });
  const ctx: CommandContext = {
    desk,
    user: { key: 'console:editor', name: 'Ed Itor', isEditor: true },
    channel: { platform: 'console', workspace: 'local', channel: 'console' },
  };
  return { desk, store, claim: (text) => runText('claim', text, ctx), setClock: (iso) => void (t = new Date(iso)) };
}

export async function demoDesk(): Promise<WorkDesk> {
  const w = workDesk();
  await loadDemo(w.desk);
  return w;
}

/** Slack message ts 1763200000.000100 = 2025-11-15T09:46:40Z. */
export const SLACK_TS = '1763200000.000100';
export const SLACK_TS_ISO = '2025-11-15T09:46:40.000Z';

/** A flag by reaction on a Slack message, as the Slack platform hands it to the core. */
export function flagOnSlack(desk: Desk, text: string, ts = SLACK_TS) {
  return flagMessage(desk, {
    channel: { platform: 'slack', workspace: 'T1', channel: 'C0NEWS' },
    messageId: ts,
    reactor: { key: 'slack:U9', name: 'Rita Reporter' },
    message: {
      text,
      authorKey: 'slack:U7',
      authorName: 'Sam Source',
      link: `https://newsroom.slack.com/archives/C0NEWS/p${ts.replace('.', '')}`,
      // the Slack platform reads the time from the ts
      at: tsTime(ts),
    },
  });
}

/** Commands, flags and an import: every way a claim and a source enter the ledger. */
export async function busyDesk(): Promise<WorkDesk> {
  const w = workDesk();
  await w.claim('add Crime fell 20% last year by: Jane Mayor source: https://news.example/mayor-speech');
  await w.claim('set C1 false note: police figures say otherwise source: https://police.example/figures-2025');
  await w.claim('source C1 https://stats.example/crime-table note: the full table');
  await w.claim('add Taxes doubled by: Sen. Smith');
  await flagOnSlack(w.desk, 'Jane Mayor said the bridge closes on Friday');
  await w.claim('set C3 mostly false note: it closes on Saturday');
  await importClaimReview(w.desk, [review(1), review(2, { reviewRating: { '@type': 'Rating', alternateName: 'Pants on Fire' } })]);
  return w;
}
