// Single writer across processes (LOCK), stale locks, and a disk that stops taking writes (EFBIG from a
// real `ulimit -f` in a child process): the store refuses further writes instead of pretending.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkStore } from '../../store/check.ts';
import { claim } from './contract/fixtures.ts';
import { JsonFileStore } from '../../store/json/json-store.ts';
import { StoreLockedError, LEDGER_SCHEMA } from '../../src/core/store-port.ts';
import { removeDir, tempDir } from './helpers.ts';
import { bundleChild, runChild } from './spawn.ts';

let work: string;
let script: string;
let dir: string;
beforeAll(async () => {
  work = await tempDir('claimdesk-proc-');
  script = await bundleChild(work);
});
afterAll(() => removeDir(work));
beforeEach(async () => (dir = await tempDir()));
afterEach(() => removeDir(dir));

const lockFile = () => path.join(dir, 'LOCK');
const readLock = async () => JSON.parse(await fs.readFile(lockFile(), 'utf8')) as { pid: number };
/** The pid of a process that has exited. */
const deadPid = () => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());

async function until(ok: () => boolean, what: () => string, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !ok(); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() > end) throw new Error(`timed out: ${what()}`);
  }
}

describe('single writer', () => {
  it('a second process on the same DATA_DIR is refused at once with a clear message', async () => {
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA);
    try {
      const child = runChild(script, ['open', dir]);
      const line = await child.waitFor(/^(ok|err)/);
      expect(line).toMatch(new RegExp(`^err StoreLockedError DATA_DIR .* is in use by another claimdesk process \\(pid ${process.pid}`));
      expect(await child.exited).toBe(0);
      expect((await readLock()).pid).toBe(process.pid); // our lock is untouched
      expect((await checkStore(dir, LEDGER_SCHEMA)).stats.lockedBy).toBe(process.pid);
    } finally {
      await store.close();
    }
    // released on close: the other process may now open it
    await expect(fs.stat(lockFile())).rejects.toThrow();
    const child = runChild(script, ['open', dir]);
    expect(await child.waitFor(/^(ok|err)/)).toBe('ok 0');
  });

  it('a second open in the same process is refused too', async () => {
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA);
    await expect(JsonFileStore.open(dir, LEDGER_SCHEMA)).rejects.toBeInstanceOf(StoreLockedError);
    await store.close();
    const again = await JsonFileStore.open(dir, LEDGER_SCHEMA);
    await again.close();
  });

  it('a stale LOCK of a dead process is taken over and logged', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    await fs.writeFile(lockFile(), JSON.stringify({ pid: Number(dead), at: '2026-01-01T00:00:00Z' }));
    const logs: { msg: string; stalePid?: number }[] = [];
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { log: pino({}, { write: (s: string) => void logs.push(JSON.parse(s)) }) });
    expect((await readLock()).pid).toBe(process.pid);
    expect(logs.find((l) => /stale LOCK/.test(l.msg))?.stalePid).toBe(Number(dead));
    await store.close();
  });

  it('an empty or garbage LOCK (a crash while it was created) is taken over; leftover lock temp files go', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    await fs.writeFile(path.join(dir, `LOCK.${dead}.tmp`), '{"pid":');
    for (const content of ['', 'garbage', '{"pid":-1}']) {
      await fs.writeFile(lockFile(), content);
      const store = await JsonFileStore.open(dir, LEDGER_SCHEMA);
      expect((await readLock()).pid).toBe(process.pid);
      await store.close();
    }
    expect(await fs.readdir(dir)).not.toContain(`LOCK.${dead}.tmp`);
  });

  it('a LOCK naming a live process that holds no lock (a reused pid, a previous life as pid 1) is taken over', async () => {
    // only the kernel lock counts: the LOCK file's pid is information for the refusal message
    for (const pid of [process.ppid, process.pid]) {
      await fs.writeFile(lockFile(), JSON.stringify({ pid, host: os.hostname(), at: '2026-01-01T00:00:00Z' }));
      const store = await JsonFileStore.open(dir, LEDGER_SCHEMA);
      expect((await readLock()).pid).toBe(process.pid);
      await store.close();
    }
  });
});

describe('the lock is held by the kernel', () => {
  it('4 processes × 50 starts on a stale LOCK: exactly one winner each time', { timeout: 180_000 }, async () => {
    const kids = Array.from({ length: 4 }, () => runChild(script, ['race', dir], { stdin: true }));
    try {
      await Promise.all(kids.map((k) => k.waitFor(/^ready$/)));
      const stale = JSON.stringify({ pid: deadPid(), host: os.hostname(), at: '2026-01-01T00:00:00Z' });
      for (let round = 1; round <= 50; round++) {
        await fs.writeFile(lockFile(), stale);
        for (const k of kids) k.send(`go ${round}`);
        const results = await Promise.all(kids.map((k) => k.waitFor(new RegExp(`^(ok|err) ${round}( |$)`))));
        const winners = results.filter((r) => r.startsWith('ok'));
        expect(winners, `round ${round}: ${results.join(' | ')}`).toHaveLength(1);
        for (const r of results.filter((l) => l.startsWith('err'))) expect(r).toMatch(/StoreLockedError DATA_DIR .* is in use by another claimdesk process \(pid \d+/);
        for (const k of kids) k.send(`release ${round}`);
        await Promise.all(kids.map((k) => k.waitFor(new RegExp(`^released ${round}$`))));
      }
    } finally {
      for (const k of kids) k.proc.stdin!.end();
      await Promise.all(kids.map((k) => k.exited));
    }
  });

  it('a restart 50 ms after kill -9 of the holder starts', async () => {
    const holder = runChild(script, ['hold', dir]);
    expect(await holder.waitFor(/^(ok|err)/)).toBe('ok 0');
    holder.proc.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 50));
    const restart = runChild(script, ['open', dir]);
    expect(await restart.waitFor(/^(ok|err)/)).toBe('ok 0');
    await holder.exited;
  });

  it('a holder that is a zombie under a parent that never reaps does not block', async (ctx) => {
    if (spawnSync('perl', ['-v']).status !== 0) return ctx.skip('perl is not installed (it plays the parent that never calls wait())');
    // perl forks the holder and sleeps without ever calling wait(): after kill -9 the holder stays a zombie
    const parent = spawn('perl', ['-e', '$| = 1; my $p = fork; if ($p == 0) { exec @ARGV } print "pid $p\n"; sleep 600', process.execPath, script, 'hold', dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let out = '';
      parent.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      await until(() => /^ok 0$/m.test(out) && /^pid \d+$/m.test(out), () => out);
      const pid = Number(/^pid (\d+)$/m.exec(out)![1]);
      process.kill(pid, 'SIGKILL');
      await until(() => /^\S+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8')), () => 'holder never became a zombie');
      process.kill(pid, 0); // still "there": a zombie answers signal 0
      const store = await JsonFileStore.open(dir, LEDGER_SCHEMA);
      expect((await readLock()).pid).toBe(process.pid);
      await store.close();
    } finally {
      parent.kill('SIGKILL');
    }
  });
});

describe('check on a live store', () => {
  it('reports OK while the store writes and checkpoints underneath it, and changes nothing', async () => {
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { maxJournalRecords: 1 });
    let writing = true;
    const writer = (async () => {
      for (let i = 1; writing; i++) await store.write((tx) => tx.put('claims', claim(`C${i}`, 'a')));
    })();
    try {
      for (let i = 0; i < 60; i++) {
        const r = await checkStore(dir, LEDGER_SCHEMA);
        expect(r.problems).toEqual([]);
        expect(r.ok).toBe(true);
      }
    } finally {
      writing = false;
      await writer;
      await store.close();
    }
  });
});

describe('write failures (a real EFBIG from `ulimit -f`)', () => {
  it('the store stops acknowledging, refuses later writes, and a restart recovers every acknowledged change', async () => {
    const child = runChild(script, ['fill', dir], { ulimitFileKb: 48 });
    await child.waitFor(/^after /);
    await child.exited;
    const acked = child.lines.filter((l) => l.startsWith('a ')).map((l) => Number(l.slice(2)));
    const err = child.lines.find((l) => l.startsWith('err '))!;
    expect(acked.length).toBeGreaterThan(20);
    expect(err).toMatch(/^err StoreWriteUnconfirmedError the store stopped accepting writes: writing journal\.jsonl failed \(EFBIG\)/);
    expect(child.lines).toContain('after StoreUnavailableError');

    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA);
    const k = store.get('claims', 'K')!.flagCount;
    expect(k).toBe(acked.length); // the failed write was never acknowledged and did not half-land
    expect(store.all('claims').filter((c) => c.id !== 'K')).toHaveLength(k);
    // and the store works again once the disk does
    await store.write((tx) => tx.put('claims', claim(`C${tx.nextId('claim')}`, 'ann')));
    expect(store.count('claims')).toBe(k + 2);
    await store.close();
  });
});
