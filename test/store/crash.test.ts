// Crash safety: a child process writes (4 concurrent writers, a checkpoint every 40 records) and is killed
// with SIGKILL at a random moment, 100+ times. After every kill the store must open and hold every
// acknowledged change exactly once, with each unit (a claim + the counter) all-or-nothing.
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonFileStore } from '../../store/json/json-store.ts';
import { removeDir, tempDir } from './helpers.ts';
import { bundleChild, runChild } from './spawn.ts';
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';

const CYCLES = 110;
let work: string;
let script: string;

beforeAll(async () => {
  work = await tempDir('claimdesk-crash-');
  script = await bundleChild(work);
});
afterAll(() => removeDir(work));

/** Open the store as the bot would after a crash and check the invariants; returns the number of claims. */
async function verify(dir: string, acked: Set<number>): Promise<number> {
  const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false });
  try {
    const k = store.get('claims', 'K')?.flagCount ?? 0;
    const numbered = store.all('claims').filter((c) => c.id !== 'K');
    // all-or-nothing units: as many claims as the counter says, numbered C1..Ck with no gap or duplicate
    expect(numbered.map((c) => c.id)).toEqual(Array.from({ length: k }, (_, i) => `C${i + 1}`));
    // each unit applied exactly once and in order: claim Cn saw the counter at n
    numbered.forEach((c, i) => expect(c.flagCount).toBe(i + 1));
    // every acknowledged write survived
    const lost = [...acked].filter((n) => n > k);
    expect(lost, 'acknowledged claims lost after kill -9').toEqual([]);
    return k;
  } finally {
    await store.close();
  }
}

describe('crash safety (kill -9 while writing)', () => {
  it(`keeps every acknowledged change, exactly once, over ${CYCLES} kills`, { timeout: 240_000 }, async () => {
    const dir = await tempDir('claimdesk-crash-data-');
    const acked = new Set<number>();
    let killedWhileWriting = 0;
    let killedBeforeReady = 0;
    let claims = 0;
    try {
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const writes = 1 + Math.floor(Math.random() * 60);
        const child = runChild(script, ['crash', dir, String(writes)]);
        if (cycle % 10 === 9) {
          // now and then kill during recovery (taking over the lock, cutting a tail, opening the journal)
          await child.waitFor(/^opening$/);
          await new Promise((r) => setTimeout(r, Math.random() * 8));
        } else {
          // right after start, or once writes are flowing (whatever the machine's load)
          await child.waitFor(cycle % 3 === 0 ? /^ready$/ : /^(a \d+|done)$/);
          await new Promise((r) => setTimeout(r, Math.random() * 25));
        }
        const wasReady = child.lines.includes('ready');
        const wasDone = child.lines.includes('done');
        child.proc.kill('SIGKILL');
        await child.exited;
        if (!wasReady) killedBeforeReady++;
        else if (!wasDone) killedWhileWriting++;
        for (const l of child.lines) if (l.startsWith('a ')) acked.add(Number(l.slice(2)));
        const lockLeft = await fs.stat(`${dir}/LOCK`).then(() => true, () => false);
        if (wasReady) expect(lockLeft).toBe(true); // a real crash: the stale lock must be taken over
        const k = await verify(dir, acked);
        expect(k).toBeGreaterThanOrEqual(claims); // nothing that was there before disappears
        claims = k;
      }
    } finally {
      await removeDir(dir);
    }
    // the test is only meaningful if kills really landed mid-write
    expect(killedWhileWriting).toBeGreaterThan(CYCLES / 4);
    expect(acked.size).toBeGreaterThan(CYCLES / 2);
    console.log(`crash test: ${CYCLES} kills (${killedWhileWriting} mid-write, ${killedBeforeReady} during start), ${acked.size} acknowledged writes, ${claims} claims`);
  });
});

describe('crash safety (kill -9 during a background checkpoint)', () => {
  it('keeps every acknowledged change exactly once when killed while the snapshot is being written', { timeout: 240_000 }, async () => {
    const dir = await tempDir('claimdesk-crash-cp-');
    const acked = new Set<number>();
    let killedInCheckpoint = 0;
    let claims = 0;
    const cycles = 40;
    try {
      for (let cycle = 0; cycle < cycles; cycle++) {
        const child = runChild(script, ['bigcrash', dir, String(30 + Math.floor(Math.random() * 60))]);
        // kill once a checkpoint is under way (most cycles), now and then at a random moment of writing
        await child.waitFor(cycle % 4 === 3 ? /^(a \d+|done)$/ : /^(cp start|done)$/);
        await new Promise((r) => setTimeout(r, Math.random() * 30));
        const cps = child.lines.filter((l) => l.startsWith('cp '));
        if (cps.at(-1) === 'cp start') killedInCheckpoint++;
        child.proc.kill('SIGKILL');
        await child.exited;
        for (const l of child.lines) if (l.startsWith('a ')) acked.add(Number(l.slice(2)));
        const k = await verify(dir, acked);
        expect(k).toBeGreaterThanOrEqual(claims);
        claims = k;
        const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false });
        expect(store.count('actors')).toBe(4000); // the ballast unit, never half there
        await store.close();
      }
    } finally {
      await removeDir(dir);
    }
    expect(killedInCheckpoint).toBeGreaterThan(cycles / 4);
    console.log(`crash test (background checkpoint): ${cycles} kills (${killedInCheckpoint} while a snapshot was being written), ${acked.size} acknowledged writes, ${claims} claims`);
  });
});
