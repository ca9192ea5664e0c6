// Properties of the Discord renderer for any text: no masked link is live unless the bot made it (its own
// source links, in the Sources field), no @everyone/@here anywhere, every message within Discord's limits
// and pinging nobody, and rendering never throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeText, renderReply, stripControl } from '../../src/platforms/discord/render.ts';
import type { Reply } from '../../src/core/reply.ts';
import { messageProblems } from '../fakes/discord/limits.ts';
import { hasMassMention, liveMaskedLinks } from '../discord/markdown.ts';
import { PROPERTY_TIMEOUT, RUNS, reply, text } from './arbitraries.ts';

/** How the bot writes a source url inside [label](url). */
const discordUrl = (u: string) => u.replace(/[()<>\s\\]/g, (c) => encodeURIComponent(c).replace(/\(/g, '%28').replace(/\)/g, '%29'));

/** What is wrong with the message rendered for `r` (empty when nothing is). */
function problems(r: Reply, interaction: boolean): string[] {
  const msg = renderReply(r, { interaction });
  const out = [...messageProblems(msg)];
  if (msg.allowed_mentions.parse.length || msg.allowed_mentions.replied_user) out.push('allowed_mentions would ping');
  const ours = new Set((r.links ?? []).filter((l) => /^https?:\/\/\S+$/i.test(l.url)).map((l) => discordUrl(l.url)));
  const embed = msg.embeds[0];
  // where Discord reads markdown: content, title, description, field names and values
  const markdown = [msg.content, embed?.title ?? '', embed?.description ?? '', ...(embed?.fields ?? []).map((f) => f.name)];
  for (const md of markdown) {
    for (const l of liveMaskedLinks(md)) out.push(`live masked link [${l.label}](${l.url})`);
    if (hasMassMention(md)) out.push(`mass mention in ${md.slice(0, 80)}`);
  }
  for (const f of embed?.fields ?? []) {
    const sources = f.name === 'Link' || f.name === 'Links';
    for (const l of liveMaskedLinks(f.value)) if (!sources || !ours.has(l.url)) out.push(`live masked link [${l.label}](${l.url}) in ${f.name}`);
    if (hasMassMention(f.value.replace(/\]\([^)\s]*\)/g, ']()'))) out.push(`mass mention in field ${f.name}`); // a url is an address, not text
  }
  // footers show no markdown (a masked link there is plain text), but no mass mention either
  if (hasMassMention(embed?.footer?.text ?? '')) out.push('mass mention in the footer');
  return out;
}

describe('Discord rendering, for any text', { timeout: PROPERTY_TIMEOUT }, () => {
  it(`leaves no live masked link the bot did not make, no @everyone/@here, and fits Discord's limits (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(reply, fc.boolean(), (r, interaction) => {
        expect(problems(r, interaction)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it(`escapeText shows any text without a live masked link or mass mention (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(text, (t) => {
        const md = escapeText(t);
        expect(liveMaskedLinks(md)).toEqual([]);
        expect(hasMassMention(md)).toBe(false);
        // and Discord shows the text itself: every escape is a backslash before punctuation
        expect(md.replace(/\\([^0-9A-Za-z\s])/g, '$1').replace(/@\u200b/g, '@')).toBe(stripControl(t).replace(/@\u200b/g, '@'));
      }),
      { numRuns: RUNS },
    );
  });
});
