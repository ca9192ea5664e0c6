// /claim add <text> by: <actor> [about: <actor>] [source: <url>] [tags: a, b]: a new claim, status unverified.
import { actorName, ensureActor, findActor, suggestActor, withoutTitles } from '../src/core/actors.ts';
import { claimCard } from '../src/core/cards.ts';
import { createClaim, findSameClaim } from '../src/core/claims.ts';
import { UserError } from '../src/core/errors.ts';
import { findSimilarClaim } from '../src/core/flagging.ts';
import { statusWord } from '../src/core/statuses.ts';
import { cleanClaimText, cleanList, cleanName, cleanTags, LIMITS, short } from '../src/core/text.ts';
import type { CommandDef } from './types.ts';

export const command: CommandDef = {
  group: 'claim',
  name: 'add',
  description: 'Record a new claim (status unverified); unknown actors are created',
  usage: '/claim add <text> by: <actor> [about: <actor>] [source: <url>] [tags: a, b]',
  examples: ['/claim add Crime fell 20% last year by: Jane Mayor about: City Police tags: crime', '/claim add "Taxes doubled" by: Sen. Smith source: https://example.com/story'],
  options: [
    { name: 'text', description: 'the claim as stated', kind: 'text', required: true, positional: true },
    { name: 'by', description: 'who made the claim (a name, alias or actor id)', kind: 'actor', required: true },
    { name: 'about', description: 'who the claim is about (comma list)', kind: 'actor' },
    { name: 'source', description: 'a link where the claim was made or reported (not evidence: /claim source)', kind: 'url' },
    { name: 'tags', description: 'comma list of tags', kind: 'list' },
  ],
  async handler(input, { desk, user }) {
    const text = cleanClaimText(input.text);
    const by = cleanName(input.by, 'claimant name');
    const about = cleanList(input.about, LIMITS.name, 'actor name');
    const tags = cleanTags(input.tags);
    const now = desk.clock.now().toISOString();
    // a name we do not know may be a typo of one we do: say so next to the new actor
    const guess = new Map<string, string>();
    for (const name of [by, ...about]) {
      if (findActor(desk.store, name)) continue;
      // the search also matches roles ("Police" ~ "policy"), so only a near miss of a name or alias, or its
      // surname after a title (`Dr. Smith` ~ Jane Smith), counts
      const near = suggestActor([...desk.search.actors(name, 3), ...desk.search.actors(withoutTitles(name), 3)], name);
      if (near) guess.set(name.toLowerCase(), near.name);
    }
    const { claim, created, similar } = await desk.store.write((tx) => {
      const known = findActor(tx, by);
      // the same claim of the same claimant, whatever its case, quotes, punctuation or spacing
      const dup = known && findSameClaim(tx, known.id, text);
      if (dup) throw new UserError(`${dup.id} already records this claim; nothing was added.`, `See /claim status ${dup.id}.`);
      // a near duplicate (or the same text of someone else) is a claim of its own, but the reply names it
      const similar = findSimilarClaim(desk, tx, text);
      const created: string[] = [];
      const actor = (name: string) => {
        const known = findActor(tx, name);
        if (known) return known.id;
        const a = ensureActor(tx, name, now);
        created.push(a.name);
        return a.id;
      };
      const claimant = actor(by);
      const subjects = about.map(actor);
      const claim = createClaim(
        tx,
        { text, claimant, subjects, tags, sources: input.source ? [{ url: input.source, kind: 'appearance' }] : [] },
        { key: user.key, name: user.name },
        now,
      );
      return { claim, created, similar };
    });
    const reply = claimCard(desk.store, claim, `Added ${claim.id}`);
    if (similar) {
      const value = `${similar.id} (${actorName(desk.store, similar.claimant)}, ${statusWord(similar.status)}): ${short(similar.text, 200)}`;
      reply.fields = [...(reply.fields ?? []), { name: 'Similar claim', value }];
    }
    if (created.length) {
      const named = created.map((n) => (guess.has(n.toLowerCase()) ? `${n} (did you mean ${guess.get(n.toLowerCase())}?)` : n));
      reply.footer += ` · new actor${created.length > 1 ? 's' : ''}: ${named.join(', ')}`;
    }
    return reply;
  },
};
