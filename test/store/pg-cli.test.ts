// Moving a newsroom: `export` from the JSON store, `import` into PostgreSQL (DATABASE_URL), then `check`,
// `export` and the bot itself on PostgreSQL — all through the real CLI and bot processes.
import fs from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { bot, cli } from '../cli/run.ts';
import { describePg } from '../support/pg-test.ts';
import { removeDir, tempDir } from './helpers.ts';

describePg('moving a newsroom from the JSON store to PostgreSQL', (db) => {
  it('export from JSON, import into PostgreSQL: the same ledger; check, export and the bot work on it', async () => {
    const dir = await tempDir();
    try {
      expect((await cli(dir, ['demo'])).code).toBe(0);
      const fromJson = await cli(dir, ['export']);
      expect(fromJson.code).toBe(0);
      const file = path.join(dir, 'newsroom.json');
      await fs.writeFile(file, fromJson.stdout);
      const pgEnv = { DATABASE_URL: db.url };

      const empty = await cli(dir, ['check'], pgEnv);
      expect(empty.code).toBe(0);
      expect(empty.stdout).toMatch(/OK/);

      const imported = await cli(dir, ['import', file], pgEnv);
      expect(imported.stderr).toBe('');
      expect(imported.stdout).toMatch(/^Imported \d+ actors, \d+ claims/);

      const checked = await cli(dir, ['check'], pgEnv);
      expect(checked.code).toBe(0);
      const ledger = JSON.parse(fromJson.stdout);
      expect(checked.stdout).toContain(`${ledger.claims.length} claims`);

      const fromPg = await cli(dir, ['export'], pgEnv);
      expect(fromPg.code).toBe(0);
      expect(JSON.parse(fromPg.stdout)).toEqual(ledger);

      // the bot on PostgreSQL answers from the imported ledger and a new claim continues the numbering
      const maxId = Math.max(...ledger.claims.map((c: { id: string }) => Number(c.id.slice(1))));
      const c1 = ledger.claims[0];
      const run = await bot(dir, `/claim status ${c1.id}\n/claim add Brand new claim for the move test by: ${ledger.actors[0].name}\n`, pgEnv);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(c1.id);
      expect(run.stdout).toContain(`C${maxId + 1}`);

      // importing the same file again changes nothing
      const again = await cli(dir, ['import', file], pgEnv);
      expect(again.stdout).toMatch(/already in the store, unchanged/);
    } finally {
      await removeDir(dir);
    }
  }, 120_000); // seven CLI and bot processes, each starting tsx: slow on a loaded machine

  it('an unreachable database: the CLI says so and fails', async () => {
    const dir = await tempDir();
    try {
      const r = await cli(dir, ['export'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/cannot be used|ECONNREFUSED|connect/);
      const c = await cli(dir, ['check'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
      expect(c.code).toBe(1);
      expect(c.stdout + c.stderr).toMatch(/cannot connect/);
    } finally {
      await removeDir(dir);
    }
  });
});
