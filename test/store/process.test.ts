// Single writer across processes (LOCK), stale locks, and a disk that stops taking writes (EFBIG from a
// real `ulimit -f` in a child process): the store refuses further writes instead of pretending.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkStore } from '../../store/check.ts';
import { claim } from '../../store/contract-fixtures.ts';
import { JsonFileStore } from '../../store/json/json-store.ts';
import { procStart } from '../../store/json/lock.ts';
import { StoreLockedError } from '../../store/types.ts';
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

describe('single writer', () => {
  it('a second process on the same DATA_DIR is refused at once with a clear message', async () => {
    const store = await JsonFileStore.open(dir);
    try {
      const child = runChild(script, ['open', dir]);
      const line = await child.waitFor(/^(ok|err)/);
      expect(line).toMatch(new RegExp(`^err StoreLockedError DATA_DIR .* is in use by another claimdesk process \\(pid ${process.pid}`));
      expect(await child.exited).toBe(0);
      expect((await readLock()).pid).toBe(process.pid); // our lock is untouched
      expect((await checkStore(dir)).stats.lockedBy).toBe(process.pid);
    } finally {
      await store.close();
    }
    // released on close: the other process may now open it
    await expect(fs.stat(lockFile())).rejects.toThrow();
    const child = runChild(script, ['open', dir]);
    expect(await child.waitFor(/^(ok|err)/)).toBe('ok 0');
  });

  it('a second open in the same process is refused too', async () => {
    const store = await JsonFileStore.open(dir);
    await expect(JsonFileStore.open(dir)).rejects.toBeInstanceOf(StoreLockedError);
    await store.close();
    const again = await JsonFileStore.open(dir);
    await again.close();
  });

  it('a stale LOCK of a dead process is taken over and logged', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    await fs.writeFile(lockFile(), JSON.stringify({ pid: Number(dead), at: '2026-01-01T00:00:00Z' }));
    const logs: { msg: string; stalePid?: number }[] = [];
    const store = await JsonFileStore.open(dir, { log: pino({}, { write: (s: string) => void logs.push(JSON.parse(s)) }) });
    expect((await readLock()).pid).toBe(process.pid);
    expect(logs.find((l) => /stale LOCK/.test(l.msg))?.stalePid).toBe(Number(dead));
    await store.close();
  });

  it('an empty or garbage LOCK (a crash while it was created) is taken over; leftover lock temp files go', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    await fs.writeFile(path.join(dir, `LOCK.${dead}.tmp`), '{"pid":');
    for (const content of ['', 'garbage', '{"pid":-1}']) {
      await fs.writeFile(lockFile(), content);
      const store = await JsonFileStore.open(dir);
      expect((await readLock()).pid).toBe(process.pid);
      await store.close();
    }
    expect(await fs.readdir(dir)).not.toContain(`LOCK.${dead}.tmp`);
  });

  it('a LOCK whose pid now belongs to another (younger) process is stale too', async () => {
    // our parent is alive, but it is not the process that wrote this lock: its start time differs
    expect(procStart(process.ppid)).toBeDefined();
    await fs.writeFile(lockFile(), JSON.stringify({ pid: process.ppid, start: '1' }));
    const store = await JsonFileStore.open(dir);
    expect((await readLock()).pid).toBe(process.pid);
    await store.close();
  });

  it('a LOCK of a live process with the same start time is respected', async () => {
    await fs.writeFile(lockFile(), JSON.stringify({ pid: process.ppid, start: procStart(process.ppid) }));
    await expect(JsonFileStore.open(dir)).rejects.toThrow(new RegExp(`pid ${process.ppid}`));
    expect((await readLock()).pid).toBe(process.ppid);
  });
});

describe('check on a live store', () => {
  it('reports OK while the store writes and checkpoints underneath it, and changes nothing', async () => {
    const store = await JsonFileStore.open(dir, { maxJournalRecords: 1 });
    let writing = true;
    const writer = (async () => {
      for (let i = 1; writing; i++) await store.write((tx) => tx.put('claims', claim(`C${i}`, 'a')));
    })();
    try {
      for (let i = 0; i < 60; i++) {
        const r = await checkStore(dir);
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
    expect(err).toMatch(/^err StoreUnavailableError the store stopped accepting writes: writing journal\.jsonl failed \(EFBIG\)/);
    expect(child.lines).toContain('after StoreUnavailableError');

    const store = await JsonFileStore.open(dir);
    const k = store.get('claims', 'K')!.flagCount;
    expect(k).toBe(acked.length); // the failed write was never acknowledged and did not half-land
    expect(store.all('claims').filter((c) => c.id !== 'K')).toHaveLength(k);
    // and the store works again once the disk does
    await store.write((tx) => tx.put('claims', claim(`C${tx.nextId('claim')}`, 'ann')));
    expect(store.count('claims')).toBe(k + 2);
    await store.close();
  });
});
