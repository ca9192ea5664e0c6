// The migration hook: registering MIGRATIONS[1] makes the current schema 2; a store written at schema 1
// (snapshot + journal records in the old shape) is migrated on open and re-snapshotted at schema 2.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Claim } from '../../src/core/types.ts';
import { checkStore } from '../../store/check.ts';
import { claim } from './contract/fixtures.ts';
import { JsonFileStore } from '../../store/json/json-store.ts';
import { MIGRATIONS, currentSchemaVersion } from '../../store/json/snapshot.ts';
import { removeDir, tempDir } from './helpers.ts';
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';

let dir: string;
beforeEach(async () => (dir = await tempDir()));
afterEach(async () => {
  delete MIGRATIONS[1];
  await removeDir(dir);
});

it('an older store is migrated on open, journal records included, and saved at the new version', async () => {
  const old = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false });
  await old.write((tx) => tx.put('claims', claim('C1', 'a')));
  await old.checkpoint();
  await old.write((tx) => tx.put('claims', claim('C2', 'a'))); // only in the journal
  await old.close();

  MIGRATIONS[1] = (s) => ({
    ...s,
    collections: { ...s.collections, claims: (s.collections.claims as Claim[]).map((c) => ({ ...c, tags: [...c.tags, 'migrated'] })) },
  });
  expect(currentSchemaVersion()).toBe(2);
  expect((await checkStore(dir, LEDGER_SCHEMA)).notes.join()).toMatch(/schemaVersion 1: migrated to 2/);

  const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false });
  expect(store.all('claims').map((c) => c.tags)).toEqual([['migrated'], ['migrated']]);
  await store.close();
  const snap = JSON.parse(await fs.readFile(path.join(dir, 'store.json'), 'utf8'));
  expect(snap.schemaVersion).toBe(2);
  expect(await fs.readFile(path.join(dir, 'journal.jsonl'), 'utf8')).toBe('');

  // opened again: not migrated twice
  const again = await JsonFileStore.open(dir, LEDGER_SCHEMA);
  expect(again.get('claims', 'C1')!.tags).toEqual(['migrated']);
  await again.close();

  // and an older claimdesk (no migration) refuses the newer file instead of misreading it
  delete MIGRATIONS[1];
  await expect(JsonFileStore.open(dir, LEDGER_SCHEMA)).rejects.toThrow(/schemaVersion 2, newer than this claimdesk understands \(1\)/);
});
