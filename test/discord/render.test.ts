// Discord rendering: embeds with status colour and links, escaping, and Discord's limits. The fake's own
// limit checker (the same rules the real API enforces) judges every rendered message.
import { describe, expect, it } from 'vitest';
import { renderReply, escapeText, cut } from '../../src/platforms/discord/render.ts';
import { STATUS_META } from '../../src/core/statuses.ts';
import { messageProblems } from '../fakes/discord/limits.ts';
import type { Reply } from '../../src/core/reply.ts';
import { liveMaskedLinks } from './markdown.ts';

describe('Discord rendering', () => {
  it('renders a claim card as an embed with status colour, emoji, fields, source links and footer', () => {
    const reply: Reply = {
      kind: 'card',
      title: 'C3 · Crime in DC is down 90%',
      text: 'Claimed by Stephen Miller',
      status: 'mostly_false',
      fields: [{ name: 'Status', value: 'Mostly false', inline: true }, { name: 'About', value: 'Washington, DC' }],
      links: [{ label: 'CNN', url: 'https://www.cnn.com/2025/08/12/politics/dc-crime' }],
      footer: 'Last change 2026-11-20 by Ana',
    };
    const msg = renderReply(reply);
    const e = msg.embeds[0];
    expect(e.color).toBe(STATUS_META.mostly_false.color);
    expect(e.title).toBe(`${STATUS_META.mostly_false.emoji} C3 · Crime in DC is down 90%`);
    expect(e.description).toBe('Claimed by Stephen Miller');
    expect(e.fields).toContainEqual({ name: 'Status', value: 'Mostly false', inline: true });
    expect(e.fields).toContainEqual({ name: 'Link', value: '[CNN](https://www.cnn.com/2025/08/12/politics/dc-crime)' });
    expect(e.footer?.text).toBe('Last change 2026-11-20 by Ana');
    expect(msg.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(msg.flags).toBeUndefined();
    expect(messageProblems(msg)).toEqual([]);
  });

  it('escapes user text so markdown and mentions show as written', () => {
    const msg = renderReply({ kind: 'card', title: '**Big** claim', text: '@everyone look: _this_ is `code` > quoted\n# not a heading' });
    const e = msg.embeds[0];
    expect(e.title).toBe('\\*\\*Big\\*\\* claim');
    expect(e.description).not.toContain('@everyone');
    expect(e.description).toContain('\\_this\\_');
    expect(e.description).toContain('\\`code\\`');
    expect(e.description).toContain('\\# not a heading');
    expect(escapeText('> quote')).toBe('\\> quote');
  });

  it('links only http(s) sources and escapes link labels', () => {
    const msg = renderReply({
      kind: 'card',
      title: 'C1',
      links: [{ label: 'a [tricky] label', url: 'https://example.org/a_(b)' }, { label: 'bad', url: 'javascript:alert(1)' }],
    });
    const value = msg.embeds[0].fields!.find((f) => f.name === 'Links')!.value;
    // inside a link's label Discord honours no \\[ escape: brackets become look-alikes that cannot end the label
    expect(value).toContain('[a ［tricky］ label](https://example.org/a_%28b%29)');
    expect(value).not.toContain('](javascript:');
  });

  it('cuts a long list to the description limit and says how many more there are', () => {
    const items = Array.from({ length: 300 }, (_, i) => ({ id: `C${i + 1}`, text: `claim number ${i + 1} `.repeat(4), status: 'false' as const }));
    const msg = renderReply({ kind: 'list', title: 'Claims', items, more: 50 });
    const d = msg.embeds[0].description!;
    expect(d.length).toBeLessThanOrEqual(4096);
    const shown = d.split('\n').filter((l) => l.includes('**C')).length;
    expect(shown).toBeGreaterThan(10);
    expect(d.endsWith(`…and ${300 + 50 - shown} more`)).toBe(true);
    expect(messageProblems(msg)).toEqual([]);
  });

  it('keeps 25 fields at most, each within its limits, and 6,000 characters in total', () => {
    const fields = Array.from({ length: 40 }, (_, i) => ({ name: `field ${i} `.repeat(40), value: 'v'.repeat(3000) }));
    const msg = renderReply({ kind: 'card', title: 't'.repeat(400), text: 'x'.repeat(5000), fields, footer: 'f'.repeat(3000) });
    const e = msg.embeds[0];
    expect(e.fields!.length).toBeLessThanOrEqual(25);
    expect(e.title!.length).toBeLessThanOrEqual(256);
    expect(messageProblems(msg)).toEqual([]);
  });

  it('renders errors with usage, ephemeral only for interactions', () => {
    const reply: Reply = { kind: 'error', text: 'Unknown status "maybe".', usage: '/claim set <id> <status> [note: <text>]', ephemeral: true };
    const forUser = renderReply(reply, { interaction: true });
    expect(forUser.flags).toBe(64);
    expect(forUser.content).toContain('Unknown status "maybe".');
    expect(forUser.content).toContain('```\n/claim set <id> <status> [note: <text>]\n```');
    expect(renderReply(reply).flags).toBeUndefined();
  });

  it('sends plain answers as content, cut to 2,000 characters', () => {
    expect(renderReply({ kind: 'text', text: 'Watching all in this channel.' }).content).toBe('Watching all in this channel.');
    const long = renderReply({ kind: 'text', text: 'word '.repeat(1000), footer: 'page 1' });
    expect(long.content.length).toBeLessThanOrEqual(2000);
    expect(long.content.endsWith('-# page 1')).toBe(true);
    expect(messageProblems(long)).toEqual([]);
  });

  it('never cuts in the middle of an emoji or leaves an escaping backslash dangling', () => {
    expect(cut('ab😀cd', 4)).toBe('ab…');
    expect(cut('abc\\*def', 5)).toBe('abc…');
  });

  it('neutralises every masked link in user text, not only the first', () => {
    const hostile = '[a](https://x.example) [https://good.example](https://evil.example)';
    expect(liveMaskedLinks(hostile)).toHaveLength(2); // the model sees both as live
    expect(liveMaskedLinks(escapeText(hostile))).toEqual([]);
    expect(liveMaskedLinks(escapeText('x [1](https://a) y [2](https://b) z [3](<https://c>)'))).toEqual([]);
    expect(liveMaskedLinks(escapeText('[nested [b](https://in)](https://out)'))).toEqual([]);
    expect(liveMaskedLinks(escapeText('\\[a](https://after-a-backslash)'))).toEqual([]);
  });

  it('no masked link in user text stays live in any part of any message', () => {
    const hostile = 'see [https://good.example](https://evil.example) and [b](https://x.example)';
    const card = renderReply({
      kind: 'card',
      title: hostile,
      text: hostile,
      fields: [{ name: hostile, value: hostile }],
      items: [{ id: 'C1', text: hostile }],
      links: [{ label: hostile, url: 'https://real.example/source' }],
      footer: hostile,
    });
    const e = card.embeds[0];
    for (const md of [e.title!, e.description!, ...e.fields!.flatMap((f) => [f.name, f.value])]) {
      for (const l of liveMaskedLinks(md)) expect(l.url).toBe('https://real.example/source'); // only the bot's own source link
    }
    expect(e.fields!.flatMap((f) => liveMaskedLinks(f.value))).toHaveLength(1);
    const plain = renderReply({ kind: 'text', text: hostile, footer: hostile });
    expect(liveMaskedLinks(plain.content)).toEqual([]);
    const error = renderReply({ kind: 'error', title: hostile, text: hostile, usage: '/claim status <query>' });
    expect(liveMaskedLinks(error.content)).toEqual([]);
  });

  // found by the property tests (test/property/discord.test.ts)
  it('a field whose name or value is only control characters still has a name and a value (Discord refuses empty ones)', () => {
    const msg = renderReply({ kind: 'card', fields: [{ name: '\u0007', value: '\u0000' }, { name: 'ok', value: '\u001b' }, { name: '\u0000', value: 'v' }] });
    expect(messageProblems(msg)).toEqual([]);
    expect(msg.embeds[0].fields).toEqual([
      { name: 'ok', value: '—' },
      { name: '\u200b', value: 'v' },
    ]); // a field of nothing at all is dropped
  });

  it('a footer quoting @everyone or @here shows them without a live mention', () => {
    const msg = renderReply({ kind: 'card', title: 'C1', footer: 'changed by @everyone and @here' });
    expect(msg.embeds[0].footer?.text).toBe('changed by @\u200beveryone and @\u200bhere');
  });

  it('a source label with stray brackets, or a url with a backslash, cannot bend the link to another address', () => {
    const msg = renderReply({ kind: 'card', title: 'C1', links: [{ label: '](', url: 'http://a.example' }, { label: 'b', url: 'https://b.example/x\\' }] });
    const value = msg.embeds[0].fields!.find((f) => f.name === 'Links')!.value;
    expect(liveMaskedLinks(value).map((l) => l.url)).toEqual(['http://a.example', 'https://b.example/x%5C']);
  });

  it('an error with a very long usage still fits the 2,000 characters of a message', () => {
    const msg = renderReply({ kind: 'error', text: 'Bad input.', usage: 'x'.repeat(3000) }, { interaction: true });
    expect(messageProblems(msg)).toEqual([]);
    expect(msg.content).toMatch(/^⚠️ Bad input\.\n\*\*Usage\*\*\n```\nx+…\n```$/);
  });
});
