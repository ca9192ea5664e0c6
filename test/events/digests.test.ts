import { afterEach, describe, expect, it } from 'vitest';
import { DigestScheduler } from '../../src/core/scheduler.ts';
import { buildDigest } from '../../src/core/digests.ts';
import { createClaim } from '../../src/core/claims.ts';
import { flagMessage } from '../../src/core/flagging.ts';
import { command as digestCmd } from '../../commands/claim-digest.ts';
import type { Desk } from '../../src/core/desk.ts';
import { openStore } from '../../store/open.ts';
import { changeStatus, chan, editor, makeDesk, seed, tmpDir } from './helpers.ts';
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';

const ctx = (desk: Desk, channel = chan('desk')) => ({ desk, channel, user: { ...editor, isEditor: true } });
const digests = (desk: Desk) => desk.store.all('outbox').filter((o) => o.kind === 'digest');
const schedulers: DigestScheduler[] = [];
afterEach(async () => {
  for (const s of schedulers.splice(0)) await s.stop();
});
function scheduler(desk: Desk, cron = false) {
  const s = new DigestScheduler(desk, { cron });
  schedulers.push(s);
  return s;
}

describe('digest content', () => {
  it('lists changes, new flags, stale claims and top false claimants; an empty period is one line', async () => {
    const desk = makeDesk();
    desk.clock.set('2026-11-01T08:00:00Z');
    await seed(desk); // C1 by Alice, unverified since Nov 1
    const since = new Date('2026-11-09T09:00:00Z');
    expect(buildDigest(desk, chan('desk'), since, new Date('2026-11-05T09:00:00Z'))).toMatchObject({ kind: 'text', text: expect.stringMatching(/^Digest: nothing new/) });

    desk.clock.set('2026-11-10T08:00:00Z');
    await desk.store.write((tx) => {
      createClaim(tx, { text: 'Taxes doubled', claimant: 'alice-adams' }, editor, '2026-11-10T08:00:00Z');
      createClaim(tx, { text: 'Flagged from chat', claimant: 'bob-brown', origin: { platform: 'console', workspace: 'local', channel: 'desk', messageId: '3', link: 'console:3', author: 'console:u', authorName: 'U' } }, editor, '2026-11-10T08:00:00Z');
    });
    await changeStatus(desk, 'C2', 'false', { note: 'no' });
    const r = buildDigest(desk, chan('desk'), since, new Date('2026-11-10T09:00:00Z'));
    const text = JSON.stringify(r);
    expect(r.kind).toBe('card');
    expect(text).toContain('C2 · Unverified → False');
    expect(text).toContain('Newly flagged, waiting for review (1)');
    expect(text).toContain('C3 · Flagged from chat · Unverified');
    expect(text).toContain('Unverified for more than 7 days (1)');
    expect(text).toMatch(/C1 · Crime fell by half last year · since /);
    expect(text).toContain('Alice Adams: 1');
    expect(r.footer).toMatch(/^1 change · 1 new flag · 1 stale · until /);
  });
});

describe('digests count what is true now', () => {
  it('tallies only claims still false at digest time; a reversed change is shown as reversed, not counted', async () => {
    const desk = makeDesk();
    desk.clock.set('2026-11-10T08:00:00Z');
    await seed(desk); // C1 by Alice
    await desk.store.write((tx) => {
      createClaim(tx, { text: 'Taxes doubled', claimant: 'alice-adams' }, editor, '2026-11-10T08:00:00Z');
      createClaim(tx, { text: 'Bridges are collapsing', claimant: 'alice-adams' }, editor, '2026-11-10T08:00:00Z');
      createClaim(tx, { text: 'Parks closed', claimant: 'bob-brown' }, editor, '2026-11-10T08:00:00Z');
    });
    desk.clock.set('2026-11-10T09:00:00Z');
    await changeStatus(desk, 'C1', 'false');
    await changeStatus(desk, 'C2', 'false');
    await changeStatus(desk, 'C4', 'mostly_false');
    desk.clock.set('2026-11-10T10:00:00Z');
    await changeStatus(desk, 'C1', 'mostly_true', { note: 'new figures' });
    await changeStatus(desk, 'C2', 'retracted', { note: 'Alice withdrew it' });
    const r = await digestCmd.handler({ schedule: 'now' }, ctx(desk));
    const top = r.fields!.find((f) => f.name === 'Most false claims this period')!;
    expect(top.value).toBe('Bob Brown: 1'); // Alice's C1 is mostly true now, C2 retracted
    const changes = r.fields!.find((f) => f.name.startsWith('Status changes'))!.value.split('\n');
    expect(changes.find((l) => l.startsWith('C1'))).toMatch(/^C1 · Unverified → False → Mostly true, reversed\b/);
    expect(changes.find((l) => l.startsWith('C2'))).toMatch(/^C2 · Unverified → False → Retracted\b/);
    expect(changes.find((l) => l.startsWith('C2'))).not.toMatch(/reversed/);
    expect(changes.find((l) => l.startsWith('C4'))).toMatch(/^C4 · Unverified → Mostly false\b/);
    expect(r.footer).toMatch(/^5 changes · /);

    // nobody false any more: no tally at all
    await changeStatus(desk, 'C4', 'true');
    const later = await digestCmd.handler({ schedule: 'now' }, ctx(desk));
    expect(later.fields!.map((f) => f.name)).not.toContain('Most false claims this period');
  });
});

describe('digest wording', () => {
  it('does not quote a claim text that has quotes of its own, in any section', async () => {
    const desk = makeDesk();
    desk.clock.set('2026-11-01T08:00:00Z');
    const origin = { platform: 'console' as const, workspace: 'local', channel: 'desk', messageId: '3', link: 'console:3', author: 'console:u', authorName: 'U' };
    await seed(desk);
    await desk.store.write((tx) => {
      createClaim(tx, { text: 'Pretti was a "would-be assassin"', claimant: 'alice-adams' }, editor, '2026-11-01T08:00:00Z');
    });
    desk.clock.set('2026-11-10T08:00:00Z');
    await desk.store.write((tx) => {
      createClaim(tx, { text: 'He sought to "massacre" agents', claimant: 'bob-brown', origin }, editor, '2026-11-10T08:00:00Z');
      createClaim(tx, { text: 'The "plan" is "finished"', claimant: 'bob-brown' }, editor, '2026-11-10T08:00:00Z');
    });
    await changeStatus(desk, 'C4', 'mostly_false');
    const r = await digestCmd.handler({ schedule: 'now' }, ctx(desk));
    const value = (start: string) => r.fields!.find((f) => f.name.startsWith(start))!.value;
    expect(value('Status changes')).toBe('C4 · Unverified → Mostly false · The "plan" is "finished" · Ed Itor');
    expect(value('Newly flagged')).toBe('C3 · He sought to "massacre" agents · Unverified, flagged by 1');
    expect(value('Unverified for more than')).toMatch(/^C2 · Pretti was a "would-be assassin" · since /m);
    expect(JSON.stringify(r)).not.toMatch(/\\"\\"|"\\"/);
  });
});

describe('digest command', () => {
  it('stores a schedule with its zone and says when the next one comes', async () => {
    const desk = makeDesk();
    desk.clock.set('2026-03-28T12:00:00Z');
    const r = await digestCmd.handler({ schedule: 'daily 9:00', tz: 'europe/berlin' }, ctx(desk));
    expect(r.text).toBe('#desk gets a digest daily 09:00 (Europe/Berlin). Next: Sun 29 Mar 09:00 (Europe/Berlin).');
    expect(desk.store.get('digests', 'console:local:desk')).toMatchObject({ cron: '0 9 * * *', tz: 'Europe/Berlin', lastRunAt: null });
  });

  it('refuses bad schedules and zones with the usage, changing nothing', async () => {
    const desk = makeDesk();
    for (const input of [{ schedule: 'daily 24:00' }, { schedule: 'cron 0 9 * * 9' }, { schedule: 'daily 09:00', tz: 'Berlin/Mars' }, { schedule: 'sometimes' }]) {
      const r = await digestCmd.handler(input, ctx(desk));
      expect(r.kind).toBe('error');
      expect(r.usage).toContain('/claim digest');
    }
    expect(desk.store.count('digests')).toBe(0);
  });

  it('off removes the schedule; now answers with the digest at once', async () => {
    const desk = makeDesk();
    await seed(desk);
    await changeStatus(desk, 'C1', 'false');
    await digestCmd.handler({ schedule: 'weekly mon 09:00' }, ctx(desk));
    const now = await digestCmd.handler({ schedule: 'now' }, ctx(desk));
    expect(JSON.stringify(now)).toContain('C1 · Unverified → False');
    expect(digests(desk)).toHaveLength(0); // an answer, not a post
    expect((await digestCmd.handler({ schedule: 'off' }, ctx(desk))).text).toMatch(/^Digest off for #desk/);
    expect(desk.store.count('digests')).toBe(0);
  });
  it('now, on a schedule that has not run yet, covers what its first digest will (the week before it, for weekly)', async () => {
    const desk = makeDesk();
    desk.clock.set('2026-11-01T08:00:00Z');
    await seed(desk);
    await changeStatus(desk, 'C1', 'false'); // four days before the schedule is set
    desk.clock.set('2026-11-05T08:00:00Z');
    await digestCmd.handler({ schedule: 'weekly mon 09:00' }, ctx(desk));
    const now = await digestCmd.handler({ schedule: 'now' }, ctx(desk));
    expect(JSON.stringify(now)).toContain('C1 · Unverified → False');
  });
});

describe('digest scheduler (fake clock)', () => {
  it('posts once per slot across the spring DST change in Europe/Berlin', async () => {
    const desk = makeDesk();
    desk.clock.set('2026-03-27T12:00:00Z');
    await digestCmd.handler({ schedule: 'daily 09:00', tz: 'Europe/Berlin' }, ctx(desk));
    const s = scheduler(desk);
    await s.start();
    expect(digests(desk)).toHaveLength(0);
    desk.clock.set('2026-03-28T07:59:00Z'); // 08:59 CET
    expect(await s.tick()).toBe(0);
    desk.clock.set('2026-03-28T08:00:00Z'); // 09:00 CET
    expect(await s.tick()).toBe(1);
    expect(await s.tick()).toBe(0);
    desk.clock.set('2026-03-29T06:59:00Z'); // 08:59 CEST: not yet, though it is past 08:00Z
    expect(await s.tick()).toBe(0);
    desk.clock.set('2026-03-29T07:00:00Z'); // 09:00 CEST
    expect(await s.tick()).toBe(1);
    expect(digests(desk)).toHaveLength(2);
    expect(desk.store.get('digests', 'console:local:desk')!.lastRunAt).toBe('2026-03-29T07:00:00.000Z');
  });

  it('a 02:30 digest is posted once on the autumn day when 02:30 happens twice', async () => {
    const desk = makeDesk();
    desk.clock.set('2026-10-24T12:00:00Z');
    await digestCmd.handler({ schedule: 'daily 02:30', tz: 'Europe/Berlin' }, ctx(desk));
    const s = scheduler(desk);
    await s.start();
    desk.clock.set('2026-10-25T00:30:00Z'); // first 02:30 (CEST)
    expect(await s.tick()).toBe(1);
    desk.clock.set('2026-10-25T01:30:00Z'); // second 02:30 (CET): node-cron fires again
    expect(await s.tick()).toBe(0);
  });

  it('a digest missed while down is posted once at start, covering the whole gap', async () => {
    const dir = await tmpDir();
    let desk = makeDesk(await openStore(dir, LEDGER_SCHEMA));
    desk.clock.set('2026-11-02T10:00:00Z');
    await seed(desk);
    await digestCmd.handler({ schedule: 'daily 09:00', tz: 'UTC' }, ctx(desk));
    desk.clock.set('2026-11-03T09:00:00Z');
    const s1 = scheduler(desk);
    await s1.start();
    expect(digests(desk)).toHaveLength(1);
    await s1.stop();
    desk.clock.set('2026-11-04T12:00:00Z');
    await changeStatus(desk, 'C1', 'false');
    await desk.store.close();

    // down for five days, five slots missed
    desk = makeDesk(await openStore(dir, LEDGER_SCHEMA));
    desk.clock.set('2026-11-09T12:00:00Z');
    const s2 = scheduler(desk);
    await s2.start();
    const posted = digests(desk);
    expect(posted).toHaveLength(2);
    expect(posted[1]!.reply.title).toContain('since Tue 3 Nov 09:00');
    expect(JSON.stringify(posted[1]!.reply)).toContain('C1 · Unverified → False');
    expect(await s2.tick()).toBe(0);
    await desk.store.close();
  });

  describe('the first digest of a schedule covers the period before it', () => {
    const flag = (desk: Desk, id: string, text: string) =>
      flagMessage(desk, {
        channel: chan('newsroom'),
        messageId: id,
        reactor: { key: 'console:u1', name: 'User One' },
        message: { text, authorKey: 'console:r', authorName: 'Rita', link: `console://local/newsroom/${id}` },
      });
    const flaggedIn = (desk: Desk) => digests(desk).map((d) => d.reply.fields?.find((f) => f.name.startsWith('Newly flagged'))?.value ?? '');

    it('daily: flags of the last day before the schedule was set are in its first digest', async () => {
      const desk = makeDesk();
      desk.clock.set('2026-11-09T11:00:00Z');
      await flag(desk, 'm0', 'The stadium cost five billion dollars to build'); // 23 h before the schedule
      desk.clock.set('2026-11-10T08:00:00Z');
      await flag(desk, 'm1', 'The port handles a million containers a day');
      desk.clock.set('2026-11-10T10:00:00Z'); // after today's 09:00
      await digestCmd.handler({ schedule: 'daily 09:00', tz: 'UTC' }, ctx(desk));
      const s = scheduler(desk);
      await s.start();
      desk.clock.set('2026-11-11T09:00:00Z');
      expect(await s.tick()).toBe(1);
      expect(digests(desk)[0]!.reply.title).toBe('Digest since Mon 9 Nov 10:00 (UTC)');
      expect(flaggedIn(desk)[0]).toMatch(/^C1 · The stadium[^\n]*\nC2 · The port handles/);
      // the next digest covers the day since the first one only
      desk.clock.set('2026-11-12T09:00:00Z');
      expect(await s.tick()).toBe(1);
      expect(digests(desk)[1]!.reply.text).toMatch(/^Digest: nothing new on the desk since Wed 11 Nov 09:00/);
    });

    it('weekly: the week before the schedule; a first digest missed while down covers all of it', async () => {
      const dir = await tmpDir();
      let desk = makeDesk(await openStore(dir, LEDGER_SCHEMA));
      desk.clock.set('2026-11-05T12:00:00Z'); // Thursday
      await flag(desk, 'm1', 'The port handles a million containers a day');
      desk.clock.set('2026-11-11T12:00:00Z'); // Wednesday
      await digestCmd.handler({ schedule: 'weekly mon 09:00', tz: 'UTC' }, ctx(desk));
      await desk.store.close();
      // down over the first slot (Mon 16) and the next (Mon 23)
      desk = makeDesk(await openStore(dir, LEDGER_SCHEMA));
      desk.clock.set('2026-11-24T12:00:00Z');
      await scheduler(desk).start();
      expect(digests(desk)).toHaveLength(1);
      expect(digests(desk)[0]!.reply.title).toBe('Digest since Wed 4 Nov 12:00 (UTC)');
      expect(flaggedIn(desk)[0]).toMatch(/^C1 · The port handles/);
      await desk.store.close();
    });

    it('cron: since the fire time before the schedule was set, even when its first slot was missed', async () => {
      const desk = makeDesk();
      desk.clock.set('2026-11-12T09:30:00Z'); // Thursday, after that day's 09:00: before the period
      await flag(desk, 'm0', 'The stadium cost five billion dollars to build');
      desk.clock.set('2026-11-13T10:00:00Z'); // Friday
      await flag(desk, 'm1', 'The port handles a million containers a day');
      desk.clock.set('2026-11-13T12:00:00Z');
      await digestCmd.handler({ schedule: 'cron 0 9 * * 1-5', tz: 'UTC' }, ctx(desk));
      desk.clock.set('2026-11-17T12:00:00Z'); // Tuesday: Monday's slot was missed
      await scheduler(desk).start();
      expect(digests(desk)).toHaveLength(1);
      expect(digests(desk)[0]!.reply.title).toBe('Digest since Fri 13 Nov 09:00 (UTC)');
      expect(flaggedIn(desk)[0]).toMatch(/^C2 · The port handles[^\n]*$/);
    });
  });

  it('arms node-cron jobs with their zone and follows schedule changes', async () => {
    const desk = makeDesk();
    await digestCmd.handler({ schedule: 'daily 09:00', tz: 'Europe/Berlin' }, ctx(desk));
    const s = scheduler(desk, true);
    await s.start();
    expect(s.jobs()).toEqual([{ id: 'console:local:desk', cron: '0 9 * * *', tz: 'Europe/Berlin' }]);
    await digestCmd.handler({ schedule: 'weekly fri 17:00' }, ctx(desk, chan('desk')));
    await digestCmd.handler({ schedule: 'cron 0 8 * * 1-5', tz: 'Asia/Tokyo' }, ctx(desk, chan('tokyo')));
    expect(s.jobs()).toEqual([
      { id: 'console:local:desk', cron: '0 17 * * 5', tz: 'Europe/Berlin' },
      { id: 'console:local:tokyo', cron: '0 8 * * 1-5', tz: 'Asia/Tokyo' },
    ]);
    await digestCmd.handler({ schedule: 'off' }, ctx(desk));
    expect(s.jobs().map((j) => j.id)).toEqual(['console:local:tokyo']);
  });
});
