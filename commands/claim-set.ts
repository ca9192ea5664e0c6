// /claim set <id> <status> [note: <text>] [source: <url>]: change the status (editors only); alerts follow.
import { claimCard } from '../src/core/cards.ts';
import { setStatus } from '../src/core/claims.ts';
import { STATUS_META } from '../src/core/statuses.ts';
import { cleanNote } from '../src/core/text.ts';
import type { Status } from '../src/core/types.ts';
import type { CommandDef } from './types.ts';

export const command: CommandDef = {
  group: 'claim',
  name: 'set',
  description: 'Change the status of a claim',
  usage: '/claim set <id> <status> [note: <text>] [source: <url>]',
  examples: ['/claim set C12 false note: video shows otherwise source: https://example.com/video', '/claim set C3 in review'],
  editorOnly: true,
  options: [
    { name: 'claim', description: 'the claim id (C12)', kind: 'claim', required: true, positional: true, word: true },
    { name: 'status', description: 'the new status', kind: 'status', required: true, positional: true },
    { name: 'note', description: 'why (shown in the history and the alerts)', kind: 'text' },
    { name: 'source', description: 'evidence link', kind: 'url' },
  ],
  async handler(input, { desk, user }) {
    const to = input.status as Status;
    const note = cleanNote(input.note);
    const now = desk.clock.now().toISOString();
    const { claim, entry } = await desk.store.write((tx) =>
      setStatus(tx, desk, input.claim!, to, { key: user.key, name: user.name }, now, { note, source: input.source }),
    );
    return claimCard(desk.store, claim, `${claim.id} is now ${STATUS_META[to].label} (was ${STATUS_META[entry.from!].label})`);
  },
};
