// Properties of the Slack side for any text: the rendered message carries no <!…>, <@…>, <#…> or <url|label>
// the bot did not make (its own source links are the only <…>), no bare @channel/@here/@everyone, fits
// Slack's limits and never throws; Slack's markup turns back into exactly what was typed; and the request
// guard answers any body without throwing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderSlack } from '../../src/platforms/slack/render.ts';
import { slackToPlain } from '../../src/platforms/slack/markup.ts';
import { checkBody } from '../../src/platforms/slack/guard.ts';
import type { Reply } from '../../src/core/reply.ts';
import { blockProblems } from '../fakes/slack/limits.ts';
import { PROPERTY_TIMEOUT, RUNS, reply, text } from './arbitraries.ts';

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
