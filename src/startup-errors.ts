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
  if (name === 'StoreUnavailableError') return `the store in ${dataDir ?? 'DATA_DIR'} cannot be used: ${message}`;
  // DATA_DIR (or a folder on its path) is an ordinary file: mkdir says EEXIST / ENOTDIR, which explains nothing
  const fsErr = (err ?? {}) as { code?: string; path?: string };
  const inDataDir = !!dataDir && typeof fsErr.path === 'string' && path.resolve(fsErr.path).startsWith(path.resolve(dataDir));
  if (inDataDir && (fsErr.code === 'EEXIST' || fsErr.code === 'ENOTDIR')) {
    return `DATA_DIR ${dataDir} is not a directory (a file is in the way); point DATA_DIR at a directory (${message})`;
  }
  return message;
}
