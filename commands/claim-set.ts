// /claim set <id> <status> [note: <text>] [internal: yes] [source: <url>]: change the status (editors only);
// alerts follow. `internal: yes` keeps the note for the desk: chat shows it, the public pages (src/web) never do.
import { claimCard } from '../src/core/cards.ts';
import { setStatus } from '../src/core/claims.ts';
import { STATUS_META } from '../src/core/statuses.ts';
import { UserError } from '../src/core/errors.ts';
import { cleanNote } from '../src/core/text.ts';
import type { Status } from '../src/core/types.ts';
import type { CommandDef } from './types.ts';

export const command: CommandDef = {
  group: 'claim',
  name: 'set',
  description: 'Change the status of a claim',
  usage: '/claim set <id> <status> [note: <text>] [internal: yes] [source: <url>]',
  examples: [
    '/claim set C12 false note: video shows otherwise source: https://example.com/video',
    '/claim set C3 in review note: waiting for the police report internal: yes',
  ],
  editorOnly: true,
  options: [
    { name: 'claim', description: 'the claim id (C12)', kind: 'claim', required: true, positional: true, word: true },
    { name: 'status', description: 'the new status', kind: 'status', required: true, positional: true },
    { name: 'note', description: 'why (shown in the history and the alerts)', kind: 'text' },
    { name: 'internal', description: 'yes: the note is for the desk only, never on the public pages', kind: 'text' },
    { name: 'source', description: 'evidence link', kind: 'url' },
  ],
  async handler(input, { desk, user, expectVersion }) {
    const to = input.status as Status;
    const note = cleanNote(input.note);
    const internal = yesNo(input.internal);
    if (internal && !note) throw new UserError('internal: yes marks the note as internal, but there is no note: add note: <text>.');
    const now = desk.clock.now().toISOString();
    const { claim, entry } = await desk.store.write((tx) =>
      setStatus(tx, desk, input.claim!, to, { key: user.key, name: user.name }, now, { note, source: input.source, internal, expectVersion }),
    );
    return claimCard(desk.store, claim, `${claim.id} is now ${STATUS_META[to].label} (was ${STATUS_META[entry.from!].label})`);
  },
};

const YES = new Set(['yes', 'y', 'true', 'on', '1']);
const NO = new Set(['no', 'n', 'false', 'off', '0']);

function yesNo(v: string | undefined): boolean {
  if (v === undefined) return false;
  const w = v.trim().toLowerCase();
  if (YES.has(w)) return true;
  if (NO.has(w)) return false;
  throw new UserError(`internal: takes yes or no, not "${v}".`);
}
