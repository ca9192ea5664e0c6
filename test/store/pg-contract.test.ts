// The store contract on PgStore: every case, against a real PostgreSQL server (test/support/), each test
// on a fresh schema of this file's database.
import pg from 'pg';
import { storeContract } from './contract/contract.ts';
import { PgStore } from '../../store/pg/pg-store.ts';
import { LEDGER_SCHEMA, type Store } from '../../src/core/store-port.ts';
import { describePg } from '../support/pg-test.ts';

describePg('PgStore', (db) => {
  let n = 0;
  storeContract(
    'PgStore',
    async () => {
      const schema = `contract_${++n}`;
      let store: Store = await PgStore.open(db.url, LEDGER_SCHEMA, { schema });
      return {
        store,
        reopen: async () => {
          await store.close();
          store = await PgStore.open(db.url, LEDGER_SCHEMA, { schema });
          return store;
        },
        cleanup: async () => {
          await store.close();
          const c = new pg.Client({ connectionString: db.url });
          await c.connect();
          await c.query(`DROP SCHEMA ${schema} CASCADE`);
          await c.end();
        },
      };
    },
    { durable: true },
  );
});
