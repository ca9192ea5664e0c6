// describe() for tests that need a PostgreSQL server: skipped with one line when there is none, a failure
// when PostgreSQL is required (CI). Gives each file its own database.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTestDatabase, missingReason, pgRequired, serverUrl } from './postgres.ts';

export const hasPg = (): boolean => !!serverUrl();

/** A suite with its own database: `db.url` is set once beforeAll has run. */
export function describePg(name: string, body: (db: { url: string }) => void): void {
  if (!hasPg()) {
    if (pgRequired()) {
      describe(name, () => it('needs a PostgreSQL server', () => {
        throw new Error(`PostgreSQL is required (CI) but missing: ${missingReason()}`);
      }));
      return;
    }
    console.log(`skipping "${name}": ${missingReason()}`);
    describe.skip(name, () => body({ url: '' }));
    return;
  }
  describe(name, () => {
    const db = { url: '' };
    let drop: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      const d = await createTestDatabase();
      db.url = d.url;
      drop = d.drop;
    });
    afterAll(async () => drop?.());
    body(db);
  });
}

/** Wait until check() is true; returns how long it took. */
export async function until(check: () => boolean, ms = 5000): Promise<number> {
  const t0 = performance.now();
  while (!check()) {
    if (performance.now() - t0 > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
  return performance.now() - t0;
}
