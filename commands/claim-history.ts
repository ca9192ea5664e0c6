// /claim history <id>: every change with when, who, from → to, note, evidence.
import { historyReply } from '../src/core/cards.ts';
import { requireClaim } from '../src/core/claims.ts';
import type { CommandDef } from './types.ts';

export const command: CommandDef = {
  group: 'claim',
  name: 'history',
  description: 'Every status change of a claim: when, who, from → to, note',
  usage: '/claim history <id>',
  examples: ['/claim history C12'],
  readOnly: true,
  options: [{ name: 'claim', description: 'the claim id (C12)', kind: 'claim', required: true, positional: true, word: true }],
  async handler(input, { desk }) {
    return historyReply(requireClaim(desk.store, input.claim!));
  },
};
