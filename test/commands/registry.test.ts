// The definitions are what help, the text parser and the Discord registration are derived from: keep them sound.
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.ts';

const EVENTS = new Set(['watch', 'unwatch', 'digest']);

describe('command registry', () => {
  it('has every command of the spec, once', () => {
    const names = COMMANDS.map((d) => `${d.group} ${d.name}`);
    expect(names.sort()).toEqual(
      ['claim status', 'claim add', 'claim set', 'claim source', 'claim history', 'claim list', 'claim watch', 'claim unwatch', 'claim digest', 'claim help', 'actor show', 'actor add'].sort(),
    );
    expect(COMMANDS.filter((d) => d.isDefault).map((d) => `${d.group} ${d.name}`)).toEqual(['actor show']);
  });

  it('uses the option names of the spec', () => {
    const opts = (g: string, n: string) => COMMANDS.find((d) => d.group === g && d.name === n)!.options.map((o) => o.name);
    expect(opts('claim', 'status')).toEqual(['query']);
    expect(opts('claim', 'add')).toEqual(['text', 'by', 'about', 'source', 'tags']);
    expect(opts('claim', 'set')).toEqual(['claim', 'status', 'note', 'internal', 'source']); // internal: issue 15
    expect(opts('claim', 'source')).toEqual(['claim', 'url', 'note']);
    expect(opts('claim', 'history')).toEqual(['claim']);
    expect(opts('claim', 'list')).toEqual(['status', 'by', 'page']);
    expect(opts('actor', 'show')).toEqual(['name']);
    expect(opts('actor', 'add')).toEqual(['name', 'role', 'aliases']);
  });

  it.each(COMMANDS.map((d) => [`${d.group} ${d.name}`, d] as const))('%s is valid for Discord and consistent with its usage', (_n, d) => {
    expect(d.name).toMatch(/^[a-z0-9_-]{1,32}$/);
    expect(d.description.length).toBeGreaterThan(0);
    expect(d.description.length).toBeLessThanOrEqual(100);
    expect(d.usage.startsWith(`/${d.group}`)).toBe(true);
    const seen = new Set<string>();
    let optionalSeen = false;
    for (const o of d.options) {
      expect(o.name).toMatch(/^[a-z0-9_-]{1,32}$/);
      expect(seen.has(o.name)).toBe(false);
      seen.add(o.name);
      expect(o.description.length).toBeGreaterThan(0);
      expect(o.description.length).toBeLessThanOrEqual(100);
      // Discord refuses required options after optional ones
      if (o.required) expect(optionalSeen).toBe(false);
      else optionalSeen = true;
      // (watch/unwatch/digest belong to the events work; their usage text is checked there)
      if (!o.positional && !EVENTS.has(d.name)) expect(d.usage).toContain(`${o.name}:`);
    }
  });
});
