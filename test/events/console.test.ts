// The event engine through the console platform: src/main.ts as a child process, commands on stdin.
import { describe, expect, it } from 'vitest';
import { bot, tmpDir } from '../cli/run.ts';

const count = (s: string, re: RegExp) => (s.match(new RegExp(re.source, 'g')) ?? []).length;

describe('events on the console platform', { timeout: 120_000 }, () => {
  it('/react flags a message: thread answer and alert; again: no new claim; a restart keeps the thread', async () => {
    const dir = await tmpDir('claimdesk-events-');
    const r1 = await bot(dir, ['/claim watch all', 'Stephen Miller said the border wall is finished', '/react 1 triangular_flag_on_post', '/react 1 :triangular_flag_on_post:', '/claim list', ''].join('\n'));
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.stdout).toMatch(/── #console · in thread of message #1 ──\nFiled as C6 \(unverified\), claimant Stephen Miller/);
    expect(r1.stdout).toMatch(/── #console ──\nNew claim flagged: C6/);
    expect(count(r1.stdout, /Filed as C6/)).toBe(1);
    expect(r1.stdout).not.toMatch(/\bC7\b/);

    // restart: the status change is alerted in the thread of the flag alert posted before the restart
    const r2 = await bot(dir, ['/claim set C6 false note: no such thing', '/claim watch', ''].join('\n'));
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stdout).toMatch(/── #console · in thread of [^\n]+ ──\nC6 is now False \(was Unverified\)/);
    expect(count(r2.stdout, /New claim flagged/)).toBe(0); // delivered before the restart: not sent again
    expect(r2.stdout).toMatch(/all claims: every change/);
  });

  it('digest commands: schedule, bad zone, now', async () => {
    const dir = await tmpDir('claimdesk-events-');
    const r = await bot(dir, ['/claim digest weekly mon 09:00 tz: Europe/Berlin', '/claim digest daily 09:00 tz: Moon/Base', '/claim set C5 in review', '/claim digest now', '/claim digest off', ''].join('\n'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/#console gets a digest weekly mon 09:00 \(Europe\/Berlin\)\. Next: Mon \d+ \w+ 09:00 \(Europe\/Berlin\)\./);
    expect(r.stdout).toMatch(/"Moon\/Base" is not a time zone/);
    expect(r.stdout).toMatch(/usage: \/claim digest/);
    expect(r.stdout).toMatch(/Digest since [\s\S]*C5 · Unverified → In review/);
    expect(r.stdout).toMatch(/Digest off for #console/);
  });
});
