// Properties of the Slack side for any text: the rendered message carries no <!…>, <@…>, <#…> or <url|label>
// the bot did not make (its own source links are the only <…>), no bare @channel/@here/@everyone, fits
// Slack's limits and never throws; Slack's markup turns back into exactly what was typed; and the request
// guard answers any body without throwing. On cards with actions: the actions block fits Slack's limits
// (checked by the fake as Slack does), survives the 50-block cut, marks the status and carries the claim and
// version back; a modal of any form is a view Slack accepts, without foreign markup, whose private_metadata
// (≤ 3,000 characters) gives the form's context back; any view state reads back without throwing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderSlack } from '../../src/platforms/slack/render.ts';
import { slackToPlain } from '../../src/platforms/slack/markup.ts';
import { checkBody } from '../../src/platforms/slack/guard.ts';
import type { Reply } from '../../src/core/reply.ts';
import { blockProblems } from '../fakes/slack/limits.ts';
import { ACTION, decodeRef } from '../../src/platforms/slack/card-actions.ts';
import { decodeMetadata, formModal, stateValues } from '../../src/platforms/slack/modal.ts';
import type { Form, FormField } from '../../src/core/forms.ts';
import { STATUSES } from '../../src/core/types.ts';
import { viewProblems } from '../fakes/slack/interactivity.ts';
import { PROPERTY_TIMEOUT, RUNS, reply, shortText, text } from './arbitraries.ts';

/** Every text Slack parses as mrkdwn: section texts, fields, context elements, and the fallback. */
function mrkdwnTexts(msg: { text: string; blocks: Record<string, unknown>[] }): string[] {
  const out = [msg.text];
  for (const b of msg.blocks) {
    const objs = [b.text, ...((b.fields as unknown[]) ?? []), ...((b.elements as unknown[]) ?? [])] as ({ type?: string; text?: string } | undefined)[];
    for (const o of objs) if (o?.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
  }
  return out;
}

/** How the bot writes a source url inside <url|label> (what Slack must not read as markup). */
const slackUrl = (u: string) => u.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');

/** The markup in `md` that the bot did not make: any <…> that is not one of the reply's own http(s) links. */
export function foreignMarkup(md: string, r: Reply): string[] {
  const ours = new Set((r.links ?? []).filter((l) => /^https?:\/\/[^\s]+$/i.test(l.url)).map((l) => slackUrl(l.url)));
  const bad: string[] = [];
  for (const m of md.matchAll(/<[^>]*>?/g)) {
    const link = /^<([^|<>]+)\|([^|<>]*)>$/.exec(m[0]);
    if (!link || !ours.has(link[1]!)) bad.push(m[0]);
  }
  return bad;
}

describe('Slack rendering, for any text', { timeout: PROPERTY_TIMEOUT }, () => {
  it(`carries no markup the bot did not make, no bare mass mention, and fits Slack's limits (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(reply, (r) => {
        const msg = renderSlack(r);
        // plain checks, one expect per case: vitest's expect is slow enough to matter 200,000 times over
        const problems = [...blockProblems(msg)];
        for (const md of mrkdwnTexts(msg)) {
          problems.push(...foreignMarkup(md, r).map((m) => `markup the bot did not make: ${m}`));
          // (inside the bot's own <url|…>, the url is an address, not text Slack reads for mentions)
          const mention = /@(channel|here|everyone)\b/i.exec(md.replace(/<[^|<>]+\|/g, '<|'));
          if (mention) problems.push(`bare ${mention[0]}`);
        }
        expect(problems).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it(`turns Slack's markup back into what was typed, and never throws on any markup (${RUNS} cases)`, () => {
    // Slack sends what a user typed with & < > as entities: decoding must give exactly the typed text back
    const asSlackSends = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    fc.assert(
      fc.property(text, text, (typed, markup) => {
        expect(slackToPlain(asSlackSends(typed))).toBe(typed);
        expect(typeof slackToPlain(markup, () => 'name')).toBe('string');
      }),
      { numRuns: RUNS },
    );
  });

  it(`the request guard answers any body and content type without throwing (${RUNS} cases)`, () => {
    const contentType = fc.constantFrom(undefined, 'application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/json; charset=utf-8');
    const body = fc.oneof(
      text,
      fc.json({ maxDepth: 4 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => `payload=${encodeURIComponent(JSON.stringify(v) ?? '')}`),
      fc.dictionary(fc.constantFrom('command', 'text', 'team_id', 'channel_id', 'user_id', 'ssl_check', 'payload', 'x'), text).map((d) => new URLSearchParams(d).toString()),
    );
    fc.assert(
      fc.property(body, contentType, (b, type) => {
        const refusal = checkBody(b, type, ['/claim', '/actor']);
        if (refusal) expect(refusal.status).toBe(400);
      }),
      { numRuns: RUNS },
    );
  });
});

const status = fc.constantFrom(...STATUSES);
const claimId = fc.nat({ max: 10_000_000 }).map((n) => `C${n}`);
const actions = fc.record({ claimId, version: fc.nat({ max: 2 ** 31 }), status });

const field: fc.Arbitrary<FormField> = fc.record(
  {
    name: fc.constantFrom('note', 'source', 'internal', 'url', 'text', 'by', 'about', 'tags'),
    label: text,
    kind: fc.constantFrom('line', 'long', 'url', 'actor', 'actors', 'yesno'),
    required: fc.boolean(),
    initial: text,
    placeholder: text,
    max: fc.integer({ min: 1, max: 5000 }),
  },
  { requiredKeys: ['name', 'label', 'kind', 'required', 'max'] },
);

const form: fc.Arbitrary<Form> = fc.record({
  id: fc.constantFrom('status', 'source', 'add', 'flag'),
  title: text,
  submit: shortText,
  intro: text,
  fields: fc.uniqueArray(field, { maxLength: 5, selector: (f) => f.name }),
  context: fc.record({ claimId, version: fc.nat(), status }, { requiredKeys: [] }),
});

const place = fc.record(
  { channel: fc.constantFrom('CDESK', 'C0123456789'), ts: fc.constant('1760000001.000100'), ephemeral: fc.boolean(), responseUrl: fc.webUrl().map((u) => u.slice(0, 2000)) },
  { requiredKeys: [] },
);

const mrkdwnOf = (blocks: Record<string, unknown>[]) =>
  blocks.flatMap((b) => [b.text, ...((b.fields as unknown[]) ?? [])] as { type?: string; text?: string }[]).filter((o) => o?.type === 'mrkdwn').map((o) => o.text!);

describe('Slack card actions and modals, for any card and form', { timeout: PROPERTY_TIMEOUT }, () => {
  it(`a card's actions fit Slack's limits, survive the cut, mark the status and carry the claim back (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(reply, actions, (r, a) => {
        const msg = renderSlack({ ...r, actions: a });
        const problems = blockProblems(msg);
        const blocks = msg.blocks.filter((b) => b.type === 'actions');
        if (blocks.length !== 1) problems.push(`${blocks.length} actions blocks`);
        const els = (blocks[0]?.elements ?? []) as Record<string, unknown>[];
        const select = els.find((e) => e.action_id === ACTION.status);
        if ((select?.initial_option as { value?: string } | undefined)?.value !== a.status) problems.push('the current status is not marked');
        if ((select?.options as unknown[] | undefined)?.length !== STATUSES.length) problems.push('not every status offered');
        const back = decodeRef(blocks[0]?.block_id);
        if (back?.claimId !== a.claimId || back.version !== a.version) problems.push(`block_id ${String(blocks[0]?.block_id)} does not give ${a.claimId}:${a.version} back`);
        for (const id of [ACTION.source, ACTION.history]) if (!decodeRef(els.find((e) => e.action_id === id)?.value)) problems.push(`${id} carries no claim`);
        expect(problems).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it(`a modal of any form is a view Slack accepts, without foreign markup, and gives its context back (${Math.ceil(RUNS / 5)} cases)`, () => {
    fc.assert(
      fc.property(form, place, (f, p) => {
        const view = formModal(f, p);
        const problems = viewProblems(view);
        for (const md of mrkdwnOf(view.blocks as Record<string, unknown>[])) problems.push(...foreignMarkup(md, { kind: 'text' }).map((m) => `markup: ${m}`));
        const meta = decodeMetadata(view.private_metadata);
        if (!meta) problems.push('private_metadata does not decode');
        else {
          if (JSON.stringify(meta.context) !== JSON.stringify(f.context) || meta.form !== f.id) problems.push('the context did not come back');
          if (meta.place.channel !== p.channel || meta.place.ts !== p.ts) problems.push('the place did not come back');
        }
        expect(problems).toEqual([]);
      }),
      { numRuns: Math.ceil(RUNS / 5) },
    );
  });

  it(`reads any view state without throwing (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (state) => {
        const values = stateValues(state);
        expect(Object.values(values).every((v) => v === undefined || typeof v === 'string')).toBe(true);
        expect(decodeMetadata(JSON.stringify(state))).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });
});
