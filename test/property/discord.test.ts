// Properties of the Discord renderer for any text: no masked link is live unless the bot made it (its own
// source links, in the Sources field), no @everyone/@here anywhere, every message within Discord's limits
// and pinging nobody, and rendering never throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeText, renderReply, stripControl } from '../../src/platforms/discord/render.ts';
import { formModal, parseCardId } from '../../src/platforms/discord/components.ts';
import type { Form } from '../../src/core/forms.ts';
import { STATUSES } from '../../src/core/types.ts';
import type { Reply } from '../../src/core/reply.ts';
import { messageProblems, modalProblems } from '../fakes/discord/limits.ts';
import { hasMassMention, liveMaskedLinks } from '../discord/markdown.ts';
import { PROPERTY_TIMEOUT, RUNS, reply as plainReply, text } from './arbitraries.ts';

/** Any reply, half of them a claim card or alert with actions (any claim id, any version: the payload is hostile). */
const reply: fc.Arbitrary<Reply> = fc.tuple(
  plainReply,
  fc.option(fc.record({ claimId: fc.oneof(text, fc.constantFrom('C1', 'C12345')), version: fc.oneof(fc.nat(), fc.integer(), fc.double()), status: fc.constantFrom(...STATUSES) })),
).map(([r, actions]) => (actions ? { ...r, actions } : r));

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
  // the card's controls: labels and options show no markdown but must not carry user text that pings or links
  const controls = msg.components.flatMap((row) => row.components);
  if (r.actions && r.kind !== 'error') {
    if (controls.length !== 3) out.push(`expected a select and two buttons, got ${controls.length}`);
    for (const c of controls) {
      const id = 'custom_id' in c ? c.custom_id : '';
      if (!parseCardId(id)) out.push(`custom id ${id} does not decode`);
    }
  } else if (controls.length) out.push('controls on a reply without actions');
  for (const c of controls) {
    const shown = [('label' in c ? c.label : '') ?? '', ('placeholder' in c ? c.placeholder : '') ?? '', ...('options' in c ? c.options.map((o) => o.label) : [])];
    for (const s of shown) {
      if (liveMaskedLinks(s).length) out.push(`live masked link in a control: ${s}`);
      if (hasMassMention(s)) out.push(`mass mention in a control: ${s}`);
    }
  }
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

  it(`any form becomes a modal Discord accepts, whatever its texts (${RUNS} cases)`, () => {
    const field = fc.record({
      name: fc.constantFrom('text', 'by', 'about', 'note', 'source', 'internal', 'url'),
      label: text,
      kind: fc.constantFrom('line', 'long', 'url', 'actor', 'actors', 'yesno'),
      required: fc.boolean(),
      initial: fc.option(text, { nil: undefined }),
      placeholder: fc.option(text, { nil: undefined }),
      max: fc.integer({ min: 1, max: 10_000 }),
    });
    const form = fc.record({
      id: fc.constantFrom('status', 'source', 'add', 'flag'),
      title: text,
      submit: text,
      intro: fc.option(text, { nil: undefined }),
      fields: fc.uniqueArray(field, { maxLength: 7, selector: (f) => f.name }),
      context: fc.constant({}),
    }) as fc.Arbitrary<Form>;
    fc.assert(
      fc.property(form, (f) => {
        const modal = formModal(f, 'cdm:add');
        // a form has fields (an empty modal is Discord's refusal, checked by the fake, not a case here)
        expect(f.fields.length ? modalProblems(modal) : []).toEqual([]);
        expect(modal.components.length).toBe(Math.min(5, f.fields.length));
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
