// Single writer per DATA_DIR: a LOCK file holding the owner's pid (and, on Linux, its start time so a
// recycled pid is not mistaken for the owner). A live owner → StoreLockedError at once; a dead one → the
// lock is stale (a crash), taken over and logged.
import fs from 'node:fs/promises';
import { readFileSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { StoreLockedError } from '../types.ts';

export const LOCK_FILE = 'LOCK';

interface LockInfo {
  pid: number;
  start?: string;
  host?: string;
  at?: string;
}

/** Directories this process holds, so a second open in the same process is refused too. */
const held = new Set<string>();

export function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // field 22 (starttime) counted after the ")" that ends the command name
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Is the process that wrote this lock (of `dir`) still running? */
export function ownerAlive(info: LockInfo, dir?: string): boolean {
  // our own pid: this process holds it if it opened the dir, else a previous life (containers reuse pid 1)
  if (info.pid === process.pid) return dir !== undefined && held.has(realpathSync(dir));
  if (!Number.isSafeInteger(info.pid) || info.pid <= 0) return false; // empty or garbage LOCK: nobody owns it
  try {
    process.kill(info.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = procStart(info.pid);
  return !(info.start && start && start !== info.start);
}

export async function readLock(dir: string, file = path.join(dir, LOCK_FILE)): Promise<LockInfo | undefined> {
  try {
    const text = await fs.readFile(file, 'utf8');
    try {
      const o = JSON.parse(text) as LockInfo;
      if (Number.isSafeInteger(o.pid)) return o;
    } catch {
      /* an old or hand-written lock: a bare pid */
    }
    return { pid: Number.parseInt(text, 10) || 0 };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export class DirLock {
  private constructor(
    private dir: string,
    private key: string,
  ) {}

  static async acquire(dir: string, log?: Logger): Promise<DirLock> {
    const key = await fs.realpath(dir);
    if (held.has(key)) {
      throw new StoreLockedError(`DATA_DIR ${dir} is already open in this process; open it once and share the store`);
    }
    const file = path.join(dir, LOCK_FILE);
    const mine: LockInfo = { pid: process.pid, start: procStart(process.pid), host: os.hostname(), at: new Date().toISOString() };
    // The LOCK appears complete or not at all: written and synced under a private name, then hard-linked
    // into place (link fails if LOCK exists). A crash can leave our temp file, never a half-written LOCK.
    const tmp = path.join(dir, `${LOCK_FILE}.${process.pid}.tmp`);
    const fh = await fs.open(tmp, 'w');
    try {
      await fh.writeFile(JSON.stringify(mine) + '\n');
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await fs.link(tmp, file);
          held.add(key);
          await removeStaleTemps(dir);
          return new DirLock(dir, key);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        }
        const owner = await readLock(dir);
        if (!owner) continue; // released meanwhile
        if (ownerAlive(owner)) {
          throw new StoreLockedError(
            `DATA_DIR ${dir} is in use by another claimdesk process (pid ${owner.pid}${owner.at ? `, since ${owner.at}` : ''}). ` +
              `Only one process may write a store: stop the other one first.`,
          );
        }
        log?.warn({ dataDir: dir, stalePid: owner.pid, since: owner.at }, 'store: taking over a stale LOCK left by a process that is gone');
        // Move the stale lock aside atomically; if another process took it over in between, put theirs back.
        const aside = path.join(dir, `${LOCK_FILE}.stale.${process.pid}.tmp`);
        try {
          await fs.rename(file, aside);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
          throw err;
        }
        const moved = await readLock(dir, aside);
        if (moved && ownerAlive(moved)) await fs.link(aside, file).catch(() => {});
        await fs.rm(aside, { force: true });
      }
      throw new StoreLockedError(`DATA_DIR ${dir}: could not take the LOCK file (another process keeps taking it)`);
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  async release(): Promise<void> {
    held.delete(this.key);
    const owner = await readLock(this.dir).catch(() => undefined);
    if (owner?.pid === process.pid) await fs.rm(path.join(this.dir, LOCK_FILE), { force: true });
  }
}

/** Temp files of lock attempts by processes that are gone (killed between writing and linking). */
async function removeStaleTemps(dir: string): Promise<void> {
  for (const f of await fs.readdir(dir)) {
    const m = /^LOCK\.(?:stale\.)?(\d+)\.tmp$/.exec(f);
    if (m && Number(m[1]) !== process.pid && !ownerAlive({ pid: Number(m[1]) })) {
      await fs.rm(path.join(dir, f), { force: true });
    }
  }
}
