// /actor add <name> [role: <text>] [aliases: a, b]: create an actor, or update the role/aliases of an existing one.
import { upsertActor } from '../src/core/actors.ts';
import { actorCard } from '../src/core/cards.ts';
import { cleanList, cleanName, LIMITS, limited } from '../src/core/text.ts';
import type { CommandDef } from './types.ts';

export const command: CommandDef = {
  group: 'actor',
  name: 'add',
  description: 'Create an actor, or update the role and aliases of an existing one',
  usage: '/actor add <name> [role: <text>] [aliases: a, b]',
  examples: ['/actor add Kristi Noem role: Homeland Security Secretary aliases: Noem, Secretary Noem'],
  options: [
    { name: 'name', description: 'the full name', kind: 'text', required: true, positional: true },
    { name: 'role', description: 'title or role, e.g. Homeland Security Secretary', kind: 'text' },
    { name: 'aliases', description: 'comma list of other names', kind: 'list' },
  ],
  async handler(input, { desk }) {
    const name = cleanName(input.name);
    const role = input.role === undefined ? undefined : limited(input.role, LIMITS.name, 'role');
    const aliases = cleanList(input.aliases, LIMITS.name, 'alias');
    const now = desk.clock.now().toISOString();
    const r = await desk.store.write((tx) => upsertActor(tx, { name, role, aliases }, now));
    const title = r.created
      ? `Added ${r.actor.name}`
      : r.renamedFrom
        ? `Updated ${r.actor.name} (was ${r.renamedFrom}, now an alias)`
        : r.changed
          ? `Updated ${r.actor.name}`
          : `${r.actor.name} already exists; nothing changed`;
    return actorCard(desk.store, r.actor, title);
  },
};
