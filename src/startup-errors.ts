// One-paragraph explanations of why the bot or the CLI cannot start, for stderr (shared by main.ts and cli.ts).
import path from 'node:path';
import { ZodError } from 'zod';

export function describeStartupError(err: unknown, dataDir?: string): string {
  if (err instanceof ZodError) {
    const lines = err.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`);
    return `bad configuration (check your environment and .env):\n${lines.join('\n')}`;
  }
  const name = err instanceof Error ? err.name : '';
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'StoreCorruptError') {
    return (
      `the store in ${dataDir ?? 'DATA_DIR'} is damaged, so claimdesk did not open it (nothing was changed):\n` +
      `  ${message}\n` +
      `Run \`npm run cli -- check\` for a full report; restore the directory from a backup or point DATA_DIR elsewhere.`
    );
  }
  if (name === 'StoreLockedError') {
    return message; // the store names the directory, the other process and what to do
  }
  if (name === 'StoreAccessError') {
    const problems = (err as { problems?: string[] }).problems ?? [message];
    if (problems.length === 1 && /^the disk holding DATA_DIR/.test(problems[0])) return problems[0];
    return (
      `the store in DATA_DIR ${dataDir ?? ''} cannot be opened, so claimdesk did not start (nothing was changed):\n` +
      problems.map((p) => `  ${p}\n`).join('') +
      `\`npm run cli -- check\` reports the same.`
    );
  }
  if (name === 'StoreUnavailableError') return `the store in ${dataDir ?? 'DATA_DIR'} cannot be used: ${message}`;
  // DATA_DIR (or a folder on its path) is an ordinary file: mkdir says EEXIST / ENOTDIR, which explains nothing
  const fsErr = (err ?? {}) as { code?: string; path?: string };
  const inDataDir = !!dataDir && typeof fsErr.path === 'string' && path.resolve(fsErr.path).startsWith(path.resolve(dataDir));
  if (inDataDir && (fsErr.code === 'EEXIST' || fsErr.code === 'ENOTDIR')) {
    return `DATA_DIR ${dataDir} is not a directory (a file is in the way); point DATA_DIR at a directory (${message})`;
  }
  if (dataDir && (fsErr.code === 'ENOSPC' || fsErr.code === 'EDQUOT')) {
    return `the disk holding DATA_DIR ${dataDir} is full (${doing(err)}); free some space, then start claimdesk again`;
  }
  if (typeof fsErr.path === 'string' && (fsErr.code === 'EACCES' || fsErr.code === 'EPERM' || fsErr.code === 'EROFS')) {
    return `claimdesk may not use ${fsErr.path} (${doing(err)}): check its owner, mode and attributes; \`npm run cli -- check\` names what is missing`;
  }
  return message;
}

/** "ENOSPC while writing journal.jsonl" from a Node fs error (or the error it caused). */
function doing(err: unknown): string {
  const e = (err ?? {}) as { code?: string; syscall?: string; path?: string; cause?: unknown };
  if (!e.code && e.cause) return doing(e.cause);
  const verbs: Record<string, string> = { open: 'opening', mkdir: 'creating', read: 'reading', rename: 'renaming', fsync: 'syncing', ftruncate: 'truncating', unlink: 'removing' };
  const verb = verbs[e.syscall ?? ''] ?? 'writing';
  return `${e.code ?? 'error'} while ${verb}${e.path ? ` ${path.basename(e.path)}` : ''}`;
}

/**
 * The bot's one line when its store stops accepting writes while it runs (a journal write or sync failed):
 * what happened and what to do. Every write confirmed before it is on disk.
 */
export function describeStoreFailure(err: unknown, dataDir: string): string {
  const cause = (err as { cause?: NodeJS.ErrnoException })?.cause;
  const code = cause?.code ?? (err as NodeJS.ErrnoException)?.code;
  const after = 'Every change confirmed before this is on disk;';
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return `stopping: the disk holding DATA_DIR ${dataDir} is full (${code} while writing journal.jsonl). ${after} free some space, then start claimdesk again.`;
  }
  return `stopping: writing journal.jsonl in DATA_DIR ${dataDir} failed (${code ?? (err instanceof Error ? err.message : String(err))}). ${after} check the disk, then start claimdesk again.`;
}
