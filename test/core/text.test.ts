import fc from 'fast-check';
import { caseFold } from 'unicode-case-folding';
import { describe, expect, it } from 'vitest';
import { clean, cleanClaimText, cleanName, cleanNote, cleanTags, cleanUrl, nameKey, stripQuotes } from '../../src/core/text.ts';

describe('clean', () => {
  it('trims, collapses whitespace and removes control characters', () => {
    expect(clean('  a\t\tb \n c\u0000d\u0007 ')).toBe('a b cd');
  });
  it('removes bidi overrides that could disguise text', () => {
    expect(clean('abc\u202Egnp.exe')).toBe('abcgnp.exe');
  });
  it('replaces lone surrogates', () => {
    expect(clean('x\uD800y')).toBe('x\uFFFDy');
  });
  it('keeps emoji sequences with joiners', () => {
    expect(clean('👩‍⚕️ nurse')).toBe('👩‍⚕️ nurse');
  });
});

describe('length limits', () => {
  it('claim text: at most 2,000 characters, with a clear error', () => {
    expect(cleanClaimText('x'.repeat(2000))).toHaveLength(2000);
    expect(() => cleanClaimText('x'.repeat(2001))).toThrow('The claim text is too long (2,001 characters; at most 2,000).');
    expect(() => cleanClaimText('   ')).toThrow('empty');
  });
  it('counts characters, not UTF-16 units', () => {
    expect(cleanClaimText('😀'.repeat(2000))).toHaveLength(4000);
  });
  it('names ≤ 200, notes ≤ 1,000', () => {
    expect(() => cleanName('n'.repeat(201))).toThrow('at most 200');
    expect(() => cleanNote('n'.repeat(1001))).toThrow('at most 1,000');
    expect(cleanNote(undefined)).toBe('');
  });
});

describe('cleanUrl', () => {
  it('accepts http and https', () => {
    expect(cleanUrl('https://www.cnn.com/2026/x')).toBe('https://www.cnn.com/2026/x');
    expect(cleanUrl('http://example.com')).toBe('http://example.com/');
  });
  it('unwraps Slack links', () => {
    expect(cleanUrl('<https://example.com/a|example.com/a>')).toBe('https://example.com/a');
  });
  it.each(['javascript:alert(1)', 'ftp://example.com/x', 'example.com', 'not a url', 'file:///etc/passwd'])('refuses %s', (u) => {
    expect(() => cleanUrl(u)).toThrow(/not a valid url/);
  });
});

describe('lists and quotes', () => {
  it('tags: lower-case, deduplicated, spaces become hyphens', () => {
    expect(cleanTags('Crime, crime, Immigration Policy,, #vote')).toEqual(['crime', 'immigration-policy', 'vote']);
  });
  it('drops one pair of straight or curly quotes around the whole value', () => {
    expect(stripQuotes('"hello"')).toBe('hello');
    expect(stripQuotes('“hello”')).toBe('hello');
    expect(stripQuotes('‘hello’')).toBe('hello');
    expect(stripQuotes('„hallo“')).toBe('hallo');
    expect(stripQuotes("'hi'")).toBe('hi');
  });
  it('keeps quotes that are part of the text', () => {
    expect(stripQuotes('"a" and "b"')).toBe('"a" and "b"');
    expect(stripQuotes('he said "massacre"')).toBe('he said "massacre"');
    expect(stripQuotes('"')).toBe('"');
  });
});

describe('nameKey', () => {
  // NFKC, full case folding, NFKC again: what every name of the ledger is matched by (the actors' index)
  const full = (s: string) => caseFold(clean(s).normalize('NFKC')).normalize('NFKC');

  it('gives what NFKC and full case folding give, for printable ASCII (its shortcut) and for any text', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...' \t\nAZaz09.-_\'"~Mrs'.split('')), maxLength: 40 }), (s) => nameKey(s) === full(s)), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => nameKey(s) === full(s)), { numRuns: 2000 });
    for (const s of ['Jane SMITH', '  Rep.  Speaker0 ', 'Straße', 'ΟΔΥΣΣΕΥΣ', 'ＡＢＣ', 'José', 'x\u0000y', 'İstanbul', 'K\u212a', 'a\u00a0b']) {
      expect(nameKey(s), s).toBe(full(s));
    }
    expect(nameKey('Jane SMITH')).toBe('jane smith');
  });
});
