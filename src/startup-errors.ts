// One-paragraph explanations of why the bot or the CLI cannot start, for stderr (shared by main.ts and cli.ts).
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
  return message;
}
