// The store port: what the core needs of storage, on the core's own documents. The store engines (store/)
// know no domain: they are generic over a Shape and a Schema, and the core hands them LEDGER_SCHEMA (its
// collections, in snapshot order, and the index key functions, domain rules such as nameKey) when the
// composition root (src/main.ts, src/cli.ts) opens a store. Core code imports storage only from here.
import type * as port from '../../store/types.ts';
import { queueKeys } from './queue-keys.ts';
import { nameKey } from './text.ts';
import {
  channelKey,
  targetKey,
  type Actor,
  type Claim,
  type DigestSchedule,
  type Flag,
  type OutboxItem,
  type Subscription,
  type ThreadRef,
} from './types.ts';

export interface Collections {
  actors: Actor;
  claims: Claim;
  subscriptions: Subscription;
  digests: DigestSchedule;
  flags: Flag;
  outbox: OutboxItem;
  threads: ThreadRef;
}
export type CollectionName = keyof Collections;

/** Named sequences; a number committed once is never handed out again (ids like C17 are never reused). */
export type SequenceName = 'claim' | 'outbox';

/** Secondary indexes kept in memory. Keys are strings (lower-cased where the index says so). */
export interface Indexes {
  actors: 'byName'; // name and aliases by nameKey (NFKC + case folding)
  claims: 'byActor' | 'byStatus' | 'queue'; // claimant + subjects; status; the editor's queue (queue-keys.ts)
  subscriptions: 'byChannel' | 'byTarget'; // channelKey; targetKey
  digests: never;
  flags: 'byClaim';
  outbox: 'byState'; // pending | delivered | failed
  threads: never;
}

/** The ledger's shape, as the generic store types take it. */
export interface Ledger {
  docs: Collections;
  indexes: Indexes;
  sequences: SequenceName;
}

export type ReadView = port.ReadView<Ledger>;
export type WriteTx = port.WriteTx<Ledger>;
export type Store = port.Store<Ledger>;
export type Change = port.Change<Ledger>;
export type NewDoc<C extends CollectionName> = port.NewDoc<C, Ledger>;
export type { Leases, PutOptions } from '../../store/types.ts';
/** The errors a store throws that the core handles (commands/index.ts turns them into replies). */
export {
  ConflictError,
  InvalidDocError,
  StoreCorruptError,
  StoreLockedError,
  StoreUnavailableError,
  StoreWriteUnconfirmedError,
} from '../../store/types.ts';

/** The order the snapshot (store.json) and the export list the collections in: part of the file format. */
export const COLLECTIONS: readonly CollectionName[] = ['actors', 'claims', 'subscriptions', 'digests', 'flags', 'outbox', 'threads'];

/** What the core hands the store when it is opened: its collections and how each index files a doc. */
export const LEDGER_SCHEMA: port.Schema<Ledger> = {
  collections: COLLECTIONS,
  indexes: {
    actors: {
      byName: (a) => [a.name, ...a.aliases].map(nameKey),
    },
    claims: {
      byActor: (c) => [c.claimant, ...c.subjects],
      byStatus: (c) => [c.status],
      // the editor's queue (App Home): flagged and waiting, in review, the desk's verdicts by day
      queue: queueKeys,
    },
    subscriptions: {
      byChannel: (s) => [channelKey(s.channel)],
      byTarget: (s) => [targetKey(s.target)],
    },
    digests: {},
    flags: {
      byClaim: (f) => [f.claimId],
    },
    outbox: {
      byState: (o) => [o.state],
    },
    threads: {},
  },
};
