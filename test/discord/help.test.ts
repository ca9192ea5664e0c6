// /claim help on Discord: `command: actor` shows the /actor commands, as on Slack and the console.
import { describe, expect, it } from 'vitest';
import { discordHelp } from '../../src/platforms/discord/help.ts';
import { platformNotes } from '../../src/platforms/index.ts';

describe('Discord /claim help', () => {
  it('command: actor lists the /actor commands, not "not a command"', () => {
    const r = discordHelp('actor');
    const text = [r.title, r.text, ...(r.items ?? []).map((i) => i.text)].join('\n');
    expect(text).not.toContain('is not a command');
    expect(text).toMatch(/\/actor show/);
    expect(text).toMatch(/\/actor add/);
    expect(text).not.toMatch(/\/claim set/);
  });

  it('the full listing says what Discord adds: the card controls, Flag as claim, the add form', () => {
    const shown = JSON.stringify(discordHelp(undefined, undefined, platformNotes()));
    expect(shown).toContain('Apps → Flag as claim');
    expect(shown).toContain('Add source');
    expect(shown).toContain('/claim add with no options opens a form');
  });
});
