import { describe, expect, it } from 'vitest';
import { lastDueBefore, nextDueAfter, parseScheduleSpec, parseTimeZone, zonedInstant } from '../../src/core/schedule-spec.ts';

const iso = (d: Date | null) => d?.toISOString();

describe('schedule specs', () => {
  it('normalises daily, weekly and cron, and knows off and now', () => {
    expect(parseScheduleSpec('daily 9:00')).toEqual({ ok: true, value: { kind: 'set', spec: 'daily 09:00', cron: '0 9 * * *' } });
    expect(parseScheduleSpec('Weekly Monday 17:30')).toEqual({ ok: true, value: { kind: 'set', spec: 'weekly mon 17:30', cron: '30 17 * * 1' } });
    expect(parseScheduleSpec('cron 0 9 * * 1-5')).toEqual({ ok: true, value: { kind: 'set', spec: 'cron 0 9 * * 1-5', cron: '0 9 * * 1-5' } });
    expect(parseScheduleSpec('off')).toEqual({ ok: true, value: { kind: 'off' } });
    expect(parseScheduleSpec('NOW')).toEqual({ ok: true, value: { kind: 'now' } });
  });

  it('refuses bad times, days, cron expressions and words with a reason', () => {
    const err = (s: string) => {
      const r = parseScheduleSpec(s);
      return r.ok ? 'accepted' : r.error;
    };
    expect(err('daily 25:00')).toMatch(/not a time/);
    expect(err('daily 9am')).toMatch(/not a time/);
    expect(err('weekly funday 09:00')).toMatch(/not a day/);
    expect(err('weekly mon')).toMatch(/not a time/);
    expect(err('cron 61 9 * * *')).toMatch(/not a valid cron expression.*minute/);
    expect(err('cron 0 9 * *')).toMatch(/5 fields/);
    expect(err('cron 0 0 9 * * *')).toMatch(/5 fields/);
    expect(err('cron 0 0 31 2 *')).toMatch(/never|not a valid/);
    expect(err('hourly')).toMatch(/not a schedule/);
    expect(err('')).toMatch(/Say when/);
  });

  it('validates IANA time zones and canonicalises their spelling', () => {
    expect(parseTimeZone('Europe/Berlin')).toEqual({ ok: true, value: 'Europe/Berlin' });
    expect(parseTimeZone('europe/berlin')).toEqual({ ok: true, value: 'Europe/Berlin' });
    expect(parseTimeZone('Mars/Olympus')).toMatchObject({ ok: false, error: expect.stringContaining('not a time zone') });
  });
});

describe('due times across DST (Europe/Berlin)', () => {
  const tz = 'Europe/Berlin';
  it('09:00 daily is 08:00Z before the spring change and 07:00Z after it', () => {
    // DST starts Sunday 2026-03-29 at 02:00 local
    expect(iso(lastDueBefore('0 9 * * *', tz, new Date('2026-03-28T12:00:00Z')))).toBe('2026-03-28T08:00:00.000Z');
    expect(iso(lastDueBefore('0 9 * * *', tz, new Date('2026-03-29T12:00:00Z')))).toBe('2026-03-29T07:00:00.000Z');
    expect(iso(nextDueAfter('0 9 * * *', tz, new Date('2026-03-28T08:00:00Z')))).toBe('2026-03-29T07:00:00.000Z');
  });

  it('at or just before the slot: inclusive at the instant, the previous day a minute before', () => {
    expect(iso(lastDueBefore('0 9 * * *', tz, new Date('2026-03-30T07:00:00Z')))).toBe('2026-03-30T07:00:00.000Z');
    expect(iso(lastDueBefore('0 9 * * *', tz, new Date('2026-03-30T06:59:00Z')))).toBe('2026-03-29T07:00:00.000Z');
  });

  it('a time skipped by the spring change does not happen that day', () => {
    expect(zonedInstant(2026, 3, 29, 2, 30, tz)).toBeUndefined();
    expect(iso(nextDueAfter('30 2 * * *', tz, new Date('2026-03-28T12:00:00Z')))).toBe('2026-03-30T00:30:00.000Z');
  });

  it('every quarter hour jumps over the missing hour of the spring change', () => {
    expect(iso(lastDueBefore('*/15 * * * *', tz, new Date('2026-03-29T01:07:00Z')))).toBe('2026-03-29T01:00:00.000Z'); // 03:00 CEST
    expect(iso(lastDueBefore('*/15 * * * *', tz, new Date('2026-03-29T00:59:00Z')))).toBe('2026-03-29T00:45:00.000Z'); // 01:45 CET
    expect(iso(nextDueAfter('*/15 * * * *', tz, new Date('2026-03-29T00:45:00Z')))).toBe('2026-03-29T01:00:00.000Z');
  });

  it('a time repeated by the autumn change is due once (the first time)', () => {
    // DST ends Sunday 2026-10-25 at 03:00 local → 02:00; 02:30 happens at 00:30Z and 01:30Z
    expect(zonedInstant(2026, 10, 25, 2, 30, tz)).toBe(Date.parse('2026-10-25T00:30:00Z'));
    expect(iso(lastDueBefore('30 2 * * *', tz, new Date('2026-10-25T01:45:00Z')))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(lastDueBefore('0 9 * * *', tz, new Date('2026-10-26T12:00:00Z')))).toBe('2026-10-26T08:00:00.000Z');
  });

  it('weekly and rare cron days', () => {
    // 2026-11-23 is a Monday
    expect(iso(lastDueBefore('0 9 * * 1', 'UTC', new Date('2026-11-25T00:00:00Z')))).toBe('2026-11-23T09:00:00.000Z');
    expect(iso(lastDueBefore('0 9 L * *', 'UTC', new Date('2026-11-25T00:00:00Z')))).toBe('2026-10-31T09:00:00.000Z');
    expect(iso(nextDueAfter('0 12 29 2 *', 'UTC', new Date('2026-03-01T00:00:00Z')))).toBe('2028-02-29T12:00:00.000Z');
    expect(iso(lastDueBefore('0 9 * * *', 'America/New_York', new Date('2026-11-23T13:00:00Z')))).toBe('2026-11-22T14:00:00.000Z');
  });
});
