// /claim source <id> <url> [note: <text>]: attach evidence to a claim.
import { claimCard } from '../src/core/cards.ts';
import { addSource } from '../src/core/claims.ts';
import { cleanNote } from '../src/core/text.ts';
import type { CommandDef } from './types.ts';

export const command: CommandDef = {
  group: 'claim',
  name: 'source',
  description: 'Attach a source (evidence) to a claim',
  usage: '/claim source <id> <url> [note: <text>]',
  // attaching evidence edits the claim's public card: editors only, like /claim set
  editorOnly: true,
  examples: ['/claim source C12 https://example.com/report note: the full transcript'],
  options: [
    { name: 'claim', description: 'the claim id (C12)', kind: 'claim', required: true, positional: true, word: true },
    { name: 'url', description: 'the link to the evidence', kind: 'url', required: true, positional: true, word: true },
    { name: 'note', description: 'what the source shows', kind: 'text' },
  ],
  async handler(input, { desk, user, expectVersion }) {
    const note = cleanNote(input.note);
    const now = desk.clock.now().toISOString();
    const { claim, added } = await desk.store.write((tx) =>
      addSource(tx, input.claim!, { url: input.url!, note }, { key: user.key, name: user.name }, now, expectVersion),
    );
    return claimCard(desk.store, claim, added ? `Source added to ${claim.id}` : `Source note updated on ${claim.id}`);
  },
};
