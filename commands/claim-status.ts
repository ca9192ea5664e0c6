// /claim status <query or id>: the claim card; several matches: a short list with ids; none: an answer and a hint.
import { claimCard, claimItem } from '../src/core/cards.ts';
import { parseClaimId } from '../src/core/claim-id.ts';
import { UserError } from '../src/core/errors.ts';
import { textReply } from '../src/core/reply.ts';
import { LIMITS, short } from '../src/core/text.ts';
import type { CommandDef } from './types.ts';

const SHOWN = 10;

export const command: CommandDef = {
  group: 'claim',
  name: 'status',
  description: 'Show a claim: its status, who made it, its sources',
  usage: '/claim status <query or id>',
  examples: ['/claim status massacre', '/claim status C12'],
  readOnly: true,
  options: [{ name: 'query', description: 'words of the claim, a name, or a claim id (C12)', kind: 'claim', required: true, positional: true }],
  async handler(input, { desk }) {
    const query = input.query!;
    if (query.length > LIMITS.query) throw new UserError(`The query is too long (at most ${LIMITS.query} characters).`);
    const id = parseClaimId(query);
    if (id && !desk.store.get('claims', id)) {
      throw new UserError(`There is no claim ${id}.`, 'Search by words with /claim status <words>, or see /claim list.');
    }
    // a hundred ids to count the matches; only those shown are read
    const found = desk.search.claimIds(query, 100);
    const claim = (id: string) => desk.store.get('claims', id);
    if (found.length === 0) {
      return textReply(`No claim matches "${short(query)}". Try fewer or other words, a name, or /claim list. To record it: /claim add <text> by: <who said it>`, {
        ephemeral: true,
      });
    }
    const shown = found.slice(0, SHOWN).map(claim).filter((c) => c !== undefined);
    if (found.length === 1 && shown.length) return claimCard(desk.store, shown[0]);
    return {
      kind: 'list',
      title: `${found.length === 100 ? '100+' : found.length} claims match "${short(query)}"`,
      items: shown.map(claimItem),
      ...(found.length > SHOWN ? { more: found.length - SHOWN } : {}),
      footer: `Show one with /claim status <id>, e.g. /claim status ${shown[0]?.id ?? found[0]}`,
    };
  },
};
