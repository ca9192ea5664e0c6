// The slash-command definitions Discord would accept (names, lengths, option order), derived from COMMANDS;
// and which reactions count as the flag.
import { describe, expect, it } from 'vitest';
import { buildSlashCommands, findDef } from '../../src/platforms/discord/commands.ts';
import { isFlagEmoji, messageLink } from '../../src/platforms/discord/reactions.ts';
import { COMMANDS } from '../../commands/index.ts';
import type { CommandDef } from '../../commands/types.ts';

const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

describe('Discord slash commands', () => {
  const cmds = buildSlashCommands() as any[];

  it('gives every command file a subcommand, with every option of the definition', () => {
    for (const def of COMMANDS) {
      const sub = cmds.find((c) => c.name === def.group).options.find((s: any) => s.name === def.name);
      expect(sub, `${def.group} ${def.name}`).toBeTruthy();
      expect(sub.options.map((o: any) => o.name).sort()).toEqual(def.options.map((o) => o.name).sort());
    }
  });

  it('keeps within what Discord accepts: names, description lengths, required options first, 25 at most', () => {
    for (const c of cmds) {
      expect(c.name).toMatch(NAME);
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(100);
      expect(c.options.length).toBeLessThanOrEqual(25);
      for (const s of c.options) {
        expect(s.name).toMatch(NAME);
        expect(s.description.length).toBeLessThanOrEqual(100);
        expect(s.options.length).toBeLessThanOrEqual(25);
        const required = s.options.map((o: any) => o.required);
        expect(required).toEqual([...required].sort((a: boolean, b: boolean) => Number(b) - Number(a)));
        for (const o of s.options) {
          expect(o.name).toMatch(NAME);
          expect(o.name).toBe(o.name.toLowerCase());
          expect(o.description.length).toBeGreaterThan(0);
          expect(o.description.length).toBeLessThanOrEqual(100);
          expect(o.choices?.length ?? 0).toBeLessThanOrEqual(25);
          expect(o.choices && o.autocomplete).toBeFalsy();
        }
      }
    }
  });

  it('puts required options first even when a definition lists them later', () => {
    const def: CommandDef = {
      group: 'claim', name: 'demo', description: 'x'.repeat(150), usage: '', examples: [],
      options: [
        { name: 'note', description: 'n', kind: 'text' },
        { name: 'claim', description: 'c', kind: 'claim', required: true },
      ],
      handler: async () => ({ kind: 'text', text: '' }),
    };
    const [cmd] = buildSlashCommands([def]) as any[];
    expect(cmd.options[0].options.map((o: any) => o.name)).toEqual(['claim', 'note']);
    expect(cmd.options[0].description.length).toBe(100);
    expect(findDef('claim', 'demo', [def])).toBe(def);
  });
});

describe('flag emoji and message links', () => {
  it('matches unicode, Slack-style names and custom emoji', () => {
    expect(isFlagEmoji({ id: null, name: '🚩' }, '🚩')).toBe(true);
    expect(isFlagEmoji({ id: null, name: '🚩' }, 'triangular_flag_on_post')).toBe(true);
    expect(isFlagEmoji({ id: null, name: '🚩' }, ':triangular_flag_on_post:')).toBe(true);
    expect(isFlagEmoji({ id: '42', name: 'factcheck' }, '<:factcheck:42>')).toBe(true);
    expect(isFlagEmoji({ id: null, name: '👍' }, '🚩')).toBe(false);
    expect(isFlagEmoji({ id: '43', name: 'other' }, '<:factcheck:42>')).toBe(false);
    // the same table on Discord: a Slack name configured, the character reported
    expect(isFlagEmoji({ id: null, name: '⚠️' }, 'warning')).toBe(true);
    expect(isFlagEmoji({ id: null, name: '👀' }, ':eyes:')).toBe(true);
  });

  it('links to the message on discord.com', () => {
    expect(messageLink('1', '2', '3')).toBe('https://discord.com/channels/1/2/3');
  });
});
