// escapeText on long lines: discord.js's escapeMarkdown looked behind every `_` and `*` back to the start of
// its line (quadratic: 2,000 underscores 33 ms, 20,000 about 8 s). The bound below is some hundred times what
// a linear escaper needs, and far below what a quadratic one takes on these inputs.
import { describe, expect, it } from 'vitest';
import { escapeText } from '../../src/platforms/discord/render.ts';

const shown = (md: string) => md.replace(/\\([^0-9A-Za-z\s])/g, '$1').replace(/@\u200b/g, '@');

describe('escapeText on long lines', () => {
  for (const [name, line] of [
    ['underscores', 'a_'.repeat(20_000)],
    ['asterisks', 'b*'.repeat(20_000)],
    ['double underscores in a url', `https://x.example/${'__'.repeat(20_000)} then _x_`],
    ['emoji openers', '<:a_b:1> _'.repeat(4_000)],
  ] as const) {
    it(`escapes 40,000 characters of ${name} on one line well within a second, showing the same text`, () => {
      const start = performance.now();
      const md = escapeText(line);
      expect(performance.now() - start).toBeLessThan(1000);
      expect(shown(md)).toBe(line);
    }, 120_000);
  }

  it('still escapes what would format, and leaves urls and custom emoji working', () => {
    expect(escapeText('snake_case and *bold* and __under__')).toBe('snake\\_case and \\*bold\\* and \\_\\_under\\_\\_');
    expect(escapeText('see https://x.example/a_b*c now_')).toBe('see https://x.example/a_b*c now\\_');
    expect(escapeText('<:party_parrot:123> ok')).toBe('<:party_parrot:123> ok');
  });
});
