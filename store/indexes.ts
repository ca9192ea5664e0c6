// Secondary index definitions: for each collection, index name → the keys a doc is filed under.
import { nameKey } from '../src/core/text.ts';
import { channelKey, targetKey } from '../src/core/types.ts';
import type { Collections, CollectionName } from './types.ts';

type KeyFn<C extends CollectionName> = (doc: Collections[C]) => string[];
export type IndexDefs = { [C in CollectionName]: Record<string, KeyFn<C>> };

export const INDEX_DEFS: IndexDefs = {
  actors: {
    byName: (a) => [a.name, ...a.aliases].map(nameKey),
  },
  claims: {
    byActor: (c) => [c.claimant, ...c.subjects],
    byStatus: (c) => [c.status],
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
};
