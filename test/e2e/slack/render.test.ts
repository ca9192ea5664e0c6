// Rendering the neutral Reply as Slack Block Kit: escaping, limits, status emoji, fallback text.
import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, LIMITS, mrkdwnLink, renderSlack, SLACK_STATUS_EMOJI, type Block } from '../../../src/platforms/slack/render.ts';
import { toResponse } from '../../../src/platforms/slack/commands.ts';
import { mentionedUsers, slackToPlain } from '../../../src/platforms/slack/markup.ts';
import { isFlagEmoji as isFlag } from '../../../src/platforms/flag-emoji.ts';
import { STATUS_META } from '../../../src/core/statuses.ts';
import type { Reply } from '../../../src/core/reply.ts';

const allText = (blocks: Block[]) => JSON.stringify(blocks);

describe('slack render', () => {
  it('renders a claim card: header with status emoji, status and fields, source links, context line', () => {
    const reply: Reply = {
      kind: 'card',
      title: 'C3 · Border crossings fell 90%',
      status: 'mostly_false',
      text: 'Crossings fell, but not by 90%.',
      fields: [
        { name: 'Claimant', value: 'Stephen Miller' },
        { name: 'Last change', value: 'in review → mostly false' },
      ],
      links: [{ label: 'CBP data', url: 'https://www.cbp.gov/newsroom/stats?a=1&b=2' }],
      footer: 'C3 · changed 2 days ago by Ana',
    };
    const { blocks, text } = renderSlack(reply);
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: `${SLACK_STATUS_EMOJI.mostly_false} C3 · Border crossings fell 90%`, emoji: true } });
    const json = allText(blocks);
    expect(json).toContain('Mostly false');
    expect(json).toContain('*Claimant*\\nStephen Miller');
    expect(json).toContain('<https://www.cbp.gov/newsroom/stats?a=1&amp;b=2|CBP data>');
    expect(blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'C3 · changed 2 days ago by Ana', verbatim: true }] });
    expect(text).toContain('C3 · Border crossings fell 90%');
    expect(text).toContain('Status: Mostly false');
  });

  it('does not show the status twice when the core already gives a Status field', () => {
    const { blocks, text } = renderSlack({ kind: 'card', title: 'Claim C1', status: 'false', fields: [{ name: 'Status', value: '❌ False' }] });
    expect(allText(blocks).match(/\*Status\*/g)).toHaveLength(1);
    expect(text.match(/Status:/g)).toHaveLength(1);
  });

  it('escapes user text so nobody can ping the channel, mention users or inject links', () => {
    const evil = 'Hey <!channel> and <@U123> see <https://evil.example|totally safe> & more, @here';
    const { blocks, text } = renderSlack({ kind: 'card', title: evil, text: evil, fields: [{ name: '<!here>', value: evil }], items: [{ id: 'C1', text: evil }], footer: evil });
    // the header is plain_text, which Slack never parses for mentions or links; every mrkdwn text is escaped
    expect(blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: evil } });
    const json = allText(blocks.slice(1));
    expect(json).not.toMatch(/<!channel>|<!here>|<@U123>|<https:\/\/evil/);
    expect(json).toContain('&lt;!channel&gt;');
    expect(json).toContain('&amp; more');
    expect(text).not.toMatch(/<!channel>|<@U123>/);
    expect(escapeMrkdwn('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
    // plain @channel cannot ping either (word joiner after the @), and Slack is told not to auto-parse
    expect(json).not.toMatch(/@(channel|here|everyone)/);
    expect(escapeMrkdwn('hi @here and @Everyone')).toBe('hi @\u2060here and @\u2060Everyone');
    const mrkdwnObjects = JSON.stringify(blocks).match(/"type":"mrkdwn"/g)!.length;
    expect(JSON.stringify(blocks).match(/"verbatim":true/g)!.length).toBe(mrkdwnObjects);
  });

  it('recognises the flag emoji by name, with colons, skin tones, or as the character Discord uses', () => {
    expect(isFlag('triangular_flag_on_post', 'triangular_flag_on_post')).toBe(true);
    expect(isFlag('triangular_flag_on_post', ':triangular_flag_on_post:')).toBe(true);
    expect(isFlag('triangular_flag_on_post', '🚩')).toBe(true);
    expect(isFlag('raised_hand::skin-tone-3', 'raised_hand')).toBe(true);
    expect(isFlag('thumbsup', 'triangular_flag_on_post')).toBe(false);
    expect(isFlag('eyes', '🚩')).toBe(false);
    expect(isFlag('warning', '⚠️')).toBe(true);
    expect(isFlag('triangular_flag_on_post', 'red_flag')).toBe(true);
  });

  it('turns Slack markup in incoming text into what the reader saw', () => {
    expect(slackToPlain('Crime fell &gt; 20% &amp; more &lt;3')).toBe('Crime fell > 20% & more <3');
    expect(slackToPlain('<@U1|ana> told <@U2> in <#C1|desk>: <!channel> see <https://x.example/a?b=1&amp;c=2|the report> or <https://y.example>', (id) => (id === 'U2' ? 'Bo' : undefined))).toBe(
      '@ana told @Bo in #desk: @channel see the report (https://x.example/a?b=1&c=2) or https://y.example',
    );
    expect(slackToPlain('<@U2>', () => undefined)).toBe('@U2');
    expect(mentionedUsers('<@U1|ana> and <@U2> and <@U2>')).toEqual(['U1', 'U2']);
  });

  it('only links http(s) urls, and a label cannot break out of the link', () => {
    expect(mrkdwnLink({ label: 'x|<!channel>', url: 'https://a.example/p' })).toBe('<https://a.example/p|x/&lt;!channel&gt;>');
    expect(mrkdwnLink({ label: 'js', url: 'javascript:alert(1)' })).toBe('js (javascript:alert(1))');
    expect(mrkdwnLink({ label: 'y', url: 'https://a.example/a>b' })).toBe('<https://a.example/a%3Eb|y>');
  });

  it('errors show the usage; errors and ephemeral replies answer ephemeral, others in the channel', () => {
    const err = toResponse({ kind: 'error', text: 'Unknown status "maybe".', usage: '/claim set <id> <status>', ephemeral: true });
    expect(err.response_type).toBe('ephemeral');
    expect(JSON.stringify(err.blocks)).toContain('```/claim set &lt;id&gt; &lt;status&gt;```');
    expect(String(err.text)).toContain('Usage: /claim set &lt;id&gt; &lt;status&gt;');
    expect(toResponse({ kind: 'text', text: 'help', ephemeral: true }).response_type).toBe('ephemeral');
    expect(toResponse({ kind: 'card', title: 'C1', status: 'false' }).response_type).toBe('in_channel');
  });

  it('keeps within Slack limits: 50 blocks, 10 fields per section, 3000 chars per text, header 150, with "and N more"', () => {
    const items = Array.from({ length: 400 }, (_, i) => ({ id: `C${i + 1}`, text: 'x'.repeat(280), status: 'false' as const }));
    const fields = Array.from({ length: 23 }, (_, i) => ({ name: `f${i}`, value: 'v'.repeat(3000) }));
    const { blocks, text } = renderSlack({ kind: 'list', title: 'T'.repeat(400), text: 'y'.repeat(10_000), fields, items, more: 7, footer: 'page 1' });
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    for (const b of blocks) {
      const t = (b.text as { text: string } | undefined)?.text ?? '';
      if (b.type === 'header') expect(t.length).toBeLessThanOrEqual(LIMITS.header);
      else expect(t.length).toBeLessThanOrEqual(LIMITS.sectionText);
      const f = b.fields as { text: string }[] | undefined;
      if (f) {
        expect(f.length).toBeLessThanOrEqual(LIMITS.fields);
        for (const x of f) expect(x.text.length).toBeLessThanOrEqual(LIMITS.fieldText);
      }
    }
    const more = blocks.find((b) => b.type === 'context' && JSON.stringify(b).includes('more'));
    const n = Number(/and (\d+) more/.exec(JSON.stringify(more))?.[1]);
    expect(n).toBeGreaterThan(7); // the 7 the core left out plus what did not fit
    const shownItems = (JSON.stringify(blocks).match(/\*C\d+\*/g) ?? []).length;
    expect(shownItems + n).toBe(407);
    expect(blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'page 1', verbatim: true }] });
    expect(text.length).toBeLessThanOrEqual(LIMITS.fallback);
  });

  it('never sends an empty message (Slack refuses empty blocks and text)', () => {
    const { blocks, text } = renderSlack({ kind: 'text' });
    expect(blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: '…', verbatim: true } }]);
    expect(text).toBe('…');
  });

  it('a short list shows each item with its status emoji and the core\'s "and N more"', () => {
    const { blocks, text } = renderSlack({ kind: 'list', title: 'Claims', items: [{ id: 'C1', text: 'one', status: 'true' }, { id: 'C2', text: 'two' }], more: 3 });
    const json = allText(blocks);
    expect(json).toContain(`• ${SLACK_STATUS_EMOJI.true} *C1* one _(True)_`);
    expect(json).toContain('• *C2* two');
    expect(json).toContain('…and 3 more');
    expect(text).toContain('C1 one (True)');
    expect(text).toContain('…and 3 more');
  });

  // found by the property tests (test/property/slack.test.ts)
  it('a source with a very long label is still one whole link, never a cut <url|… left as raw markup', () => {
    const label = 'x'.repeat(5000);
    const { blocks } = renderSlack({ kind: 'card', links: [{ label, url: 'https://x.example/a' }] });
    const section = blocks.map((b) => (b.text as { text?: string } | undefined)?.text ?? '').find((t) => t.includes('Links'))!;
    expect(section).toMatch(/^\*Links\*\n• <https:\/\/x\.example\/a\|x+…>$/);
    const huge = renderSlack({ kind: 'card', links: [{ label: 'ok', url: `https://x.example/${'a'.repeat(4000)}` }] });
    const text = JSON.stringify(huge.blocks);
    expect(text).not.toContain('<https://x.example/aaa'); // too long to be a link: shown as text
    expect(text).toContain('https://x.example/aaa');
  });

  it('a source without a label is labelled with its url, whose | cannot split the link either', () => {
    expect(mrkdwnLink({ label: '', url: 'https://x.example/<http://x|y>' })).toBe('<https://x.example/%3Chttp://x%7Cy%3E|https://x.example/&lt;http://x/y&gt;>');
  });

  it('a cut that ends a text right after "@channel" still leaves no bare @channel', () => {
    const { text } = renderSlack({ kind: 'text', text: `${'x'.repeat(2991)}@channelmassacre` });
    expect(text.length).toBeLessThanOrEqual(LIMITS.fallback);
    expect(text).not.toMatch(/@channel\b/);
    expect(escapeMrkdwn('@channelmassacre @HERE')).toBe('@\u2060channelmassacre @\u2060HERE');
  });

  it('a card with actions ends with a status select (its status marked), Add source and History, carrying C12:7, before the footer', () => {
    const { blocks } = renderSlack({ kind: 'card', title: 'Claim C12', status: 'misleading', footer: 'C12 · updated', actions: { claimId: 'C12', version: 7, status: 'misleading' } });
    const [actions, footer] = blocks.slice(-2);
    expect(footer).toMatchObject({ type: 'context' });
    expect(actions).toMatchObject({ type: 'actions', block_id: 'claim:C12:7' });
    const [select, source, history] = (actions as { elements: Block[] }).elements;
    expect(select).toMatchObject({ type: 'static_select', action_id: 'claim_status', initial_option: { value: 'misleading', text: { text: 'Misleading' } } });
    expect((select!.options as unknown[]).length).toBe(Object.keys(STATUS_META).length);
    expect(source).toMatchObject({ type: 'button', action_id: 'claim_source', text: { text: 'Add source' }, value: 'C12:7' });
    expect(history).toMatchObject({ type: 'button', action_id: 'claim_history', text: { text: 'History' }, value: 'C12:7' });
    expect(renderSlack({ kind: 'card', title: 'x' }).blocks.some((b) => b.type === 'actions')).toBe(false);
  });
});
