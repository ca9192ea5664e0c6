// Single writer per DATA_DIR: an exclusive lock on the file LOCK, held by the kernel (an open-file-description
// lock through fcntl on Linux, flock on macOS; fs-native-extensions). The kernel drops it the moment the
// holder's descriptor closes, which also happens when it dies: a crashed bot (even a zombie nobody reaps)
// holds nothing, and two processes can never both hold it. What the file *says* (pid, host, since) is only
// information for the refusal message and the "taking over" warning.
import { closeSync, constants, fstatSync, ftruncateSync, openSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fsx from 'fs-native-extensions';
import type { Logger } from 'pino';
import { StoreLockedError } from '../types.ts';

export const LOCK_FILE = 'LOCK';

export interface LockInfo {
  pid: number;
  host?: string;
  at?: string;
}

/** Directories this process holds, so a second open in the same process gets a message of its own. */
const held = new Set<string>();

// `check` probes the lock for a moment (a shared lock, released at once); a start that meets that probe
// tries again a few times before it calls the store busy.
const BUSY_TRIES = 5;
const BUSY_WAIT_MS = 20;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tryLock(fd: number, shared = false): boolean {
  try {
    return fsx.tryLock(fd, { shared });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EACCES') return false; // POSIX allows EACCES for "held"
    throw err;
  }
}

function parseInfo(text: string): LockInfo | undefined {
  try {
    const o = JSON.parse(text) as LockInfo;
    if (Number.isSafeInteger(o.pid)) return o;
  } catch {
    /* an old or hand-written lock: a bare pid */
  }
  const pid = Number.parseInt(text, 10);
  return pid > 0 ? { pid } : undefined;
}

/** What LOCK says, if it says anything readable. */
export function readLockInfo(dir: string): LockInfo | undefined {
  try {
    return parseInfo(readFileSync(path.join(dir, LOCK_FILE), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Who holds DATA_DIR's lock now: their LockInfo (pid 0 when LOCK does not say), or undefined when nobody
 * does. Reads only; the probe is a shared lock taken and dropped at once, so it never blocks a holder.
 */
export function lockHolder(dir: string): LockInfo | undefined {
  let fd: number;
  try {
    fd = openSync(path.join(dir, LOCK_FILE), constants.O_RDONLY);
  } catch {
    return undefined; // no LOCK (or unreadable: then the store's own start says why)
  }
  try {
    if (tryLock(fd, true)) return undefined;
  } finally {
    closeSync(fd); // drops the probe's shared lock
  }
  return readLockInfo(dir) ?? { pid: 0 };
}

function describeHolder(info: LockInfo | undefined): string {
  if (!info?.pid) return '';
  const host = info.host && info.host !== os.hostname() ? ` on ${info.host}` : '';
  return ` (pid ${info.pid}${host}${info.at ? `, since ${info.at}` : ''})`;
}

export class DirLock {
  private constructor(
    private dir: string,
    private key: string,
    private fd: number,
  ) {}

  static async acquire(dir: string, log?: Logger): Promise<DirLock> {
    const key = realpathSync(dir);
    if (held.has(key)) {
      throw new StoreLockedError(`DATA_DIR ${dir} is already open in this process; open it once and share the store`);
    }
    const file = path.join(dir, LOCK_FILE);
    for (let busy = 0, replaced = 0; ; ) {
      const fd = openSync(file, constants.O_RDWR | constants.O_CREAT, 0o644);
      let locked: boolean;
      try {
        locked = tryLock(fd);
      } catch (err) {
        closeSync(fd);
        throw err;
      }
      if (!locked) {
        closeSync(fd);
        if (++busy < BUSY_TRIES) {
          await sleep(BUSY_WAIT_MS);
          continue;
        }
        // the holder writes its pid right after locking: give it a moment when LOCK is still empty
        let info = readLockInfo(dir);
        for (let i = 0; i < 5 && !info; i++) (await sleep(10), (info = readLockInfo(dir)));
        throw new StoreLockedError(
          `DATA_DIR ${dir} is in use by another claimdesk process${describeHolder(info)}. ` +
            `Only one process may write a store: stop the other one first.`,
        );
      }
      // A holder that lets go removes LOCK before closing it. If we locked that removed file, LOCK is
      // someone else's now (or gone): start over with the file that the name points at.
      const mine = fstatSync(fd);
      const named = statSync(file, { throwIfNoEntry: false });
      if (!named || named.ino !== mine.ino || named.dev !== mine.dev) {
        closeSync(fd);
        if (++replaced > 100) throw new StoreLockedError(`DATA_DIR ${dir}: could not take LOCK (another process keeps replacing it)`);
        continue;
      }
      let previous: LockInfo | undefined;
      try {
        previous = parseInfo(readFileSync(fd, 'utf8'));
        const info: LockInfo = { pid: process.pid, host: os.hostname(), at: new Date().toISOString() };
        ftruncateSync(fd, 0);
        writeSync(fd, JSON.stringify(info) + '\n', 0);
      } catch (err) {
        // e.g. ENOSPC: leave nothing behind (we hold the lock, so removing LOCK is ours to do)
        rmSync(file, { force: true });
        closeSync(fd);
        throw err;
      }
      held.add(key);
      // LOCK is removed by every clean release: one that names a process means that process did not let go.
      if (previous) log?.warn({ dataDir: dir, stalePid: previous.pid, since: previous.at }, 'store: taking over a stale LOCK left by a process that is gone');
      removeOldTemps(dir);
      return new DirLock(dir, key, fd);
    }
  }

  async release(): Promise<void> {
    if (!held.delete(this.key)) return;
    const file = path.join(this.dir, LOCK_FILE);
    try {
      // remove LOCK while still holding it (see acquire), and only if the name still points at our file
      const named = statSync(file, { throwIfNoEntry: false });
      const mine = fstatSync(this.fd);
      if (named && named.ino === mine.ino && named.dev === mine.dev) unlinkSync(file);
    } catch {
      /* the lock itself goes with the descriptor below */
    } finally {
      closeSync(this.fd);
    }
  }
}

/** LOCK.<pid>.tmp / LOCK.stale.<pid>.tmp of older versions, which took the lock by hard-linking a temp file. */
function removeOldTemps(dir: string): void {
  for (const f of readdirSync(dir)) {
    if (/^LOCK\.(?:stale\.)?\d+\.tmp$/.test(f)) rmSync(path.join(dir, f), { force: true });
  }
}
