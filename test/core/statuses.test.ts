import { describe, expect, it } from 'vitest';
import { parseStatus, STATUS_META } from '../../src/core/statuses.ts';
import { STATUSES } from '../../src/core/types.ts';
import { SLACK_STATUS_EMOJI } from '../../src/platforms/slack/render.ts';

describe('parseStatus', () => {
  it.each([
    ['Mostly False', 'mostly_false'],
    ['mostly-false', 'mostly_false'],
    ['MOSTLY_FALSE', 'mostly_false'],
    ['  mostly   false ', 'mostly_false'],
    ['in review', 'in_review'],
    ['In-Review', 'in_review'],
    ['“false”', 'false'],
    ['"true"', 'true'],
    ['‘misleading’', 'misleading'],
    ['Unverified', 'unverified'],
    ['retracted', 'retracted'],
    ['mostlyfalse', 'mostly_false'],
    ['InReview', 'in_review'],
  ])('%s → %s', (input, want) => {
    expect(parseStatus(input)).toBe(want);
  });

  it.each(['', 'bogus', 'falsey', 'mostly', 'true false', 'in_review_now', '__proto__', 'constructor'])('%s is not a status', (input) => {
    expect(parseStatus(input)).toBeUndefined();
  });

  it('accepts every status word as written in the spec', () => {
    for (const s of STATUSES) expect(parseStatus(s)).toBe(s);
  });
});

describe('STATUS_META', () => {
  it('describes every status for every renderer', () => {
    for (const s of STATUSES) {
      const m = STATUS_META[s];
      expect(m.label.length).toBeGreaterThan(0);
      expect(m.emoji.length).toBeGreaterThan(0);
      expect(SLACK_STATUS_EMOJI[s]).toMatch(/^:[a-z0-9_+-]+:$/);
      expect(m.color).toBeGreaterThanOrEqual(0);
      expect(m.color).toBeLessThanOrEqual(0xffffff);
    }
  });

  it('marks the rated verdicts, not the workflow states', () => {
    const verdicts = STATUSES.filter((s) => STATUS_META[s].verdict);
    expect(verdicts).toEqual(['true', 'mostly_true', 'mixed', 'misleading', 'mostly_false', 'false', 'unsupported']);
  });

  it('gives false and true different colours', () => {
    expect(STATUS_META.false.color).not.toBe(STATUS_META.true.color);
  });
});
