// /actor <name or id>: the actor card (role, aliases, tally of their claims, claims about them).
import { findActor } from '../src/core/actors.ts';
import { actorCard, actorListReply } from '../src/core/cards.ts';
import { UserError } from '../src/core/errors.ts';
import { textReply } from '../src/core/reply.ts';
import { LIMITS, short } from '../src/core/text.ts';
import type { CommandDef } from './types.ts';

export const command: CommandDef = {
  group: 'actor',
  name: 'show',
  description: 'Show an actor: role, aliases, their claims by status, claims about them',
  usage: '/actor <name or id>',
  examples: ['/actor Stephen Miller', '/actor stephen-miller'],
  isDefault: true,
  readOnly: true,
  options: [{ name: 'name', description: 'a name, alias or actor id', kind: 'actor', required: true, positional: true }],
  async handler(input, { desk }) {
    const q = input.name!;
    if (q.length > LIMITS.name) throw new UserError(`The name is too long (at most ${LIMITS.name} characters).`);
    const exact = findActor(desk.store, q);
    if (exact) return actorCard(desk.store, exact);
    const found = desk.search.actors(q, 10);
    if (found.length === 1) return actorCard(desk.store, found[0]);
    if (found.length === 0) {
      return textReply(`No actor matches "${short(q)}". Add one with /actor add <name> [role: <text>] [aliases: a, b]`, { ephemeral: true });
    }
    return actorListReply(`${found.length} actors match "${short(q)}"`, found, `Show one with /actor <id>, e.g. /actor ${found[0].id}`);
  },
};
