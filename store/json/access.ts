// Before a start touches anything: may this process use the files of DATA_DIR, and is there room on its
// disk? Each problem is one sentence naming the file and what is missing; the start refuses with them and
// `check` reports the same words. Reads only.
import fs from 'node:fs/promises';
import { constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StoreUnavailableError } from '../types.ts';
import { JOURNAL_FILE } from './journal.ts';
import { LOCK_FILE } from './lock.ts';
import { SNAPSHOT_FILE } from './snapshot.ts';

/** The store may not use its files (permissions, immutable files, a full disk); nothing was changed. */
export class StoreAccessError extends StoreUnavailableError {
  override name = 'StoreAccessError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** A start needs at least this much free space on DATA_DIR's disk (LOCK, a few journal records). */
export const MIN_FREE_BYTES = 64 * 1024;

function whoAmI(): string {
  const uid = process.getuid?.();
  let name: string | undefined;
  try {
    name = os.userInfo().username;
  } catch {
    /* a uid without a passwd entry (containers) */
  }
  if (uid === undefined) return 'this process';
  return name ? `user ${name} (uid ${uid})` : `uid ${uid}`;
}

async function owner(file: string): Promise<string> {
  const st = await fs.stat(file).catch(() => undefined);
  return st ? `; owned by uid ${st.uid}, mode ${(st.mode & 0o777).toString(8).padStart(3, '0')}` : '';
}

async function denied(file: string, mode: number): Promise<string | undefined> {
  try {
    await fs.access(file, mode);
    return undefined;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code;
  }
}

const either = (words: string[]) => (words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)}` : words[0]);

interface Need {
  file: string;
  label: string;
  dir?: boolean;
  /** store.json is replaced by rename: the directory's permission counts, not its own (unless immutable) */
  replaced?: boolean;
}

/**
 * What keeps this process from using DATA_DIR `dir` (an existing directory): one sentence per problem.
 * EPERM on a write check means an immutable file (chattr +i), which even root may not change.
 */
export async function accessProblems(dir: string): Promise<string[]> {
  const problems: string[] = [];
  const needs: Need[] = [
    { file: dir, label: `DATA_DIR ${dir}`, dir: true },
    { file: path.join(dir, SNAPSHOT_FILE), label: path.join(dir, SNAPSHOT_FILE), replaced: true },
    { file: path.join(dir, JOURNAL_FILE), label: path.join(dir, JOURNAL_FILE) },
    { file: path.join(dir, LOCK_FILE), label: path.join(dir, LOCK_FILE) },
  ];
  for (const n of needs) {
    if ((await denied(n.file, constants.F_OK)) === 'ENOENT') continue; // made when needed
    const missing: string[] = [];
    if ((await denied(n.file, constants.R_OK)) === 'EACCES') missing.push(n.dir ? 'list' : 'read');
    const w = await denied(n.file, constants.W_OK);
    if (w === 'EROFS') {
      problems.push(`${n.label} is on a read-only file system (EROFS): claimdesk needs to write there`);
      break; // every file after it is on the same file system
    }
    if (w === 'EPERM') {
      const why = n.replaced ? 'claimdesk cannot replace it at checkpoints' : 'claimdesk cannot write it';
      problems.push(`${n.label} is immutable or append-only (EPERM even for root; \`lsattr\` shows it, \`chattr -i -a\` clears it): ${why}`);
    }
    if (w === 'EACCES' && !n.replaced) missing.push(n.dir ? 'create files in' : 'write');
    if (n.dir && (await denied(n.file, constants.X_OK)) === 'EACCES') missing.push('enter');
    if (missing.length) {
      const needed = n.dir ? 'read, write and execute permission on the directory' : n.replaced ? 'read permission' : 'read and write permission';
      problems.push(`${whoAmI()} may not ${either(missing)} ${n.label} (EACCES${await owner(n.file)}): claimdesk needs ${needed}`);
    }
  }
  return problems;
}

/** "The disk holding DATA_DIR is full" when less than MIN_FREE_BYTES are free there, else undefined. */
export async function diskFullProblem(dir: string): Promise<string | undefined> {
  const st = await fs.statfs(dir).catch(() => undefined);
  if (!st) return undefined;
  // root may use the blocks reserved for it; everyone else only what is available to users
  const free = (process.getuid?.() === 0 ? st.bfree : st.bavail) * st.bsize;
  if (free >= MIN_FREE_BYTES) return undefined;
  return diskFullSentence(dir, `${Math.floor(free / 1024)} KiB free`);
}

export function diskFullSentence(dir: string, detail: string): string {
  return `the disk holding DATA_DIR ${dir} is full (${detail}); free some space, then start claimdesk again`;
}

/** What would stop a start: the files claimdesk may not use, else a full disk (also `check`'s words). */
export async function usabilityProblems(dir: string): Promise<string[]> {
  const problems = await accessProblems(dir);
  const full = problems.length ? undefined : await diskFullProblem(dir);
  if (full) problems.push(full);
  return problems;
}

/** Refuse a start the files or the disk would not allow, before anything is written. */
export async function assertUsable(dir: string): Promise<void> {
  const problems = await usabilityProblems(dir);
  if (problems.length) throw new StoreAccessError(problems);
}
