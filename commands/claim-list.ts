// /claim list [status: a, b] [by: <actor>] [page: <n>]: claims newest first, a page at a time.
import { requireActor, withoutTitles } from '../src/core/actors.ts';
import { claimListReply, PAGE_SIZE } from '../src/core/cards.ts';
import { listClaims } from '../src/core/claims.ts';
import { UserError } from '../src/core/errors.ts';
import { textReply } from '../src/core/reply.ts';
import { statusWord } from '../src/core/statuses.ts';
import type { Status } from '../src/core/types.ts';
import type { CommandDef } from './types.ts';

export const command: CommandDef = {
  group: 'claim',
  name: 'list',
  description: 'List claims, newest first, optionally by status or claimant',
  usage: '/claim list [status: a, b] [by: <actor>] [page: <n>]',
  examples: ['/claim list status: false, mostly false', '/claim list by: Stephen Miller page: 2'],
  readOnly: true,
  options: [
    { name: 'status', description: 'only claims with one of these statuses (comma list)', kind: 'statuses', positional: true },
    { name: 'by', description: 'only claims made by this actor', kind: 'actor' },
    { name: 'page', description: 'page number (1, 2, …)', kind: 'text' },
  ],
  async handler(input, { desk }) {
    // validateInput has checked and normalised the list: `false,mostly_false`
    const statuses = input.status ? (input.status.split(',') as Status[]) : [];
    const actor = input.by ? requireActor(desk.store, input.by, desk.search.actors(withoutTitles(input.by), 5)) : undefined;
    const page = input.page === undefined ? 1 : Number(input.page);
    if (!Number.isInteger(page) || page < 1) throw new UserError(`"${input.page}" is not a page number (1, 2, …).`);
    const claims = listClaims(desk.store, { statuses, claimant: actor?.id });
    const labels = statuses.map(statusWord);
    const what = [labels.length && orList(labels), actor && `by ${actor.name}`].filter(Boolean).join(' ');
    if (claims.length === 0) {
      return textReply(what ? `No ${what} claims.` : 'No claims yet. Record one with /claim add <text> by: <who said it>', { ephemeral: true });
    }
    const pages = Math.ceil(claims.length / PAGE_SIZE);
    if (page > pages) throw new UserError(`There ${pages === 1 ? 'is only 1 page' : `are only ${pages} pages`} of ${what ? what + ' ' : ''}claims.`);
    const next = (p: number) =>
      ['/claim list', statuses.length && `status: ${statuses.join(', ')}`, actor && `by: ${actor.id}`, `page: ${p}`].filter(Boolean).join(' ');
    return claimListReply(what ? `Claims: ${what}` : 'Claims, newest first', claims, page, next);
  },
};

/** `a`, `a or b`, `a, b or c` */
function orList(xs: string[]): string {
  return xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;
}
