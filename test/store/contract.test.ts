// Runs the store contract against every implementation and JSON-store configuration (replay from the
// journal only, checkpoint on close, a checkpoint every few records).
import { storeContract } from './contract/contract.ts';
import { JsonFileStore, type JsonStoreOptions } from '../../store/json/json-store.ts';
import { MemoryStore } from '../../store/memory.ts';
import { LEDGER_SCHEMA, type Store } from '../../src/core/store-port.ts';
import { removeDir, tempDir } from './helpers.ts';

storeContract('MemoryStore', async () => ({ store: new MemoryStore(LEDGER_SCHEMA), cleanup: async () => {} }), { durable: false });

const configs: [string, JsonStoreOptions][] = [
  ['JsonFileStore (snapshot on close)', {}],
  ['JsonFileStore (journal replay only)', { checkpointOnClose: false }],
  ['JsonFileStore (checkpoint every 7 records)', { maxJournalRecords: 7, checkpointOnClose: false }],
];
for (const [name, opts] of configs) {
  storeContract(
    name,
    async () => {
      const dir = await tempDir();
      let store: Store = await JsonFileStore.open(dir, LEDGER_SCHEMA, opts);
      return {
        store,
        reopen: async () => {
          await store.close();
          store = await JsonFileStore.open(dir, LEDGER_SCHEMA, opts);
          return store;
        },
        cleanup: async () => {
          await store.close();
          await removeDir(dir);
        },
      };
    },
    { durable: true },
  );
}
