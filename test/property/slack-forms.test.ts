// Properties of issue 14's Slack views for any text: App Home carries no markup the bot did not make and no bare
// mass mention, and Slack accepts it as a view; the options offered for an actor field fit Slack's limits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeskQueue } from '../../src/core/forms.ts';
import { STATUSES } from '../../src/core/types.ts';
import { actorOptions } from '../../src/platforms/slack/actor-select.ts';
import { homeView } from '../../src/platforms/slack/home-view.ts';
import { viewProblems } from '../fakes/slack/interactivity.ts';
import { PROPERTY_TIMEOUT, RUNS, shortText, text } from './arbitraries.ts';

const item = fc.record({ id: fc.option(shortText, { nil: undefined }), text, status: fc.option(fc.constantFrom(...STATUSES), { nil: undefined }) });
const section = fc.record({ title: shortText, items: fc.array(item, { maxLength: 12 }), more: fc.nat(500), empty: text });
const queue: fc.Arbitrary<DeskQueue> = fc.record({ title: shortText, at: fc.constant('2026-12-01T10:00:00.000Z'), sections: fc.array(section, { minLength: 1, maxLength: 4 }) });

/** Every mrkdwn text of a view's blocks. */
function mrkdwn(blocks: Record<string, unknown>[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    const objs = [b.text, ...((b.fields as unknown[]) ?? []), ...((b.elements as unknown[]) ?? [])] as ({ type?: string; text?: string } | undefined)[];
    for (const o of objs) if (o?.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
  }
  return out;
}

describe('Slack forms and App Home, for any text', { timeout: PROPERTY_TIMEOUT }, () => {
  it(`App Home: no markup, no bare @channel/@here/@everyone, a view Slack accepts (${RUNS / 10} cases)`, () => {
    fc.assert(
      fc.property(queue, fc.boolean(), (q, editor) => {
        const view = homeView(q, editor);
        const problems = viewProblems(view);
        for (const md of mrkdwn(view.blocks)) {
          // the queue has no links: any <…> would be Slack markup from user text
          if (/[<>]/.test(md)) problems.push(`markup: ${md.slice(0, 80)}`);
          const mention = /@(channel|here|everyone)\b/i.exec(md);
          if (mention) problems.push(`bare ${mention[0]}`);
        }
        expect(problems).toEqual([]);
      }),
      { numRuns: RUNS / 10 },
    );
  });

  it(`actor options: at most 100, texts of 1..75 characters, values of 1..150, none twice (${RUNS / 10} cases)`, () => {
    const suggestion = fc.record({ name: text, value: shortText });
    fc.assert(
      fc.property(text, fc.array(suggestion, { maxLength: 30 }), fc.option(text, { nil: undefined }), (typed, list, name) => {
        const options = actorOptions(typed, list, () => name);
        const problems: string[] = [];
        if (options.length > 100) problems.push(`${options.length} options`);
        for (const o of options) {
          if (!o.text.text || o.text.text.length > 75) problems.push(`text ${o.text.text.length}`);
          if (!o.value || o.value.length > 150) problems.push(`value ${o.value.length}`);
        }
        if (new Set(options.map((o) => o.value.toLowerCase())).size !== options.length) problems.push('a value twice');
        expect(problems).toEqual([]);
      }),
      { numRuns: RUNS / 10 },
    );
  });
});
