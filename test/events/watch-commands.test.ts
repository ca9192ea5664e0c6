import { describe, expect, it } from 'vitest';
import { runOptions, runText } from '../../commands/index.ts';
import type { Desk } from '../../src/core/desk.ts';
import { chan, changeStatus, editor, makeDesk, seed } from './helpers.ts';

const ctx = (desk: Desk, channel = chan('desk')) => ({ desk, channel, user: { ...editor, isEditor: true } });

describe('/claim watch and /claim unwatch', () => {
  it('watches all with a status filter and lists it', async () => {
    const desk = makeDesk();
    await seed(desk);
    const r = await runText('claim', 'watch all status: False, mostly-false', ctx(desk));
    expect(r.text).toBe('#desk watches all claims: changes to false, mostly false only.');
    expect(desk.store.get('subscriptions', 'console:local:desk|all')!.statuses).toEqual(['false', 'mostly_false']);
    const list = await runText('claim', 'watch', ctx(desk));
    expect(list.kind).toBe('list');
    expect(list.items!.map((i) => i.text)).toEqual(['all claims: changes to false, mostly false only']);
    await changeStatus(desk, 'C1', 'in_review');
    expect(desk.store.count('outbox')).toBe(0);
    await changeStatus(desk, 'C1', 'false');
    expect(desk.store.count('outbox')).toBe(1);
  });

  it('resolves claim ids in any case and actors by name or alias; watching again updates the filter', async () => {
    const desk = makeDesk();
    await seed(desk);
    expect((await runText('claim', 'watch c1', ctx(desk))).text).toMatch(/^#desk watches C1 "Crime fell/);
    expect((await runText('claim', 'watch adams', ctx(desk))).text).toBe('#desk watches Alice Adams (actor): every change.');
    expect((await runText('claim', 'watch Alice Adams status: retracted', ctx(desk))).text).toMatch(/now watches Alice Adams .*retracted only\. \(updated\)/);
    expect(desk.store.count('subscriptions')).toBe(2);
    // the same watch again is not an update: the answer says nothing changed
    expect((await runText('claim', 'watch adams status: Retracted', ctx(desk))).text).toBe(
      '#desk already watches Alice Adams (actor): changes to retracted only; nothing changed.',
    );
  });

  it('refuses unknown targets and statuses, changing nothing', async () => {
    const desk = makeDesk();
    await seed(desk);
    for (const text of ['watch C99', 'watch Nobody Known', 'watch all status: fake', 'watch status: false']) {
      const r = await runText('claim', text, ctx(desk));
      expect(r.kind, text).toBe('error');
      expect(r.usage, text).toContain('/claim watch');
    }
    expect(desk.store.count('subscriptions')).toBe(0);
  });

  it('unwatch removes one subscription; unwatch all removes every one of the channel only', async () => {
    const desk = makeDesk();
    await seed(desk);
    await runText('claim', 'watch C1', ctx(desk));
    await runText('claim', 'watch all', ctx(desk));
    await runText('claim', 'watch all', ctx(desk, chan('other')));
    expect((await runText('claim', 'unwatch C1', ctx(desk))).text).toBe('#desk no longer watches C1 "Crime fell by half last year".');
    expect((await runText('claim', 'unwatch C1', ctx(desk))).text).toMatch(/was not watching C1.*nothing changed/);
    await runText('claim', 'watch bob brown', ctx(desk));
    expect((await runText('claim', 'unwatch all', ctx(desk))).text).toMatch(/no longer watches .*all claims/);
    expect(desk.store.all('subscriptions').map((s) => s.id)).toEqual(['console:local:other|all']);
  });

  it('works with Discord-style structured options', async () => {
    const desk = makeDesk();
    await seed(desk);
    const discord = chan('123', 'discord');
    const r = await runOptions('claim', 'watch', { target: 'C1', status: 'false' }, ctx(desk, discord));
    expect(r.kind).toBe('text');
    expect(desk.store.get('subscriptions', 'discord:local:123|claim:C1')!.statuses).toEqual(['false']);
    const d = await runOptions('claim', 'digest', { schedule: 'weekly fri 16:00', tz: 'America/New_York' }, ctx(desk, discord));
    expect(d.text).toMatch(/gets a digest weekly fri 16:00 \(America\/New_York\)/);
  });
});
