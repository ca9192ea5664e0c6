// The editor's queue (Slack's App Home): flags waiting, claims in review, this week's verdicts, watches.
import { describe, expect, it } from 'vitest';
import { createInbound } from '../../commands/inbound.ts';
import { flagMessage } from '../../src/core/flagging.ts';
import { watch } from '../../src/core/subscriptions.ts';
import { chan, changeStatus, makeDesk, seed } from '../events/helpers.ts';

describe('the desk queue', () => {
  it('lists what waits for the desk and what it decided this week, and what each channel of the platform watches', async () => {
    const desk = makeDesk();
    await seed(desk); // C1, unverified
    const inbound = createInbound(desk);
    const empty = inbound.queue('slack');
    expect(empty.sections.map((s) => [s.title, s.items.length])).toEqual([
      ['Flags waiting for review', 0],
      ['In review', 0],
      ["This week's verdicts", 0],
      ['What each channel watches', 0],
    ]);
    expect(empty.sections[0].empty).toMatch(/No flagged claim/);
    const flag = (id: string, text: string) =>
      flagMessage(desk, { channel: chan('newsroom', 'slack'), messageId: id, reactor: { key: 'slack:U1', name: 'Una' }, message: { text, authorKey: 'slack:U2', authorName: 'Rita', link: '' } });
    await flag('m1', 'The bridge cost twice its budget');
    await flag('m2', 'Unemployment is at a record low in the region');
    await changeStatus(desk, 'C1', 'in_review');
    desk.clock.set('2026-03-01T10:00:00Z');
    await flag('m3', 'Old verdict claim about the harbour');
    await changeStatus(desk, 'C4', 'false');
    desk.clock.set('2026-03-20T10:00:00Z');
    await changeStatus(desk, 'C2', 'mostly_true');
    const now = desk.clock.now().toISOString();
    await desk.store.write((tx) => {
      watch(tx, chan('desk', 'slack'), { kind: 'all' }, [], 'slack:U1', now);
      watch(tx, chan('desk', 'slack'), { kind: 'actor', id: 'alice-adams' }, ['false'], 'slack:U1', now);
      watch(tx, chan('elsewhere', 'discord'), { kind: 'all' }, [], 'discord:1', now);
    });
    const q = inbound.queue('slack');
    const ids = (i: number) => q.sections[i].items.map((x) => x.id);
    expect(ids(0)).toEqual(['C3']);
    expect(ids(1)).toEqual(['C1']);
    expect(ids(2)).toEqual(['C2']); // C4's verdict is three weeks old
    expect(q.sections[2].items[0].text).toMatch(/^Mostly true: The bridge/);
    expect(q.sections[3].items).toEqual([{ id: '#desk', text: 'all claims; Alice Adams (actor) (changes to false)' }]);
  });

  it("an imported outlet's verdict is not the desk's: it stays out of this week's verdicts", async () => {
    const desk = makeDesk();
    await seed(desk);
    const now = desk.clock.now().toISOString();
    await desk.store.write((tx) => {
      const c = tx.get('claims', 'C1')!;
      tx.put('claims', { ...c, status: 'false', history: [...c.history, { at: now, by: 'import:claimreview', byName: 'PolitiFact', from: 'unverified', to: 'false', note: '' }], updatedAt: now });
    });
    expect(createInbound(desk).queue('slack').sections[2].items).toEqual([]);
    await changeStatus(desk, 'C1', 'mostly_false');
    expect(createInbound(desk).queue('slack').sections[2].items.map((i) => i.id)).toEqual(['C1']);
  });
});
