import { describe, expect, it } from 'vitest';
import { COMMANDS, findCommand } from '../../commands/index.ts';
import { parseArgs, pickCommand, validateInput } from '../../commands/parse.ts';
import type { Input } from '../../commands/types.ts';

const def = (g: 'claim' | 'actor', n: string) => findCommand(g, n)!;
const parse = (g: 'claim' | 'actor', n: string, text: string): Input => validateInput(def(g, n), parseArgs(def(g, n), text));

describe('pickCommand', () => {
  it('the first word is the subcommand, case-insensitive', () => {
    const r = pickCommand(COMMANDS, 'claim', 'SET C1 false');
    expect('def' in r && [r.def.name, r.rest]).toEqual(['set', 'C1 false']);
  });
  it('the default subcommand takes the whole text', () => {
    const r = pickCommand(COMMANDS, 'actor', 'Stephen Miller');
    expect('def' in r && [r.def.name, r.rest]).toEqual(['show', 'Stephen Miller']);
  });
  it('an unknown subcommand names itself and the choices', () => {
    const r = pickCommand(COMMANDS, 'claim', 'frobnicate C1');
    expect('error' in r && r.error).toMatch(/"frobnicate" is not a \/claim command\. Choose one of: status, add, set/);
  });
});

describe('parseArgs', () => {
  it('positional text then name: value options', () => {
    expect(parse('claim', 'add', 'Crime fell 20% by: Jane Mayor about: City Police tags: crime, stats')).toEqual({
      text: 'Crime fell 20%',
      by: 'Jane Mayor',
      about: 'City Police',
      tags: 'crime, stats',
    });
  });

  it('option markers are case-insensitive and may come in any order', () => {
    expect(parse('claim', 'add', 'X happened TAGS: a BY: Someone')).toMatchObject({ text: 'X happened', by: 'Someone', tags: 'a' });
  });

  it('only the command’s own option names are markers', () => {
    expect(parse('claim', 'add', 'The note: taxes rise status: high by: Mayor')).toEqual({ text: 'The note: taxes rise status: high', by: 'Mayor' });
  });

  it('drops straight and curly quotes around values', () => {
    expect(parse('claim', 'add', '“Taxes doubled” by: "Sen. Smith"')).toMatchObject({ text: 'Taxes doubled', by: 'Sen. Smith' });
    expect(parse('claim', 'set', 'C1 "mostly false" note: ‘checked’')).toEqual({ claim: 'C1', status: 'mostly_false', note: 'checked' });
  });

  it('keeps quotes inside the text', () => {
    expect(parse('claim', 'add', 'Alex Pretti sought to "massacre" agents by: Stephen Miller').text).toBe('Alex Pretti sought to "massacre" agents');
  });

  it('a marker inside a quoted value is text', () => {
    expect(parse('claim', 'add', '"He said by: noon it ends" by: Mayor')).toMatchObject({ text: 'He said by: noon it ends', by: 'Mayor' });
  });

  it('one-word positionals, then the rest', () => {
    expect(parse('claim', 'set', 'c12 Mostly False')).toEqual({ claim: 'c12', status: 'mostly_false' });
    expect(parse('claim', 'source', 'C3 https://example.com/a note: the report')).toEqual({
      claim: 'C3',
      url: 'https://example.com/a',
      note: 'the report',
    });
  });

  it('positionals may also be given by name', () => {
    expect(parse('claim', 'set', 'claim: C4 status: in review')).toEqual({ claim: 'C4', status: 'in_review' });
  });

  it('collapses whitespace and newlines', () => {
    expect(parse('claim', 'add', '  Line one\n line   two \n by:\tMe ')).toMatchObject({ text: 'Line one line two', by: 'Me' });
  });

  it('refuses an option given twice', () => {
    expect(() => parseArgs(def('claim', 'add'), 'x by: A by: B')).toThrow('The option by: is given twice.');
  });

  it('refuses leftover text after one-word positionals', () => {
    expect(() => parseArgs(def('claim', 'source'), 'C3 https://a.example/x some words')).toThrow('Unexpected text "some words"');
  });

  it('refuses absurdly long input cheaply', () => {
    expect(() => parseArgs(def('claim', 'add'), 'x'.repeat(20_000))).toThrow('too long');
  });
});

describe('validateInput', () => {
  it('names the missing required option', () => {
    expect(() => parse('claim', 'add', 'Crime fell')).toThrow('Missing by: who made the claim');
    expect(() => parse('claim', 'add', 'by: Someone')).toThrow('Missing <text>');
    expect(() => parse('claim', 'set', 'C1')).toThrow('Missing <status>');
  });

  it('names an unknown status and lists the vocabulary', () => {
    expect(() => parse('claim', 'set', 'C1 kinda true')).toThrow('"kinda true" is not a status. Statuses: unverified, in review');
  });

  it('names a bad url', () => {
    expect(() => parse('claim', 'source', 'C1 javascript:alert(1)')).toThrow('not a valid url');
    expect(() => parse('claim', 'add', 'x by: y source: www.example.com')).toThrow('not a valid source url');
  });

  it('treats empty structured values (Discord) as absent', () => {
    expect(validateInput(def('claim', 'set'), { claim: 'C1', status: 'false', note: '' })).toEqual({ claim: 'C1', status: 'false' });
  });

  it('refuses a written option with nothing after it instead of dropping it silently', () => {
    expect(() => parse('claim', 'set', 'C1 false note: ')).toThrow('Nothing follows note:');
    expect(() => parse('claim', 'add', 'Crime fell by: Mayor tags:')).toThrow('Give a value or leave tags: out.');
    expect(() => parse('claim', 'add', 'Crime fell by: Mayor about: "" tags: a')).toThrow('Nothing follows about:');
    expect(() => parse('claim', 'add', 'Crime fell by:')).toThrow('Missing by: who made the claim');
    expect(() => parse('claim', 'watch', 'all status: ,')).toThrow('Nothing follows status:');
  });
});
