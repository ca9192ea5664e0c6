// A disk that fills up, for real: DATA_DIR on a small tmpfs (mounting needs root, as the tests run here;
// skipped with the reason elsewhere). The bot stops cleanly with one line when the disk fills under it,
// and a start on a full disk says so and leaves nothing behind.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open.ts';
import { bot, tmpDir } from './run.ts';
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';

let mnt: string;
let mounted = '';
beforeEach(async () => {
  mnt = await tmpDir('claimdesk-tmpfs-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt], { encoding: 'utf8' });
  mounted = r.status === 0 ? mnt : '';
  if (!mounted) console.warn(`disk-full tests skipped: cannot mount a 1 MiB tmpfs here (${(r.stderr || r.error?.message || '').trim()})`);
});
afterEach(() => {
  if (mounted) spawnSync('umount', ['-l', mounted]);
});

/** Fill the file system with a filler file, then give back `leave` bytes. */
async function fill(leave: number): Promise<void> {
  const filler = path.join(mnt, 'filler');
  const fh = await fs.open(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) await fh.write(chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  }
  for (let c = 4096; c >= 1; c >>= 1) await fh.write(chunk.subarray(0, c)).catch(() => {}); // the last bits
  const { size } = await fh.stat();
  await fh.truncate(Math.max(0, size - leave));
  await fh.close();
}

const claimLine = (i: number) => `/claim add Claim ${i} ${randomBytes(6).toString('hex')}: ${'the harbour budget grew again '.repeat(60)}by: Jane Doe\n`;
const oneLiners = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('claimdesk: '));

describe('a full disk', { timeout: 120_000 }, () => {
  it('fills while the bot runs: it stops with one line, releases the LOCK, and every confirmed claim is on disk', async (ctx) => {
    if (!mounted) return ctx.skip('cannot mount a tmpfs here (needs root)');
    const dir = path.join(mnt, 'data');
    const first = await bot(dir, '/claim add The harbour opens in May by: Jane Doe\n', { CLAIMDESK_DEMO: '0' });
    expect(first.code, first.stderr).toBe(0);
    await fill(160 * 1024);
    const input = Array.from({ length: 200 }, (_, i) => claimLine(i + 2)).join('');
    const r = await bot(dir, input, { CLAIMDESK_DEMO: '0' });
    expect(r.stderr).not.toMatch(/Uncaught|triggerUncaughtException|^\s+at /m);
    expect(oneLiners(r.stderr), r.stderr).toEqual([
      `claimdesk: stopping: the disk holding DATA_DIR ${dir} is full (ENOSPC while writing journal.jsonl). ` +
        `Every change confirmed before this is on disk; free some space, then start claimdesk again.`,
    ]);
    expect(r.code).toBe(1);
    const confirmed = [...r.stdout.matchAll(/^Added (C\d+)/gm)].map((m) => m[1]);
    expect(confirmed.length).toBeGreaterThan(5);
    expect(confirmed.length).toBeLessThan(199); // it did stop
    // the command whose write failed is not told "nothing was changed": its line may or may not be on disk
    expect(r.stdout).toMatch(/could not confirm that this change was saved/);
    // (a command after that, refused before anything was written, is rightly told nothing was changed)
    expect(await fs.readdir(dir)).not.toContain('LOCK');
    await fs.rm(path.join(mnt, 'filler'));
    const store = await openStore(dir, LEDGER_SCHEMA);
    try {
      for (const id of ['C1', ...confirmed]) expect(store.get('claims', id), id).toBeDefined();
    } finally {
      await store.close();
    }
  });

  it('a start on a full disk says the disk holding DATA_DIR is full, and leaves nothing behind', async (ctx) => {
    if (!mounted) return ctx.skip('cannot mount a tmpfs here (needs root)');
    const dir = path.join(mnt, 'data');
    const first = await bot(dir, '/claim add The harbour opens in May by: Jane Doe\n', { CLAIMDESK_DEMO: '0' });
    expect(first.code, first.stderr).toBe(0);
    await fill(0);
    const before = (await fs.readdir(dir)).sort();
    const r = await bot(dir, '/claim status C1\n', { CLAIMDESK_DEMO: '0' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n'), r.stderr).toEqual([
      expect.stringMatching(new RegExp(`^claimdesk: the disk holding DATA_DIR ${dir} is full \\(\\d+ KiB free\\); free some space, then start claimdesk again$`)),
    ]);
    expect((await fs.readdir(dir)).sort()).toEqual(before);
  });
});
