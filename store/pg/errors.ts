// How the PostgreSQL store tells a lost race from a lost connection, and what it answers for the latter.
import { StoreUnavailableError } from '../types.ts';
import { ident } from './schema.ts';

/** SQLSTATE raised by claimdesk_commit when another instance changed what a write was based on */
export const CONFLICT = 'CD001';

/** Errors on which the outcome of a commit is unknown: the connection died, not the transaction. */
export const isConnectionError = (err: unknown): boolean => {
  const code = (err as { code?: string })?.code ?? '';
  return !/^[0-9A-Z]{5}$/.test(code) || code.startsWith('08') || code.startsWith('57P');
};

export function searchPath(schema: string): string {
  return `-c search_path=${ident(schema)}`;
}

export function unavailable(err: unknown): StoreUnavailableError {
  const msg = (err as Error)?.message || String(err);
  const e = new StoreUnavailableError(`the database cannot be used right now: ${msg}`);
  (e as { cause?: unknown }).cause = err;
  return e;
}
