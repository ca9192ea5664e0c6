// Issue 12: the core and the commands know no platform by name; a platform tells the core who the user is and
// whether they are an editor, matches its own flag emoji and renders its own status emoji.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { platformNames, platformNamesIn } from './platform-names.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('platform names', () => {
  it('finds identifiers and strings naming a platform, not comments or the global console', () => {
    const src = [
      '// Slack wraps links; Discord caps fields; the console prints',
      "const slackEmoji = ':x:';",
      "if (who.platform === 'discord') return true;",
      'const key = `console:${id}`;',
      "console.info('hello');",
      '/* discordEditorRole */ const plain = 1;',
    ].join('\n');
    expect(platformNames('x.ts', src)).toEqual(['2:slackEmoji', '3:"discord"', '4:"console:"']);
  });

  it('no file in src/core/ or commands/ names a platform', () => {
    expect(platformNamesIn(ROOT, ['src/core', 'commands'])).toEqual([]);
  });
});
